// `messages.thread`: every message of a conversation (migration 0006), across the account's folders, oldest
// first. A message that sync has not threaded (thread_id NULL: written by the portable writer) is its own
// conversation.
import { CodedError } from '../../../shared/contract/result.js';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import type { SqliteDatabase } from './openDatabase.js';
import { toMessageSummary, type MessageRow } from './rows.js';

const COLUMNS = `m.id, f.account_id, m.folder_id, m.uid, m.message_id, m.date, m.from_name, m.from_addr,
  m.subject, m.seen, m.flagged, m.size, m.has_attachments, m.cached`;

/** A conversation is capped so one pathological thread (a mailing-list digest) cannot flood the UI. */
export const THREAD_LIMIT = 500;

export class ThreadQuery {
  private readonly one;
  private readonly thread;

  constructor(db: SqliteDatabase) {
    this.one = db.prepare<[number], MessageRow & { thread_id: number | null }>(
      `SELECT ${COLUMNS}, m.thread_id FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?`,
    );
    this.thread = db.prepare<[number, number, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
       WHERE m.thread_id = ? AND f.account_id = ? ORDER BY m.date, m.id LIMIT ?`,
    );
  }

  listThread(messageId: number): MessageSummary[] {
    const row = this.one.get(messageId);
    if (!row) throw new CodedError('NOT_FOUND', `No message ${messageId}.`);
    if (row.thread_id === null) return [toMessageSummary(row)];
    return this.thread.all(row.thread_id, row.account_id, THREAD_LIMIT).map(toMessageSummary);
  }
}
