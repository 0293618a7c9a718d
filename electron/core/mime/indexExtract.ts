// What the search index needs from a raw message (To/Cc, the body text, the attachments' names), in one pass
// over its bytes, without the reader's full parser. The reader keeps postal-mime (parseMessage.ts); the index
// used to run it too, on a copy without the attachments' bodies (stripAttachmentBodies.ts), at ~0.3 ms a
// message, one of the two limits of building the index. This pass gives exactly what that path gives, or
// null where it is not certain to (an unknown charset, a comment in a Content-Type, an inline
// message/rfc822, text it would have to convert between HTML and plain, anything malformed), and the caller
// then uses the full parser: correctness first, speed for the common case.
//
// It follows postal-mime 4's own reading, step for step: lines end at LF less trailing CRs; a line that
// starts with `--` and matches the boundary of an open multipart (innermost first, RFC 2046 §5.1.1, trailing
// blanks allowed) opens the next part or closes that multipart; only the first Content-Type,
// Content-Transfer-Encoding and Content-Disposition of a part count; leaves are visited depth first; inline
// text/plain and text/html are the body (the parts of one multipart/alternative grouped together), every
// other leaf is an attachment.
import { addressParser, decodeWords } from 'postal-mime';
import type { Address } from 'postal-mime';
import type { Mailbox } from '../../../shared/domain/schemas.js';
import { htmlToText } from '../search/htmlToText.js';
import { decodeBody, type TransferEncoding } from './indexExtractBody.js';
import { decodeText, parseStructured, Unsure, type StructuredField } from './indexExtractFields.js';
import { sanitizeFilename } from './sanitizeFilename.js';

export interface IndexExtract {
  readonly to: Mailbox[];
  readonly cc: Mailbox[];
  /** The reader's text, or its HTML reduced by htmlToText when it has no text; not capped. */
  readonly body: string;
  /** The attachments' sanitized names, in the reader's order (parseMessage.ts). */
  readonly attachments: string[];
}

/** Deeper nesting is left to postal-mime (which refuses more than 256 levels). */
const MAX_DEPTH = 32;
/** Header bytes of all parts together; postal-mime refuses more than 2 MB. */
const MAX_HEADER_BYTES = 256 * 1024;
const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

const headerDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const LF_DASH_DASH = new Uint8Array([LF, DASH, DASH]);

interface Part {
  readonly parent: Part | null;
  readonly depth: number;
  state: 'header' | 'body' | 'finished';
  /** [start, end) of each header line's content. */
  readonly headerLines: number[];
  bodyStart: number;
  bodyEnd: number;
  readonly children: Part[];
  finishedChildren: number;
  type: StructuredField;
  disposition: StructuredField | null;
  encoding: TransferEncoding;
  /** The root's To and Cc values, in order. */
  readonly addresses: { to: string[]; cc: string[] } | null;
}

const newPart = (parent: Part | null): Part => {
  const depth = parent ? parent.depth + 1 : 0;
  if (depth > MAX_DEPTH) throw new Unsure('nesting');
  const part: Part = {
    parent,
    depth,
    state: 'header',
    headerLines: [],
    bodyStart: 0,
    bodyEnd: 0,
    children: [],
    finishedChildren: 0,
    type: { value: 'text/plain', params: new Map() },
    disposition: null,
    encoding: 'plain',
    addresses: parent ? null : { to: [], cc: [] },
  };
  parent?.children.push(part);
  return part;
};

/** Whether the bytes [a, b) are `name` in any ASCII case (the field names here are lowercase ASCII). */
function nameIs(src: Uint8Array, a: number, b: number, name: string): boolean {
  if (b - a !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    let c = src[a + i] ?? 0;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** The first `;`-parameter `name` as stripAttachmentBodies.ts reads it (the index copy must cut the same parts). */
const strippersParam = (value: string, name: string): string | null => {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'iu').exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/gu, '$1') : (m[2] ?? null);
};

const trimWsp = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/gu, '');

class Extractor {
  private readonly boundaries: { value: Uint8Array; part: Part }[] = [];
  private readonly root: Part = newPart(null);
  private current: Part = this.root;
  private headerBytes = 0;

  private readonly buf: Buffer;

  constructor(private readonly src: Uint8Array) {
    this.buf = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  }

  run(): Part {
    const src = this.src;
    const n = src.length;
    let p = 0;
    while (p < n) {
      const part = this.current;
      if (part.state === 'header') {
        p = this.line(p, false);
        continue;
      }
      // In a body only a line that starts with `--` can change anything: jump to the next one.
      let next = n;
      if (this.boundaries.length > 0) {
        if (src[p] === DASH && src[p + 1] === DASH) next = p;
        else {
          const at = this.buf.indexOf(LF_DASH_DASH, p);
          if (at !== -1) next = at + 1;
        }
      }
      if (part.state === 'body') part.bodyEnd = next;
      if (next >= n) break;
      p = this.line(next, true);
    }
    this.finalize(this.root);
    return this.root;
  }

  /** Processes the line at `p` (in a body: one that starts with `--`); returns where the next one starts. */
  private line(p: number, inBody: boolean): number {
    const src = this.src;
    const nl = src.indexOf(LF, p);
    const next = nl === -1 ? src.length : nl + 1;
    let end = nl === -1 ? src.length : nl;
    while (end > p && src[end - 1] === CR) end--;
    if (end - p > 2 && src[p] === DASH && src[p + 1] === DASH && this.boundary(p, end)) return next;
    const part = this.current;
    if (inBody) {
      if (part.state === 'body') part.bodyEnd = next;
      return next;
    }
    if (end === p) {
      // stripAttachmentBodies only ends a header section at "\n" or "\r\n"; postal-mime also at "\r\r\n".
      if (next - p > 2 || (next - p === 2 && src[p] !== CR) || nl === -1) throw new Unsure('odd empty line');
      this.processHeaders(part);
      part.state = 'body';
      part.bodyStart = part.bodyEnd = next;
      return next;
    }
    // A CR other than the one of a CRLF: the two readers of header sections split such lines differently.
    if ((nl === -1 ? end !== src.length : next - end > 2) || src.subarray(p, end).indexOf(CR) !== -1) {
      throw new Unsure('bare CR in a header');
    }
    this.headerBytes += end - p;
    if (this.headerBytes > MAX_HEADER_BYTES) throw new Unsure('header size');
    part.headerLines.push(p, end);
    return next;
  }

  /** postal-mime's boundary test: `--` + boundary, `--` optionally, then only blanks. */
  private boundary(p: number, end: number): boolean {
    const src = this.src;
    for (let i = this.boundaries.length - 1; i >= 0; i--) {
      const b = this.boundaries[i];
      if (!b) continue;
      const len = b.value.length;
      if (end - p < len + 2) continue;
      let matches = true;
      for (let j = 0; j < len; j++) {
        if (src[p + 2 + j] !== b.value[j]) {
          matches = false;
          break;
        }
      }
      if (!matches) continue;
      let after = p + 2 + len;
      const close = end - p >= len + 4 && src[after] === DASH && src[after + 1] === DASH;
      if (close) after += 2;
      let blanks = true;
      for (let j = after; j < end; j++) {
        if (src[j] !== 0x20 && src[j] !== 0x09) {
          blanks = false;
          break;
        }
      }
      if (!blanks) continue;
      if (close) {
        this.finalize(b.part);
        this.current = b.part.parent ?? this.root;
      } else {
        this.finalizeChildren(b.part);
        this.current = newPart(b.part);
      }
      return true;
    }
    return false;
  }

  private finalize(part: Part): void {
    if (part.state === 'finished') return;
    if (part.state === 'header') this.processHeaders(part);
    const i = this.boundaries.findLastIndex((b) => b.part === part);
    if (i !== -1) this.boundaries.splice(i, 1);
    this.finalizeChildren(part);
    part.state = 'finished';
  }

  private finalizeChildren(part: Part): void {
    while (part.finishedChildren < part.children.length) {
      const child = part.children[part.finishedChildren++];
      if (child) this.finalize(child);
    }
  }

  /** A field's value as stripAttachmentBodies.ts unfolds it (headerFields.ts): latin1, each fold one space. */
  private strippersValue(lines: readonly number[], from: number, to: number): string {
    let text = '';
    for (let k = from; k < to; k += 2) {
      const line = this.buf.toString('latin1', lines[k], lines[k + 1]);
      text += k === from ? line : ` ${line.replace(/^[ \t]+/u, '')}`;
    }
    return text.slice(text.indexOf(':') + 1).trim();
  }

  /** The header fields that decide how the part is read (first of each; a second one is Unsure). */
  private processHeaders(part: Part): void {
    const src = this.src;
    const lines = part.headerLines;
    let type: string | null = null;
    let typeLines: [number, number] = [0, 0];
    let encoding: string | null = null;
    let disposition: string | null = null;
    for (let i = 0; i < lines.length; ) {
      const start = lines[i] ?? 0;
      const firstEnd = lines[i + 1] ?? 0;
      let j = i + 2;
      // Folded lines (RFC 5322 §2.2.3: only SP and HTAB continue a field).
      while (j < lines.length && (src[lines[j] ?? 0] === 0x20 || src[lines[j] ?? 0] === 0x09)) j += 2;
      const colon = src.subarray(start, firstEnd).indexOf(0x3a);
      if (colon === -1) throw new Unsure('a header line without a colon');
      let a = start;
      let b = start + colon;
      while (a < b && (src[a] === 0x20 || src[a] === 0x09)) a++;
      while (b > a && (src[b - 1] === 0x20 || src[b - 1] === 0x09)) b--;
      const which =
        nameIs(src, a, b, 'content-type') ? 'type'
        : nameIs(src, a, b, 'content-transfer-encoding') ? 'encoding'
        : nameIs(src, a, b, 'content-disposition') ? 'disposition'
        : part.addresses && nameIs(src, a, b, 'to') ? 'to'
        : part.addresses && nameIs(src, a, b, 'cc') ? 'cc'
        : null;
      if (which) {
        let unfolded = '';
        for (let k = i; k < j; k += 2) unfolded += headerDecoder.decode(src.subarray(lines[k], lines[k + 1]));
        const value = trimWsp(unfolded.slice(unfolded.indexOf(':') + 1));
        if (which === 'to' || which === 'cc') {
          if (value) part.addresses?.[which].push(value);
        } else if (which === 'type') {
          if (type !== null) throw new Unsure('two Content-Types');
          type = value;
          typeLines = [i, j];
        } else if (which === 'encoding') {
          if (encoding !== null) throw new Unsure('two Content-Transfer-Encodings');
          encoding = value;
        } else {
          if (disposition !== null) throw new Unsure('two Content-Dispositions');
          disposition = value;
        }
      }
      i = j;
    }
    if (type !== null) part.type = parseStructured(type);
    if (disposition !== null) part.disposition = parseStructured(disposition);
    if (encoding !== null) {
      const e = encoding.toLowerCase();
      if (e === 'base64' || e === 'quoted-printable') part.encoding = e;
      else if (e !== '7bit' && e !== '8bit' && e !== 'binary') throw new Unsure(`transfer encoding ${e}`);
    }
    if (part.type.value.startsWith('multipart/')) {
      const boundary = part.type.params.get('boundary');
      if (part.type.value === 'multipart/digest') throw new Unsure('digest'); // parts default to message/rfc822
      if (!boundary || !/^[\x20-\x7e]+$/u.test(boundary)) throw new Unsure('boundary');
      if (strippersParam(this.strippersValue(lines, ...typeLines), 'boundary') !== boundary) {
        throw new Unsure('boundary as the stripper reads it');
      }
      this.boundaries.push({ value: Buffer.from(boundary, 'latin1'), part });
    }
  }
}

const flatten = (list: readonly Address[], out: Mailbox[]): void => {
  for (const a of list) {
    if (a.group) flatten(a.group, out);
    else if (a.address) out.push({ name: a.name ?? '', address: a.address });
  }
};

const mailboxes = (values: readonly string[]): Mailbox[] => {
  const out: Mailbox[] = [];
  for (const v of values) flatten(addressParser(v), out);
  return out;
};

/** parseMessage.ts's fallback file name extension for a type. */
function extensionFor(mimeType: string): string {
  const sub = mimeType.split('/')[1] ?? '';
  return /^[a-z0-9]{1,8}$/u.test(sub) ? `.${sub}` : '';
}

interface TextEntry {
  readonly plain: Part[];
  readonly html: Part[];
}

function textOf(src: Uint8Array, part: Part): string {
  // format=flowed (RFC 3676) is unwrapped by postal-mime; rare enough to leave to it.
  if (/^flowed$/iu.test(part.type.params.get('format') ?? '')) throw new Unsure('format=flowed');
  return decodeText(part.type.params.get('charset'), decodeBody(src, part.bodyStart, part.bodyEnd, part.encoding));
}

/** The index's view of `source`, or null where only the full parser can be trusted to give it. */
export function indexExtract(source: Uint8Array): IndexExtract | null {
  try {
    return extract(source);
  } catch {
    // Unsure, or anything unforeseen (a decoder this runtime lacks): the full parser decides.
    return null;
  }
}

function extract(src: Uint8Array): IndexExtract {
  const root = new Extractor(src).run();
  // Text parts by the node that selects them (the closest multipart/alternative, else the part itself),
  // in the order postal-mime's textMap keeps them; and the attachments, in its order.
  const entries = new Map<Part, TextEntry>();
  const attachments: string[] = [];
  const visit = (part: Part, alternative: Part | null): void => {
    const type = part.type.value;
    if (type.startsWith('multipart/')) {
      const alt = type === 'multipart/alternative' ? part : alternative;
      for (const child of part.children) visit(child, alt);
      return;
    }
    const disposition = part.disposition?.value ?? '';
    if (type === 'message/rfc822' && (disposition || 'inline') === 'inline') throw new Unsure('inline message/rfc822');
    if (disposition !== 'attachment' && (type === 'text/plain' || type === 'text/html')) {
      const selector = alternative ?? part;
      let entry = entries.get(selector);
      if (!entry) {
        entry = { plain: [], html: [] };
        entries.set(selector, entry);
      }
      (type === 'text/html' ? entry.html : entry.plain).push(part);
      return;
    }
    const raw = part.disposition?.params.get('filename') || part.type.params.get('name') || null;
    const name = raw ? decodeWords(raw) : null;
    attachments.push(sanitizeFilename(name, `attachment-${attachments.length + 1}${extensionFor(type)}`));
  };
  visit(root, null);
  if (!root.addresses) throw new Unsure('no root');
  return {
    to: mailboxes(root.addresses.to),
    cc: mailboxes(root.addresses.cc),
    body: bodyText(src, [...entries.values()]),
    attachments,
  };
}

/**
 * postal-mime's `text` (each entry's plain parts, joined by LF), or, when no part is plain, htmlToText of its
 * `html`. An entry with HTML only next to one with plain text would need postal-mime's own HTML-to-text
 * conversion, and an empty plain text its text-to-HTML one: Unsure.
 */
function bodyText(src: Uint8Array, entries: readonly TextEntry[]): string {
  const anyPlain = entries.some((e) => e.plain.length > 0);
  if (anyPlain) {
    if (entries.some((e) => e.plain.length === 0)) throw new Unsure('an HTML-only part next to plain text');
    const text = entries.flatMap((e) => e.plain.map((p) => textOf(src, p))).join('\n');
    const anyHtml = entries.some((e) => e.html.length > 0);
    if (text === '' && anyHtml) throw new Unsure('empty plain text with HTML');
    return text;
  }
  const html = entries.flatMap((e) => e.html.map((p) => textOf(src, p))).join('\n');
  return html ? htmlToText(html) : '';
}
