// The search index needs a message's text and its attachments' names, never the attachments' bytes. Decoding
// base64 attachments was a third of the MIME parser's time when caching mail, so before a source is parsed for
// the index, the encoded bodies of its binary parts are cut out. Everything else stays byte for byte: every
// header (names, types, dispositions), every text part, nested messages, preambles and epilogues, so the
// parser sees the same structure and yields the same text and the same attachment list (with empty contents).
// The stored raw source is never changed: this copy only feeds the indexer.
//
// Deliberately conservative: a part is cut only when its headers say base64 and a type that is neither
// text/*, message/* nor multipart/*, or when it is the HTML alternative of a multipart/alternative that has a
// text/plain part (the parser's text is then the plain part; the HTML is rendered to text only without one).
// Anything it cannot read with certainty (a multipart without a boundary, a missing close delimiter, nesting
// deeper than MAX_DEPTH) is left as it is.
import { unfoldedFields } from './headerFields.js';

const MAX_DEPTH = 32;

interface PartHeaders {
  /** Lowercased type/subtype; '' when absent. */
  readonly mediaType: string;
  readonly boundary: string | null;
  readonly base64: boolean;
  readonly attachment: boolean;
}

/** Index just past the end of the line starting at `pos` (past its LF), or `end`. */
const lineEnd = (s: string, pos: number, end: number): number => {
  const nl = s.indexOf('\n', pos);
  return nl === -1 || nl >= end ? end : nl + 1;
};

/** Where the header block starting at `start` ends: the start of the body (past the empty line), or -1. */
const bodyStartOf = (s: string, start: number, end: number): number => {
  for (let p = start; p < end; ) {
    const next = lineEnd(s, p, end);
    const line = s.slice(p, next);
    if (line === '\n' || line === '\r\n') return next;
    p = next;
  }
  return -1;
};

const paramOf = (value: string, name: string): string | null => {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'iu').exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/gu, '$1') : (m[2] ?? null);
};

const readHeaders = (block: string): PartHeaders => {
  let mediaType = '';
  let boundary: string | null = null;
  let base64 = false;
  let attachment = false;
  for (const { key: name, value } of unfoldedFields(block)) {
    if (name === 'content-type') {
      mediaType = (value.split(';')[0] ?? '').trim().toLowerCase();
      boundary = paramOf(value, 'boundary');
    } else if (name === 'content-transfer-encoding') {
      base64 = value.toLowerCase() === 'base64';
    } else if (name === 'content-disposition') {
      attachment = (value.split(';')[0] ?? '').trim().toLowerCase() === 'attachment';
    }
  }
  return { mediaType, boundary, base64, attachment };
};

const isBinary = (h: PartHeaders): boolean =>
  h.base64 &&
  h.mediaType !== '' &&
  !h.mediaType.startsWith('text/') &&
  !h.mediaType.startsWith('message/') &&
  !h.mediaType.startsWith('multipart/');

/** A text part the parser shows as the message text (not an attachment); no Content-Type means text/plain. */
const isInlineText = (h: PartHeaders, subtype: string): boolean =>
  !h.attachment && (h.mediaType === `text/${subtype}` || (subtype === 'plain' && h.mediaType === ''));

/**
 * The kept ranges of the part [start, end) (headers, then body), appended to `keep`. `cutHtml`: the part is
 * an alternative to a text/plain sibling, so an HTML body of it is never what the index reads (the parser
 * takes the plain text of a multipart/alternative and renders HTML as text only when there is none).
 */
function scanPart(s: string, start: number, end: number, depth: number, keep: [number, number][], cutHtml = false): void {
  const bodyStart = bodyStartOf(s, start, end);
  if (bodyStart === -1 || depth > MAX_DEPTH) {
    keep.push([start, end]);
    return;
  }
  const h = readHeaders(s.slice(start, bodyStart));
  if (h.mediaType.startsWith('multipart/') && h.boundary) {
    keep.push([start, bodyStart]);
    scanMultipart(s, bodyStart, end, h.boundary, h.mediaType === 'multipart/alternative', depth + 1, keep);
  } else if (isBinary(h) || (cutHtml && isInlineText(h, 'html'))) {
    keep.push([start, bodyStart]);
  } else {
    keep.push([start, end]);
  }
}

/** A multipart body: delimiter lines kept, each part scanned (RFC 2046 §5.1.1). */
function scanMultipart(
  s: string,
  start: number,
  end: number,
  boundary: string,
  alternative: boolean,
  depth: number,
  keep: [number, number][],
): void {
  const delimiter = `--${boundary}`;
  // Start of each delimiter line, and whether it is the close delimiter.
  const lines: { at: number; next: number; close: boolean }[] = [];
  for (let p = start; p < end; ) {
    const next = lineEnd(s, p, end);
    if (s.startsWith(delimiter, p)) {
      const rest = s.slice(p + delimiter.length, next).replace(/[ \t\r\n]+$/u, '');
      if (rest === '' || rest === '--') {
        lines.push({ at: p, next, close: rest === '--' });
        if (rest === '--') break;
      }
    }
    p = next;
  }
  const closeLine = lines[lines.length - 1];
  if (!closeLine?.close) {
    keep.push([start, end]); // no close delimiter: not sure where the parts end
    return;
  }
  const first = lines[0];
  if (!first) return;
  keep.push([start, first.next]); // preamble and the first delimiter line
  const parts: [number, number][] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const here = lines[i];
    const next = lines[i + 1];
    if (!here || !next) break;
    // The line break before a delimiter line belongs to the delimiter (RFC 2046 §5.1.1): kept with it.
    const breakLen = s[next.at - 2] === '\r' && s[next.at - 1] === '\n' ? 2 : s[next.at - 1] === '\n' ? 1 : 0;
    parts.push([here.next, Math.max(here.next, next.at - breakLen)]);
  }
  const cutHtml =
    alternative &&
    parts.some(([a, b]) => {
      const bodyStart = bodyStartOf(s, a, b);
      return bodyStart !== -1 && isInlineText(readHeaders(s.slice(a, bodyStart)), 'plain');
    });
  parts.forEach(([a, b], i) => {
    scanPart(s, a, b, depth, keep, cutHtml);
    keep.push([b, lines[i + 1]?.next ?? b]);
  });
  keep.push([closeLine.next, end]); // the epilogue
}

/** The source with the base64 bodies of its binary parts removed; the same bytes when there are none. */
export function stripAttachmentBodies(source: Uint8Array): Uint8Array {
  const s = Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('latin1');
  const keep: [number, number][] = [];
  scanPart(s, 0, s.length, 0, keep);
  const kept = keep.reduce((n, [a, b]) => n + (b - a), 0);
  if (kept === s.length) return source;
  const out = Buffer.allocUnsafe(kept);
  let at = 0;
  for (const [a, b] of keep) at += out.write(s.slice(a, b), at, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, at);
}
