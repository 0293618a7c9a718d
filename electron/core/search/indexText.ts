// What each FTS5 index is given (docs/search.md, "Two indexes, split by script"). Thai is written without
// spaces, so it needs substring search (the trigram index); English and other spaced scripts need whole
// words with prefixes (the unicode61 index). Giving each index only the script it serves keeps both small:
// Latin text in the trigram index and Thai runs in the word index (where each unspaced run would become one
// long, useless token) cost about 40% of the indexing time and answered no query.
//
// The same functions shape the documents and the queries, so a query always meets the text the way the
// index stored it.

/** The columns of search_docs, of both indexes and of search_tails, in this order. */
export const SEARCH_COLUMNS = ['subject', 'sender', 'recipients', 'body', 'attachments'] as const;

/** A row of search_docs: the stored text of one message, by column. */
export type SearchDocRow = { readonly message_id: number } & Readonly<Record<(typeof SEARCH_COLUMNS)[number], string>>;

const THAI_RUN = /[\u0E00-\u0E7F]+/gu;
const NON_THAI_RUN = /[^\u0E00-\u0E7F]+/gu;
const WHITESPACE_ONLY = /^\s+$/u;
// Zero-width space, joiners, word joiner, BOM and soft hyphen: Thai editors put ZWSP between words as an
// invisible break; a reader never sees it and must not have to type it to find the word.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/**
 * The text the trigram index holds: the Thai runs, in order. Whitespace between two runs becomes one space
 * (so a quoted Thai phrase with a space still matches); anything else between them (Latin, digits,
 * punctuation) becomes a line break, which no query piece contains, so no trigram spans it.
 */
export const trigramText = (s: string): string =>
  s
    .replace(INVISIBLE, '')
    .replace(NON_THAI_RUN, (run) => (WHITESPACE_ONLY.test(run) ? ' ' : '\n'))
    .trim();

/** The text the word index holds: everything but the Thai runs (each becomes a word break). */
export const wordText = (s: string): string => s.replace(THAI_RUN, ' ');

/**
 * The pieces of a query term that the trigram index must each contain: the Thai runs of the term, runs
 * separated only by whitespace kept together as one phrase (as trigramText stores them).
 */
export const trigramPieces = (term: string): string[] =>
  trigramText(term)
    .split('\n')
    .filter((p) => p.length > 0);

/** The last two characters (code points) of a string, as SQL's substr(s, -2) counts them: search_tails. */
export const lastTwo = (s: string): string => Array.from(s.slice(-4)).slice(-2).join('');
