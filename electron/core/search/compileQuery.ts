// Turns a parsed query (shared/search/parseQuery.ts) into one SQL WHERE clause over messages m JOIN
// folders f. How each text term is matched (docs/search.md):
// - it contains Thai: each Thai piece of it (indexText.ts) as a substring anywhere, from the trigram index
//   (Thai has no spaces); a piece of 1–2 code points from the trigram vocabulary and the column tails
//   (shortThaiTerms.ts; trigrams need 3 characters); its other words from the word index, as below;
// - otherwise: unicode61 word index, whole words, the last word as a prefix ("budg" finds "budget"),
//   quoted phrases without the prefix; a term with no letters or digits falls back to LIKE;
// - from:ADDRESS (a whole address): the sender's address exactly, case-insensitively.
// Every value is bound as a parameter; FTS5 query strings are built only from double-quoted strings with
// their quotes doubled, so user text can never become FTS5 syntax (NEAR, column filters, …).
import type { ParsedQuery, TextField, TextTerm, CalendarDay } from '../../../shared/search/parseQuery.js';
import { codePointLength, containsThai } from '../../../shared/search/thaiText.js';
import { trigramPieces, wordText } from './indexText.js';

export type SqlValue = string | number;

/** A set of message ids: a SELECT of one column named id, and its parameters. */
export interface IdSet {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export interface CompiledQuery {
  /**
   * What the text terms allow: every message whose id is in all of these sets (none: no text term). Each set
   * holds only ids of existing messages, each once: the search tables cascade from messages (messageSearch.ts
   * counts a text-only query from the sets alone).
   */
  readonly idSets: readonly IdSet[];
  /** Conditions on m (messages) and f (folders) to AND together; empty = every message. */
  readonly where: readonly string[];
  readonly params: readonly SqlValue[];
  /** Whether `where` refers to f; if not, a count need not join folders (every message has its folder). */
  readonly usesFolder: boolean;
  /** Patterns that mark matches in a snippet (one per word or substring of the free-text terms). */
  readonly highlight: readonly RegExp[];
}

const DOC_COLUMNS = ['subject', 'sender', 'recipients', 'body', 'attachments'] as const;
const FIELD_COLUMNS: Readonly<Record<TextField, readonly string[]>> = {
  any: DOC_COLUMNS,
  from: ['sender'],
  to: ['recipients'],
  subject: ['subject'],
};
const EMAIL = /^[^\s@"]+@[^\s@"]+\.[^\s@"]+$/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';

const ftsString = (s: string): string => `"${s.replace(/"/gu, '""')}"`;
const columnFilter = (field: TextField): string =>
  field === 'any' ? '' : `{${FIELD_COLUMNS[field].join(' ')}} : `;
const escapeLike = (s: string): string => s.replace(/[\\%_]/gu, (c) => `\\${c}`);
// Only syntax characters: with the u flag, escaping anything else (`-`, `/`) is itself a syntax error.
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

export interface CompileOptions {
  /** Milliseconds (UTC) of the start of a calendar day in the user's time zone. */
  readonly startOfDay: (day: CalendarDay) => number;
  /** A 1–2 character Thai piece's trigrams from the index vocabulary (shortThaiTerms.ts); absent: LIKE. */
  readonly shortTerm?: (term: string) => { readonly trigrams: readonly string[] };
}

export const localStartOfDay = (d: CalendarDay): number => new Date(d.year, d.month - 1, d.day).getTime();

export function compileQuery(q: ParsedQuery, options: CompileOptions = { startOfDay: localStartOfDay }): CompiledQuery {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const idSets: IdSet[] = [];
  const highlight: RegExp[] = [];
  const tri: string[] = [];
  const words: string[] = [];

  const likeFallback = (t: TextTerm, value: string): void => {
    const cols = FIELD_COLUMNS[t.field];
    idSets.push({
      sql: `SELECT d.message_id AS id FROM search_docs d WHERE ${cols.map((c) => `d.${c} LIKE ? ESCAPE '\\'`).join(' OR ')}`,
      params: cols.map(() => `%${escapeLike(value)}%`),
    });
  };

  // Whole words, the last one as a prefix unless the term was quoted.
  const wordTerm = (t: TextTerm, tokens: readonly string[]): void => {
    words.push(columnFilter(t.field) + ftsString(tokens.join(' ')) + (t.phrase ? '' : '*'));
    if (t.field !== 'any' && t.field !== 'subject') return;
    tokens.forEach((tok, i) => {
      const prefix = !t.phrase && i === tokens.length - 1;
      const tail = prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`;
      highlight.push(new RegExp(`(?<!${WORD_CHAR})${escapeRegExp(tok)}${tail}`, 'giu'));
    });
  };

  // A 1–2 character Thai piece: every trigram that starts with it, or a column ending in it (shortThaiTerms.ts).
  const shortThai = (t: TextTerm, piece: string): void => {
    const plan = options.shortTerm?.(piece);
    if (!plan) {
      likeFallback(t, piece);
      return;
    }
    const cols = FIELD_COLUMNS[t.field];
    const tails = `SELECT s.message_id AS id FROM search_tails s WHERE ${cols.map((c) => `s.${c} LIKE ? ESCAPE '\\'`).join(' OR ')}`;
    const tailParams = cols.map(() => `%${escapeLike(piece)}%`);
    if (plan.trigrams.length > 0) {
      idSets.push({
        sql: `SELECT rowid AS id FROM search_tri WHERE search_tri MATCH ? UNION ${tails}`,
        params: [`${columnFilter(t.field)}(${plan.trigrams.map(ftsString).join(' OR ')})`, ...tailParams],
      });
    } else {
      idSets.push({ sql: tails, params: tailParams });
    }
  };

  for (const t of q.terms) {
    const value = t.value.normalize('NFC');
    const highlighted = t.field === 'any' || t.field === 'subject';
    if (t.field === 'from' && !t.phrase && EMAIL.test(value)) {
      where.push('m.from_addr = ? COLLATE NOCASE');
      params.push(value);
      continue;
    }
    if (containsThai(value)) {
      // Each index holds one script (indexText.ts): the Thai pieces of the term go to the trigram index as
      // substrings, whatever else it contains (digits, Latin) to the word index; all must match.
      for (const piece of trigramPieces(value)) {
        if (codePointLength(piece) >= 3) tri.push(columnFilter(t.field) + ftsString(piece));
        else shortThai(t, piece);
        // A space in a piece stands for any whitespace in the stored text (trigramText folds runs of it).
        if (highlighted) highlight.push(new RegExp(escapeRegExp(piece).replace(/ /gu, '\\s+'), 'giu'));
      }
      const rest = wordText(value).match(WORD) ?? [];
      if (rest.length > 0) wordTerm(t, rest);
      continue;
    }
    const tokens = value.match(WORD) ?? [];
    if (tokens.length > 0) {
      wordTerm(t, tokens);
      continue;
    }
    likeFallback(t, value);
    if (highlighted) highlight.push(new RegExp(escapeRegExp(value), 'giu'));
  }
  // The index matches first: they are the cheapest and most selective sets, and the first set drives.
  if (words.length > 0) idSets.unshift({ sql: 'SELECT rowid AS id FROM search_words WHERE search_words MATCH ?', params: [words.join(' AND ')] });
  if (tri.length > 0) idSets.unshift({ sql: 'SELECT rowid AS id FROM search_tri WHERE search_tri MATCH ?', params: [tri.join(' AND ')] });

  if (q.folders.length > 0) {
    where.push(
      `(${q.folders.map(() => '(f.path = ? COLLATE NOCASE OR f.name = ? COLLATE NOCASE OR f.special_use = ?)').join(' OR ')})`,
    );
    for (const folder of q.folders) params.push(folder, folder, folder.toLowerCase());
  }
  if (q.hasAttachment !== null) where.push(`m.has_attachments = ${q.hasAttachment ? 1 : 0}`);
  if (q.unread !== null) where.push(`m.seen = ${q.unread ? 0 : 1}`);
  if (q.flagged !== null) where.push(`m.flagged = ${q.flagged ? 1 : 0}`);
  if (q.after) {
    where.push('m.date >= ?');
    params.push(options.startOfDay(q.after));
  }
  if (q.before) {
    where.push('m.date < ?');
    params.push(options.startOfDay(q.before));
  }
  if (q.classes.length > 0) {
    where.push(`m.classification IN (${q.classes.map(() => '?').join(', ')})`);
    params.push(...q.classes);
  }
  return { idSets, where, params, usesFolder: q.folders.length > 0, highlight };
}
