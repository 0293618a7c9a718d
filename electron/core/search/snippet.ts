// Snippets for search results: a short window of plain text around the first match, with the ranges of
// every match inside it. Window edges are moved to Thai word boundaries (Intl.Segmenter), so a snippet
// never starts or ends in the middle of a Thai word or splits a vowel mark from its consonant.
import type { Snippet } from '../../../shared/domain/search.js';

export const SNIPPET_CHARS = 160;
const LEAD_CHARS = 50;
const SNAP_RADIUS = 20;
const ELLIPSIS = '…';

export class SnippetMaker {
  private readonly segmenter = new Intl.Segmenter('th', { granularity: 'word' });

  /** The word boundary nearest to index (within a small radius), or index itself. */
  private snap(text: string, index: number): number {
    if (index <= 0 || index >= text.length) return Math.max(0, Math.min(index, text.length));
    const from = Math.max(0, index - SNAP_RADIUS);
    const slice = text.slice(from, Math.min(text.length, index + SNAP_RADIUS));
    let best = index;
    let bestDistance = Infinity;
    for (const seg of this.segmenter.segment(slice)) {
      const boundary = from + seg.index;
      if (boundary === from && from !== 0) continue; // the slice start is not a real boundary
      const d = Math.abs(boundary - index);
      if (d < bestDistance) {
        best = boundary;
        bestDistance = d;
      }
    }
    return best;
  }

  private window(text: string, start: number, patterns: readonly RegExp[]): Snippet {
    const from = start <= 0 ? 0 : this.snap(text, start);
    const to = from + SNIPPET_CHARS >= text.length ? text.length : this.snap(text, from + SNIPPET_CHARS);
    const lead = from > 0 ? ELLIPSIS : '';
    const body = text.slice(from, to);
    const ranges: [number, number][] = [];
    for (const p of patterns) {
      const re = new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`);
      for (const m of body.matchAll(re)) {
        if (m[0].length > 0) ranges.push([lead.length + m.index, lead.length + m.index + m[0].length]);
      }
    }
    return { text: lead + body + (to < text.length ? ELLIPSIS : ''), highlights: mergeRanges(ranges) };
  }

  /** A snippet around the first match of any pattern, or null when nothing in the text matches. */
  around(rawText: string, patterns: readonly RegExp[]): Snippet | null {
    const text = collapse(rawText);
    let first = -1;
    for (const p of patterns) {
      const m = new RegExp(p.source, p.flags.replace('g', '')).exec(text);
      if (m && (first === -1 || m.index < first)) first = m.index;
    }
    if (first === -1) return null;
    return this.window(text, first - LEAD_CHARS, patterns);
  }

  /** The start of the text, for listings without search words. */
  preview(rawText: string): Snippet | null {
    const text = collapse(rawText);
    return text ? this.window(text, 0, []) : null;
  }
}

const collapse = (s: string): string => s.replace(/\s+/gu, ' ').trim();

export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
