// Writes to the search index (tables of migration 0002) and answers what the offline cache still lacks.
// It shares the store's database handle: the body cache commits a raw source and its index document in
// one transaction, so a message is never cached-but-unsearchable after a crash (or the other way round).
import type { Mailbox } from '../../../shared/domain/schemas.js';
import { cacheTransaction } from '../store/cacheTransaction.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { lastTwo, SEARCH_COLUMNS, trigramText, wordText } from './indexText.js';
import { headerDoc, type SearchDoc } from './searchDoc.js';

/** Which bodies the offline cache holds (policy keys offlineWindowDays, offlineAttachmentMaxBytes). */
export interface OfflineCachePolicy {
  /** Only messages dated within this many days of now; null = every message. */
  readonly windowDays: number | null;
  /** Only messages whose RFC822.SIZE is at most this; null = no cap. */
  readonly maxMessageBytes: number | null;
}

export interface UncachedMessage {
  readonly id: number;
  readonly uid: number;
  readonly size: number;
}

interface HeaderRow {
  id: number;
  subject: string;
  from_name: string | null;
  from_addr: string | null;
  to_json: string;
  cc_json: string;
}

const DAY_MS = 86_400_000;
const HEADER_BATCH = 2000;

const parseMailboxes = (json: string): Mailbox[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as Mailbox[]).filter((m) => typeof m?.address === 'string') : [];
  } catch {
    return [];
  }
};

/** Bounds of the offline window as SQL parameters: [oldest date, largest size]; no bound = widest value. */
export const cacheBounds = (policy: OfflineCachePolicy, now: number): [number, number] => [
  policy.windowDays === null ? Number.MIN_SAFE_INTEGER : now - policy.windowDays * DAY_MS,
  policy.maxMessageBytes ?? Number.MAX_SAFE_INTEGER,
];

export class SearchIndex {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: SqliteDatabase) {
    this.s = prepare(db);
  }

  /** Runs fn in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Like transaction, for cache data only (bodies fetched from IMAP, their documents): commits without fsync. */
  cacheTransaction<T>(fn: () => T): T {
    return cacheTransaction(this.db, fn);
  }

  /** Header-only documents for every message that has none yet; one transaction per batch. */
  indexNewHeaders(): number {
    let indexed = 0;
    for (let last = 0; ; ) {
      const rows = this.s.headersWithoutDoc.all(last, HEADER_BATCH);
      if (rows.length === 0) return indexed;
      this.cacheTransaction(() => {
        for (const r of rows) {
          const doc = headerDoc({
            subject: r.subject,
            from: r.from_addr === null ? null : { name: r.from_name ?? '', address: r.from_addr },
            to: parseMailboxes(r.to_json),
            cc: parseMailboxes(r.cc_json),
          });
          this.putDoc(r.id, doc, false);
        }
      });
      indexed += rows.length;
      last = rows[rows.length - 1]?.id ?? last;
    }
  }

  /**
   * Inserts or replaces a message's document: the stored text (snippets, LIKE), each index's share of it
   * (indexText.ts; migration 0009) and the tails a short Thai query needs, then records its class.
   */
  putDoc(messageId: number, doc: SearchDoc, hasBody: boolean): void {
    const cols = SEARCH_COLUMNS.map((c) => doc[c]);
    const tri = cols.map(trigramText);
    if (this.s.hasDoc.get(messageId) !== undefined) {
      // Contentless tables: the old row goes by its rowid (contentless_delete=1), then the new one is added.
      this.s.deleteTri.run(messageId);
      this.s.deleteWords.run(messageId);
      this.s.deleteTails.run(messageId);
    }
    this.s.upsertDoc.run(messageId, hasBody ? 1 : 0, ...cols);
    this.s.insertTri.run(messageId, ...tri);
    this.s.insertWords.run(messageId, ...cols.map(wordText));
    this.s.putTails.run(messageId, ...tri.map(lastTwo));
    this.s.setClassification.run(doc.classification, messageId, doc.classification);
  }

  /**
   * Empties the search index: every document, both FTS5 indexes and the tails, in one transaction. The
   * cached bodies stay; indexCachedBodies and indexNewHeaders then rebuild it from them (after an index
   * integrity failure, or to measure index building on its own, as `npm run bench` does).
   */
  clear(): void {
    this.transaction(() => {
      // Contentless indexes are emptied whole; the per-row delete trigger then finds nothing left to remove.
      this.db.exec(`
        INSERT INTO search_tri (search_tri) VALUES ('delete-all');
        INSERT INTO search_words (search_words) VALUES ('delete-all');
        DELETE FROM search_tails;
        DELETE FROM search_docs;
      `);
    });
  }

  /** Messages of a folder inside the offline window whose body is not cached yet, highest UID first. */
  listUncached(folderId: number, policy: OfflineCachePolicy, now: number): UncachedMessage[] {
    const [since, maxBytes] = cacheBounds(policy, now);
    return this.s.uncached.all(folderId, since, maxBytes);
  }

  /** How many messages of the account inside the offline window still lack a cached body. */
  countUncached(accountId: number, policy: OfflineCachePolicy, now: number): number {
    const [since, maxBytes] = cacheBounds(policy, now);
    return this.s.countUncached.get(accountId, since, maxBytes) ?? 0;
  }

  /** Cached messages whose body is not in the index yet (opened by the reader, or cached before 0002). */
  listCachedWithoutBody(accountId: number, limit: number): number[] {
    return this.s.cachedWithoutBody.all(accountId, limit);
  }
}

const COLUMNS = SEARCH_COLUMNS.join(', ');
const PLACEHOLDERS = SEARCH_COLUMNS.map(() => '?').join(', ');

const prepare = (db: SqliteDatabase) => ({
  headersWithoutDoc: db.prepare<[number, number], HeaderRow>(
    `SELECT m.id, m.subject, m.from_name, m.from_addr, m.to_json, m.cc_json FROM messages m
     WHERE m.id > ? AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.message_id = m.id)
     ORDER BY m.id LIMIT ?`,
  ),
  hasDoc: db.prepare<[number], number>('SELECT 1 FROM search_docs WHERE message_id = ?').pluck(),
  upsertDoc: db.prepare<[number, number, ...string[]]>(
    `INSERT INTO search_docs (message_id, has_body, ${COLUMNS}) VALUES (?, ?, ${PLACEHOLDERS})
     ON CONFLICT (message_id) DO UPDATE SET has_body = excluded.has_body, subject = excluded.subject,
       sender = excluded.sender, recipients = excluded.recipients, body = excluded.body,
       attachments = excluded.attachments`,
  ),
  deleteTri: db.prepare<[number]>('DELETE FROM search_tri WHERE rowid = ?'),
  deleteWords: db.prepare<[number]>('DELETE FROM search_words WHERE rowid = ?'),
  insertTri: db.prepare<[number, ...string[]]>(`INSERT INTO search_tri (rowid, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`),
  insertWords: db.prepare<[number, ...string[]]>(
    `INSERT INTO search_words (rowid, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`,
  ),
  deleteTails: db.prepare<[number]>('DELETE FROM search_tails WHERE message_id = ?'),
  // Plain INSERT, never OR REPLACE: a statement that may need to undo part of itself opens a statement
  // transaction, and FTS5 flushes its pending terms into a new segment at every such savepoint; once per
  // message, that made indexing several times slower (the old row is deleted above instead).
  putTails: db.prepare<[number, ...string[]]>(
    `INSERT INTO search_tails (message_id, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`,
  ),
  setClassification: db.prepare<[string, number, string]>(
    'UPDATE messages SET classification = ? WHERE id = ? AND classification <> ?',
  ),
  uncached: db.prepare<[number, number, number], UncachedMessage>(
    `SELECT id, uid, size FROM messages WHERE folder_id = ? AND cached = 0 AND date >= ? AND size <= ?
     ORDER BY uid DESC`,
  ),
  countUncached: db
    .prepare<[number, number, number], number>(
      `SELECT count(*) FROM messages m JOIN folders f ON f.id = m.folder_id
       WHERE f.account_id = ? AND m.cached = 0 AND m.date >= ? AND m.size <= ?`,
    )
    .pluck(),
  cachedWithoutBody: db
    .prepare<[number, number], number>(
      `SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id
       LEFT JOIN search_docs d ON d.message_id = m.id
       WHERE f.account_id = ? AND m.cached = 1 AND (d.message_id IS NULL OR d.has_body = 0)
       ORDER BY m.date DESC LIMIT ?`,
    )
    .pluck(),
});
