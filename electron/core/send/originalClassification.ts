// The secrecy class of the message a reply or forward answers (issue 5 §4: lowering it needs a written
// reason). Found by its Message-ID (In-Reply-To, else the last of References) among stored messages, from
// the X-Raksa-Classification header of the cached source or the subject marking, the stronger counting.
import { strongerClassification } from '../../../shared/domain/classificationOrder.js';
import type { Classification } from '../../../shared/policy/types.js';
import { headerBlock, unfoldedFields } from '../mime/headerFields.js';
import { readMarkings, type HeaderLike } from '../mime/readMarkings.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { normalizeMessageId } from '../sync/threadKeys.js';

const MAX_HEADER_BYTES = 256 * 1024;

/** The header fields of a raw message (unfolded), enough for readMarkings. */
export function headerFields(raw: Uint8Array): HeaderLike[] {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, MAX_HEADER_BYTES)).toString('utf8');
  return unfoldedFields(headerBlock(head));
}

interface OriginalRow {
  subject: string;
  source: Buffer | null;
}

const ORIGINAL_COLUMNS = 'm.subject AS subject, s.source AS source';

/**
 * The original among the rows of its thread: thread_msgids holds every synced message's own Message-ID
 * (sqliteSyncWriter.ts), and the thread's rows are read through messages_thread, so no index of messages by
 * Message-ID is needed (migration 0012). Exported for the test of its query plan.
 */
export const ORIGINAL_IN_THREAD_SQL = `SELECT ${ORIGINAL_COLUMNS} FROM thread_msgids t
   JOIN messages m ON m.thread_id = t.thread_id
   LEFT JOIN message_sources s ON s.message_id = m.id
  WHERE t.account_id IN (SELECT id FROM accounts) AND t.msgid = ? AND m.message_id = ? LIMIT 10`;

export class OriginalClassificationLookup {
  private readonly s: ReturnType<typeof prepare>;

  constructor(db: SqliteDatabase) {
    this.s = prepare(db);
  }

  /** null when no original is named or it is not in the store (nothing to compare against). */
  find(inReplyTo: string | undefined, references: readonly string[]): Classification | null {
    const parent = inReplyTo ?? references.at(-1);
    if (!parent) return null;
    const key = normalizeMessageId(parent);
    let rows = key === null ? [] : this.s.inThread.all(key, parent);
    // Rows stored without threading (none the app's sync writes, but the portable writer's) are still found,
    // by a scan: only when the thread lookup found nothing, i.e. rarely, and once per send.
    if (rows.length === 0) rows = this.s.scan.all(parent);
    if (rows.length === 0) return null;
    let found: Classification = 'none';
    for (const r of rows) {
      const marks = readMarkings(r.source ? headerFields(r.source) : [], r.subject);
      if (marks) found = strongerClassification(found, marks.classification);
    }
    return found;
  }
}

// Copies of one message (another folder, another account) all count: the strongest marking wins.
const prepare = (db: SqliteDatabase) => ({
  inThread: db.prepare<[key: string, parent: string], OriginalRow>(ORIGINAL_IN_THREAD_SQL),
  scan: db.prepare<[parent: string], OriginalRow>(
    `SELECT ${ORIGINAL_COLUMNS} FROM messages m LEFT JOIN message_sources s ON s.message_id = m.id
      WHERE m.message_id = ? LIMIT 10`,
  ),
});
