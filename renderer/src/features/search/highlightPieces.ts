// Turns a snippet's plain text and its highlight ranges (UTF-16 offsets from the core) into pieces that
// React renders as text and <mark>: message text is never parsed as markup.
//
// The ranges come from the index, which knows nothing of how Thai is drawn. A range that ends just before a
// vowel or tone mark written above or below the consonant (นั|ก, ที|่) would cut the mark away from its
// base: the browser then draws a dotted circle for the orphan mark and the word looks corrupted. So every
// edge is moved outwards to the nearest grapheme-cluster boundary (Intl.Segmenter), which also keeps
// surrogate pairs whole.

export interface TextPiece {
  readonly text: string;
  readonly mark: boolean;
}

export type Range = readonly [number, number];

/** The offsets of `text` where a grapheme cluster starts, plus text.length. */
export type GraphemeBoundaries = (text: string) => readonly number[];

const graphemeSegmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });

export const graphemeBoundaries: GraphemeBoundaries = (text) => {
  const out: number[] = [];
  for (const s of graphemeSegmenter.segment(text)) out.push(s.index);
  out.push(text.length);
  return out;
};

/** The largest boundary ≤ offset (binary search; boundaries are sorted and start with 0). */
function snapDown(bounds: readonly number[], offset: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((bounds[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return bounds[lo] ?? 0;
}

/** The smallest boundary ≥ offset. */
function snapUp(bounds: readonly number[], offset: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bounds[mid] ?? 0) >= offset) hi = mid;
    else lo = mid + 1;
  }
  return bounds[lo] ?? offset;
}

/**
 * Clamps, widens to grapheme boundaries, sorts and merges the ranges (overlapping or touching ranges become
 * one mark), dropping empty ones.
 */
export function normalizeRanges(
  text: string,
  ranges: readonly Range[],
  boundaries: GraphemeBoundaries = graphemeBoundaries,
): Range[] {
  const len = text.length;
  const clamped = ranges
    .map(([a, b]): Range => [Math.max(0, Math.min(len, a)), Math.max(0, Math.min(len, b))])
    .filter(([a, b]) => b > a);
  if (clamped.length === 0) return [];
  const bounds = boundaries(text);
  const snapped = clamped
    .map(([a, b]): Range => [snapDown(bounds, a), snapUp(bounds, b)])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number][] = [];
  for (const [a, b] of snapped) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** The text cut into plain and marked pieces, in order; joining every piece's text gives `text` back. */
export function highlightPieces(
  text: string,
  ranges: readonly Range[],
  boundaries: GraphemeBoundaries = graphemeBoundaries,
): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const [a, b] of normalizeRanges(text, ranges, boundaries)) {
    if (a > at) pieces.push({ text: text.slice(at, a), mark: false });
    pieces.push({ text: text.slice(a, b), mark: true });
    at = b;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), mark: false });
  return pieces;
}

const wordSegmenter = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * The row shows one line of snippet, and the core's snippet may carry up to ~50 characters of lead before
 * the first match: cut the lead to at most `maxLead` characters, at a word boundary (Thai has no spaces, so
 * Intl.Segmenter finds it), marked with "…", and shift the ranges to match. The first match stays visible.
 */
export function trimLead(
  text: string,
  ranges: readonly Range[],
  maxLead: number,
): { text: string; highlights: Range[] } {
  const first = Math.min(...ranges.map(([a]) => a));
  if (!Number.isFinite(first) || first <= maxLead) return { text, highlights: [...ranges] };
  let cut = first;
  for (const s of wordSegmenter.segment(text.slice(0, first))) {
    if (s.index >= first - maxLead) {
      cut = s.index;
      break;
    }
  }
  // Drop the separator spaces at the cut, so the row does not start with "… ".
  while (cut < first && /\s/u.test(text[cut] ?? '')) cut++;
  const shift = cut - 1; // one character for the ellipsis
  return {
    text: `…${text.slice(cut)}`,
    highlights: ranges.map(([a, b]): Range => [Math.max(0, a - shift), Math.max(0, b - shift)]),
  };
}
