// Writes to the search index (tables of migration 0002) and answers what the offline cache still lacks.
// It shares the store's database handle: the body cache commits a raw source and its index document in
// one transaction, so a message is never cached-but-unsearchable after a crash (or the other way round).
// A document's terms (both FTS5 indexes, search_tails) are written by TermWriter: in that same transaction
// when there is no TermSink, else by the sink (the sync writer thread) right after the commit, while this
// thread goes on with the next batch. Until then the document is listed in search_pending (migration 0011).
import type { Mailbox } from '../../../shared/domain/schemas.js';
import { cacheTransaction } from '../store/cacheTransaction.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { SEARCH_COLUMNS } from './indexText.js';
import { headerDoc, type SearchDoc } from './searchDoc.js';
import { TermWriter } from './termWriter.js';

/** Writes the terms of every committed pending document elsewhere (ThreadedSyncWriter.writeTerms). */
export interface TermSink {
  writeTerms(): Promise<void>;
}

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
  private readonly terms: TermWriter;
  /** Open transaction() / cacheTransaction() calls; putDoc is only valid inside one. */
  private depth = 0;
  /** A document was stored in the open transaction. */
  private stored = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly sink?: TermSink,
  ) {
    this.s = prepare(db);
    this.terms = new TermWriter(db);
  }

  /** Runs fn in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.wrap(fn, (inner) => this.db.transaction(inner).immediate());
  }

  /** Like transaction, for cache data only (bodies fetched from IMAP, their documents): commits without fsync. */
  cacheTransaction<T>(fn: () => T): T {
    return this.wrap(fn, (inner) => cacheTransaction(this.db, inner));
  }

  /**
   * Resolves once every document committed so far has its terms written, i.e. is found by search. With a
   * sink whose writes fail (its thread died, say), they are written here instead.
   */
  async settled(): Promise<void> {
    if (!this.sink) return;
    try {
      await this.sink.writeTerms();
    } catch {
      this.terms.writeAll();
    }
  }

  /** How many stored documents are not searchable yet (their terms are still to be written). */
  pendingCount(): number {
    return this.terms.pendingCount();
  }

  private wrap<T>(fn: () => T, run: (inner: () => T) => T): T {
    const outermost = this.depth === 0;
    this.depth++;
    let result: T;
    try {
      result = run(() => {
        const r = fn();
        // No sink: the terms commit with their documents.
        if (outermost && this.stored && !this.sink) this.terms.writeSome(Number.MAX_SAFE_INTEGER);
        return r;
      });
    } catch (e) {
      if (outermost) this.stored = false;
      throw e;
    } finally {
      this.depth--;
    }
    if (outermost && this.stored) {
      this.stored = false;
      // The sink's connection sees only committed rows: asked inside someone else's open transaction, it would
      // find nothing new; settled() asks again.
      if (this.sink && !this.db.inTransaction) this.sink.writeTerms().catch(() => undefined);
    }
    return result;
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
   * Inserts or replaces a message's document (the stored text: snippets, LIKE, and what its terms are written
   * from) and records its class. Only inside transaction() or cacheTransaction(), which see to the terms: the
   * document is listed in search_pending until TermWriter has written them (each index's share of the text,
   * indexText.ts, and the tails a short Thai query needs).
   */
  putDoc(messageId: number, doc: SearchDoc, hasBody: boolean): void {
    if (this.depth === 0) throw new Error('SearchIndex.putDoc runs inside SearchIndex.transaction or cacheTransaction');
    this.s.upsertDoc.run(messageId, hasBody ? 1 : 0, ...SEARCH_COLUMNS.map((c) => doc[c]));
    // Plain INSERT after a lookup (not OR IGNORE), for the statement-transaction reason given in termWriter.ts.
    if (this.s.isPending.get(messageId) === undefined) this.s.addPending.run(messageId);
    this.s.setClassification.run(doc.classification, messageId, doc.classification);
    this.stored = true;
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
        DELETE FROM search_pending;
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
  isPending: db.prepare<[number], number>('SELECT 1 FROM search_pending WHERE message_id = ?').pluck(),
  addPending: db.prepare<[number]>('INSERT INTO search_pending (message_id) VALUES (?)'),
  upsertDoc: db.prepare<[number, number, ...string[]]>(
    `INSERT INTO search_docs (message_id, has_body, ${COLUMNS}) VALUES (?, ?, ${PLACEHOLDERS})
     ON CONFLICT (message_id) DO UPDATE SET has_body = excluded.has_body, subject = excluded.subject,
       sender = excluded.sender, recipients = excluded.recipients, body = excluded.body,
       attachments = excluded.attachments`,
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
