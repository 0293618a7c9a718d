// Writes the terms of pending documents (search_pending, migration 0011) into both FTS5 indexes and
// search_tails, reading each document back from search_docs. Writing the terms is about half of what caching
// a body costs on the thread that writes it (the trigram index alone takes one token per Thai character), so
// the core hands it to the sync writer thread, which runs this on its own connection while the core fetches
// and stores the next batch (docs/search.md, "Writing the index"). With no thread it runs on the core's
// connection inside the transaction that stored the documents.
//
// Why the terms are read back from search_docs instead of being sent along: whatever order the writes come
// in, and however often a pass is repeated (a thread that died, a crash before the pass), the terms written
// are those of the document as stored now. A message cached twice (header document, then body document) can
// never end up with the older text in the index.
import type { SqliteDatabase } from '../store/openDatabase.js';
import { cacheTransaction } from '../store/cacheTransaction.js';
import { lastTwo, SEARCH_COLUMNS, trigramText, wordText, type SearchDocRow } from './indexText.js';

/** Documents per transaction when a pass runs on its own (about one body batch, DEFAULT_BODY_BATCH). */
export const TERM_BATCH = 400;

const COLUMNS = SEARCH_COLUMNS.join(', ');
const PLACEHOLDERS = SEARCH_COLUMNS.map(() => '?').join(', ');

const prepare = (db: SqliteDatabase) => ({
  pending: db.prepare<[number], SearchDocRow>(
    `SELECT d.message_id, ${SEARCH_COLUMNS.map((c) => `d.${c}`).join(', ')}
     FROM search_pending p JOIN search_docs d ON d.message_id = p.message_id
     ORDER BY p.message_id LIMIT ?`,
  ),
  // search_tails has a row exactly when both FTS5 indexes have the document's rows (all three are written
  // and deleted together), so it tells whether there are old terms to remove first.
  hasTerms: db.prepare<[number], number>('SELECT 1 FROM search_tails WHERE message_id = ?').pluck(),
  deleteTri: db.prepare<[number]>('DELETE FROM search_tri WHERE rowid = ?'),
  deleteWords: db.prepare<[number]>('DELETE FROM search_words WHERE rowid = ?'),
  deleteTails: db.prepare<[number]>('DELETE FROM search_tails WHERE message_id = ?'),
  insertTri: db.prepare<[number, ...string[]]>(`INSERT INTO search_tri (rowid, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`),
  insertWords: db.prepare<[number, ...string[]]>(
    `INSERT INTO search_words (rowid, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`,
  ),
  // Plain INSERT, never OR REPLACE: a statement that may need to undo part of itself opens a statement
  // transaction, and FTS5 flushes its pending terms into a new segment at every such savepoint; once per
  // message, that made indexing several times slower (the old row is deleted above instead).
  insertTails: db.prepare<[number, ...string[]]>(
    `INSERT INTO search_tails (message_id, ${COLUMNS}) VALUES (?, ${PLACEHOLDERS})`,
  ),
  done: db.prepare<[number]>('DELETE FROM search_pending WHERE message_id = ?'),
  count: db.prepare<[], number>('SELECT count(*) FROM search_pending').pluck(),
});

export class TermWriter {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: SqliteDatabase) {
    this.s = prepare(db);
  }

  /**
   * Writes the terms of up to `limit` pending documents, lowest message id first, in the caller's transaction
   * (which must be open: the terms and the removal of the pending rows commit together). Returns how many.
   */
  writeSome(limit: number): number {
    if (!this.db.inTransaction) throw new Error('TermWriter.writeSome runs inside a transaction');
    const rows = this.s.pending.all(limit);
    for (const r of rows) this.write(r);
    return rows.length;
  }

  /** Writes every pending document's terms, one cache transaction per `batch` documents. Returns how many. */
  writeAll(batch = TERM_BATCH): number {
    let written = 0;
    for (;;) {
      const n = cacheTransaction(this.db, () => this.writeSome(batch));
      written += n;
      if (n < batch) return written;
    }
  }

  /** How many documents wait for their terms. */
  pendingCount(): number {
    return this.s.count.get() ?? 0;
  }

  private write(r: SearchDocRow): void {
    const cols = SEARCH_COLUMNS.map((c) => r[c]);
    const tri = cols.map(trigramText);
    if (this.s.hasTerms.get(r.message_id) !== undefined) {
      // Contentless tables: the old row goes by its rowid (contentless_delete=1), then the new one is added.
      this.s.deleteTri.run(r.message_id);
      this.s.deleteWords.run(r.message_id);
      this.s.deleteTails.run(r.message_id);
    }
    this.s.insertTri.run(r.message_id, ...tri);
    this.s.insertWords.run(r.message_id, ...cols.map(wordText));
    this.s.insertTails.run(r.message_id, ...tri.map(lastTwo));
    this.s.done.run(r.message_id);
  }
}
