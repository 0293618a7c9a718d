// The header section of a message or MIME part as fields (RFC 5322 §2.2): folded lines joined, names
// lowercased, values trimmed. Shared by everything that reads a header without a full MIME parse: the
// classification of a stored message (the index, a reply's original) and the part scanner of the index copy.
import type { HeaderLike } from './readMarkings.js';

/** The text before the first empty line (the whole text when there is none). */
export const headerBlock = (text: string): string => {
  const end = text.search(/\r?\n\r?\n/u);
  return end === -1 ? text : text.slice(0, end);
};

/** The fields of a header block, in order; a line without a colon is not a field. */
export const unfoldedFields = (block: string): HeaderLike[] =>
  block
    .replace(/\r?\n[ \t]+/gu, ' ')
    .split(/\r?\n/u)
    .flatMap((line) => {
      const i = line.indexOf(':');
      return i > 0 ? [{ key: line.slice(0, i).trim().toLowerCase(), value: line.slice(i + 1).trim() }] : [];
    });
