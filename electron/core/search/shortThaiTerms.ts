// One- and two-character Thai queries (docs/search.md). The trigram index cannot look up fewer than three
// characters, and a LIKE over every body is a scan (~400 ms at 10k messages). Instead: every trigram that
// STARTS with the query is read from the trigram vocabulary (an fts5vocab table: a b-tree range, not a
// scan) and OR-ed into one trigram MATCH; the only occurrences this misses are in a column's last two
// characters, which search_tails (migrations 0007, 0009) holds. Exact, like the LIKE it replaces.
import type { SqliteDatabase } from '../store/openDatabase.js';

export interface ShortTermPlan {
  /** Trigrams (as stored: case-folded) that begin with the term; may be empty. */
  readonly trigrams: readonly string[];
}

// U+10FFFF sorts after every character a term can continue with, so [q, q+MAX) is "starts with q".
const MAX_CHAR = String.fromCodePoint(0x10ffff);

export class ShortThaiTerms {
  private vocab = false;

  constructor(private readonly db: SqliteDatabase) {}

  expand(term: string): ShortTermPlan {
    if (!this.vocab) {
      // A TEMP virtual table: no data of its own (it reads search_tri's index), nothing written to the file.
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tri_vocab USING fts5vocab(main, search_tri, 'row')`);
      this.vocab = true;
    }
    // The trigram tokenizer folds case (case_sensitive 0); the pieces it is given are Thai, which has none.
    const q = term.toLowerCase();
    return {
      trigrams: this.db
        .prepare<[string, string], string>('SELECT term FROM temp.search_tri_vocab WHERE term >= ? AND term < ?')
        .pluck()
        .all(q, q + MAX_CHAR),
    };
  }
}
