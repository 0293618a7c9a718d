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

export const hasThreadColumns = (db: SqliteDatabase): boolean =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('messages') as string[]).includes('thread_id');

export class SqliteSyncWriter implements HeaderWriter {
  readonly updatesFlags = true;
  readonly threads: boolean;
  private readonly s: ReturnType<typeof prepare>;
  private readonly t: ReturnType<typeof prepareThreads> | null;
  private nextThread = 1;

  constructor(private readonly db: SqliteDatabase) {
    this.threads = hasThreadColumns(db);
    this.s = prepare(db, this.threads);
    this.t = this.threads ? prepareThreads(db) : null;
  }

  commit(folderId: number, batch: HeaderBatch): void {
    // Everything written here comes from the server and is fetched again if lost (cacheTransaction.ts).
    cacheTransaction(this.db, () => {
      if (batch.headers?.length) {
        const accountId = this.s.accountOf.get(folderId) ?? 0;
        // New conversations are numbered after the highest one in use (read inside this write transaction).
        this.nextThread = (this.t?.maxThread.get() ?? 0) + 1;
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
    const thread = this.t ? this.thread(accountId, h, key) : null;
    this.s.upsert.run({
      folder_id: folderId,
      uid: h.uid,
      message_id: h.messageId,
      in_reply_to: h.inReplyTo,
      date: toMillis(h.date),
      from_name: h.from?.name ?? null,
      from_addr: h.from?.address ?? null,
      to_json: JSON.stringify(h.to),
      cc_json: JSON.stringify(h.cc),
      subject: h.subject,
      seen: hasFlag(h.flags, '\\Seen'),
      flagged: hasFlag(h.flags, '\\Flagged'),
      flags_json: JSON.stringify(h.flags),
      size: h.size,
      has_attachments: h.hasAttachments ? 1 : 0,
      ...(this.threads ? { refs: h.references.length ? h.references.join(' ') : null, thread_subject: key.key, thread_id: thread } : {}),
    });
  }

  /**
   * The conversation of a header: that of any Message-ID it names (its own, In-Reply-To, References), two
   * conversations it links being merged; with no link, a follow-up subject joins a message with the same
   * normalized subject within SUBJECT_WINDOW_MS; otherwise a new conversation.
   */
  private thread(accountId: number, h: SyncHeader, key: ReturnType<typeof subjectKey>): number {
    const t = this.t;
    if (!t) return 0;
    const own = normalizeMessageId(h.messageId);
    const parent = normalizeMessageId(h.inReplyTo);
    const ids = [...new Set([own, parent, ...h.references].filter((x): x is string => x !== null))];
    const found = [...new Set(ids.map((id) => t.lookup.get(accountId, id)).filter((x): x is number => x !== undefined))];
    let thread: number | undefined;
    if (found.length > 0) {
      thread = Math.min(...found);
      for (const other of found) {
        if (other === thread) continue;
        t.mergeMessages.run(thread, other);
        t.mergeIds.run(thread, other);
      }
    } else if (key.followUp && key.key !== null) {
      const date = toMillis(h.date);
      thread = t.bySubject.get({ account_id: accountId, key: key.key, lo: date - SUBJECT_WINDOW_MS, hi: date + SUBJECT_WINDOW_MS, date });
    }
    thread ??= this.nextThread++;
    for (const id of ids) t.remember.run(accountId, id, thread);
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

type Named = Record<string, string | number | bigint | null>;

const prepare = (db: SqliteDatabase, threads: boolean) => ({
  accountOf: db.prepare<[number], number>('SELECT account_id FROM folders WHERE id = ?').pluck(),
  upsert: db.prepare<[Named]>(
    `INSERT INTO messages (folder_id, uid, message_id, in_reply_to, date, from_name, from_addr, to_json, cc_json,
       subject, seen, flagged, flags_json, size, has_attachments${threads ? ', refs, thread_subject, thread_id' : ''})
     VALUES (@folder_id, @uid, @message_id, @in_reply_to, @date, @from_name, @from_addr, @to_json, @cc_json,
       @subject, @seen, @flagged, @flags_json, @size, @has_attachments${threads ? ', @refs, @thread_subject, @thread_id' : ''})
     ON CONFLICT (folder_id, uid) DO UPDATE SET
       message_id = excluded.message_id, in_reply_to = excluded.in_reply_to, date = excluded.date,
       from_name = excluded.from_name, from_addr = excluded.from_addr, to_json = excluded.to_json,
       cc_json = excluded.cc_json, subject = excluded.subject, seen = excluded.seen, flagged = excluded.flagged,
       flags_json = excluded.flags_json, size = excluded.size, has_attachments = excluded.has_attachments
       ${threads ? ', refs = excluded.refs, thread_subject = excluded.thread_subject, thread_id = coalesce(messages.thread_id, excluded.thread_id)' : ''}`,
  ),
  flagRows: db.prepare<[number], { uid: number; flags_json: string }>('SELECT uid, flags_json FROM messages WHERE folder_id = ?'),
  flags: db.prepare<[number, number, string, number, number]>(
    'UPDATE messages SET seen = ?, flagged = ?, flags_json = ? WHERE folder_id = ? AND uid = ?',
  ),
  setUidValidity: db.prepare<[bigint | null, number]>('UPDATE folders SET uid_validity = ? WHERE id = ?'),
  setUidNext: db.prepare<[number | null, number]>('UPDATE folders SET uid_next = ? WHERE id = ?'),
  setModseq: db.prepare<[bigint | null, number]>('UPDATE folders SET highest_modseq = ? WHERE id = ?'),
});

const prepareThreads = (db: SqliteDatabase) => ({
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
    .prepare<[Named], number>(
      `SELECT m.thread_id FROM messages m JOIN folders f ON f.id = m.folder_id
       WHERE m.thread_subject = @key AND m.date BETWEEN @lo AND @hi AND f.account_id = @account_id
         AND m.thread_id IS NOT NULL
       ORDER BY abs(m.date - @date) LIMIT 1`,
    )
    .pluck(),
});
