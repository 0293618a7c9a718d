// The sync write path over the encrypted SQLite database (issue 4 §2, §3): prepared once, one transaction per
// call. Headers are upserted keyed on (folder, uid), so a batch fetched again after a dropped connection
// changes nothing; new rows are threaded (migration 0006) in the same transaction; flag-only changes touch
// three columns instead of rewriting the header; the checkpoint is written last, inside the same transaction.
import { cacheTransaction } from './cacheTransaction.js';
import type { FolderSyncState } from './mailStore.js';
import type { SqliteDatabase } from './openDatabase.js';
import { flagKey, type FlagUpdate, type HeaderBatch, type HeaderWriter, type SyncHeader } from '../sync/headerWriter.js';
import { normalizeMessageId, subjectKey } from '../sync/threadKeys.js';

/** Replies found by subject only must be this close in time to what they join (the fallback is a guess). */
export const SUBJECT_WINDOW_MS = 7 * 24 * 3600 * 1000;

const UINT32_MAX = 4294967295n;

const hasFlag = (flags: readonly string[], flag: string): number =>
  flags.some((f) => f.toLowerCase() === flag.toLowerCase()) ? 1 : 0;

const toMillis = (d: number): number => (Number.isFinite(d) ? Math.trunc(d) : 0);

export class SqliteSyncWriter implements HeaderWriter {
  readonly updatesFlags = true;
  private readonly s: ReturnType<typeof prepare>;
  private nextThread = 1;

  constructor(private readonly db: SqliteDatabase) {
    this.s = prepare(db);
  }

  commit(folderId: number, batch: HeaderBatch): void {
    // Everything written here comes from the server and is fetched again if lost (cacheTransaction.ts).
    cacheTransaction(this.db, () => {
      if (batch.headers?.length) {
        const accountId = this.s.accountOf.get(folderId) ?? 0;
        // New conversations are numbered after the highest one in use (read inside this write transaction).
        this.nextThread = (this.s.maxThread.get() ?? 0) + 1;
        for (const h of batch.headers) this.upsert(folderId, accountId, h);
      }
      for (const f of batch.flags ?? []) this.flags(folderId, f);
      if (batch.checkpoint) this.checkpoint(folderId, batch.checkpoint);
    });
  }

  /** Stored flags per UID in flagKey form (syncFolder.ts), for the comparison with the server's. */
  flagState(folderId: number): Map<number, string> {
    const out = new Map<number, string>();
    for (const r of this.s.flagRows.iterate(folderId)) {
      let flags: string[] = [];
      try {
        const parsed: unknown = JSON.parse(r.flags_json);
        if (Array.isArray(parsed)) flags = parsed.filter((x): x is string => typeof x === 'string');
      } catch {
        // an unreadable flag list compares unequal, so the server's flags replace it
      }
      out.set(r.uid, flagKey(flags));
    }
    return out;
  }

  private upsert(folderId: number, accountId: number, h: SyncHeader): void {
    const key = subjectKey(h.subject);
    // The thread is chosen before the insert so the row is written once; a header that is already stored
    // keeps its thread (the upsert only fills thread_id when it is NULL).
    const thread = this.thread(accountId, h, key);
    // Positional parameters, in the column order of the statement (binding an object costs a name lookup per
    // column and row; this runs once per message of a first sync).
    this.s.upsert.run(
      folderId,
      h.uid,
      h.messageId,
      h.inReplyTo,
      toMillis(h.date),
      h.from?.name ?? null,
      h.from?.address ?? null,
      JSON.stringify(h.to),
      JSON.stringify(h.cc),
      h.subject,
      hasFlag(h.flags, '\\Seen'),
      hasFlag(h.flags, '\\Flagged'),
      JSON.stringify(h.flags),
      h.size,
      h.hasAttachments ? 1 : 0,
      h.references.length ? h.references.join(' ') : null,
      key.key,
      thread,
    );
  }

  /**
   * The conversation of a header: that of any Message-ID it names (its own, In-Reply-To, References), two
   * conversations it links being merged; with no link, a follow-up subject joins a message with the same
   * normalized subject within SUBJECT_WINDOW_MS; otherwise a new conversation.
   */
  private thread(accountId: number, h: SyncHeader, key: ReturnType<typeof subjectKey>): number {
    const t = this.s;
    const ids = new Set<string>();
    const own = normalizeMessageId(h.messageId);
    if (own !== null) ids.add(own);
    const parent = normalizeMessageId(h.inReplyTo);
    if (parent !== null) ids.add(parent);
    for (const r of h.references) ids.add(r);
    const found = new Set<number>();
    // Message-IDs not yet known: only these need a row (a known one keeps its row, renumbered by a merge).
    const unknown: string[] = [];
    for (const id of ids) {
      const hit = t.lookup.get(accountId, id);
      if (hit === undefined) unknown.push(id);
      else found.add(hit);
    }
    let thread: number | undefined;
    if (found.size > 0) {
      thread = Math.min(...found);
      for (const other of found) {
        if (other === thread) continue;
        t.mergeMessages.run(thread, other);
        t.mergeIds.run(thread, other);
      }
    } else if (key.followUp && key.key !== null) {
      const date = toMillis(h.date);
      thread = t.bySubject.get(key.key, date - SUBJECT_WINDOW_MS, date + SUBJECT_WINDOW_MS, accountId, date);
    }
    thread ??= this.nextThread++;
    for (const id of unknown) t.remember.run(accountId, id, thread);
    return thread;
  }

  private flags(folderId: number, f: FlagUpdate): void {
    this.s.flags.run(hasFlag(f.flags, '\\Seen'), hasFlag(f.flags, '\\Flagged'), JSON.stringify(f.flags), folderId, f.uid);
  }

  private checkpoint(folderId: number, c: Partial<FolderSyncState>): void {
    if (c.uidValidity !== undefined) {
      if (c.uidValidity !== null && (c.uidValidity < 1n || c.uidValidity > UINT32_MAX)) throw new RangeError('UIDVALIDITY');
      this.s.setUidValidity.run(c.uidValidity, folderId);
    }
    if (c.uidNext !== undefined) this.s.setUidNext.run(c.uidNext, folderId);
    if (c.highestModseq !== undefined) this.s.setModseq.run(c.highestModseq, folderId);
  }
}

type UpsertRow = [
  folderId: number,
  uid: number,
  messageId: string | null,
  inReplyTo: string | null,
  date: number,
  fromName: string | null,
  fromAddr: string | null,
  toJson: string,
  ccJson: string,
  subject: string,
  seen: number,
  flagged: number,
  flagsJson: string,
  size: number,
  hasAttachments: number,
  refs: string | null,
  threadSubject: string | null,
  threadId: number,
];

const prepare = (db: SqliteDatabase) => ({
  accountOf: db.prepare<[number], number>('SELECT account_id FROM folders WHERE id = ?').pluck(),
  upsert: db.prepare<UpsertRow>(
    `INSERT INTO messages (folder_id, uid, message_id, in_reply_to, date, from_name, from_addr, to_json, cc_json,
       subject, seen, flagged, flags_json, size, has_attachments, refs, thread_subject, thread_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder_id, uid) DO UPDATE SET
       message_id = excluded.message_id, in_reply_to = excluded.in_reply_to, date = excluded.date,
       from_name = excluded.from_name, from_addr = excluded.from_addr, to_json = excluded.to_json,
       cc_json = excluded.cc_json, subject = excluded.subject, seen = excluded.seen, flagged = excluded.flagged,
       flags_json = excluded.flags_json, size = excluded.size, has_attachments = excluded.has_attachments,
       refs = excluded.refs, thread_subject = excluded.thread_subject,
       thread_id = coalesce(messages.thread_id, excluded.thread_id)`,
  ),
  flagRows: db.prepare<[number], { uid: number; flags_json: string }>('SELECT uid, flags_json FROM messages WHERE folder_id = ?'),
  flags: db.prepare<[number, number, string, number, number]>(
    'UPDATE messages SET seen = ?, flagged = ?, flags_json = ? WHERE folder_id = ? AND uid = ?',
  ),
  setUidValidity: db.prepare<[bigint | null, number]>('UPDATE folders SET uid_validity = ? WHERE id = ?'),
  setUidNext: db.prepare<[number | null, number]>('UPDATE folders SET uid_next = ? WHERE id = ?'),
  setModseq: db.prepare<[bigint | null, number]>('UPDATE folders SET highest_modseq = ? WHERE id = ?'),
  // Threads (migration 0006).
  lookup: db.prepare<[number, string], number>('SELECT thread_id FROM thread_msgids WHERE account_id = ? AND msgid = ?').pluck(),
  remember: db.prepare<[number, string, number]>(
    'INSERT INTO thread_msgids (account_id, msgid, thread_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  mergeMessages: db.prepare<[number, number]>('UPDATE messages SET thread_id = ? WHERE thread_id = ?'),
  mergeIds: db.prepare<[number, number]>('UPDATE thread_msgids SET thread_id = ? WHERE thread_id = ?'),
  // Both tables: a conversation whose messages are gone still owns its number in thread_msgids.
  maxThread: db
    .prepare<[], number>(
      `SELECT max(coalesce((SELECT max(thread_id) FROM messages), 0), coalesce((SELECT max(thread_id) FROM thread_msgids), 0))`,
    )
    .pluck(),
  bySubject: db
    .prepare<[key: string, lo: number, hi: number, accountId: number, date: number], number>(
      `SELECT m.thread_id FROM messages m JOIN folders f ON f.id = m.folder_id
       WHERE m.thread_subject = ? AND m.date BETWEEN ? AND ? AND f.account_id = ?
         AND m.thread_id IS NOT NULL
       ORDER BY abs(m.date - ?) LIMIT 1`,
    )
    .pluck(),
});
