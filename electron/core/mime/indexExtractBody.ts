// The body bytes of one MIME part for the index-only pass (indexExtract.ts), decoded from its
// Content-Transfer-Encoding exactly as the reader's parser (postal-mime 4) decodes them. postal-mime works
// line by line: a line is what precedes a LF, less any CRs just before it; every line of a 7bit/8bit/binary
// body is kept followed by one LF (the last one too), a quoted-printable line ends in a LF unless it ends in
// `=` (a soft break, RFC 2045 §6.7), and base64 ignores everything outside its alphabet, with every run of
// `=` ending a unit that is decoded on its own (some mailers pad every line).

export type TransferEncoding = 'plain' | 'base64' | 'quoted-printable';

const LF = 0x0a;
const CR = 0x0d;

/** The body [start, end) of `src` (whole lines), decoded. */
export function decodeBody(src: Uint8Array, start: number, end: number, encoding: TransferEncoding): Uint8Array {
  if (end <= start) return new Uint8Array(0);
  if (encoding === 'base64') return decodeBase64(src, start, end);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(src, start, end);
  return plainLines(src, start, end);
}

/** Where the content of the line starting at `p` ends (its trailing CRs and LF left out), and the next line. */
function lineAt(src: Uint8Array, p: number, end: number): [contentEnd: number, next: number] {
  const nl = src.indexOf(LF, p);
  const next = nl === -1 || nl >= end ? end : nl + 1;
  let e = nl === -1 || nl >= end ? end : nl;
  while (e > p && src[e - 1] === CR) e--;
  return [e, next];
}

function plainLines(src: Uint8Array, start: number, end: number): Uint8Array {
  const body = src.subarray(start, end);
  if (body.indexOf(CR) === -1) {
    if (body[body.length - 1] === LF) return body;
    const out = new Uint8Array(body.length + 1);
    out.set(body);
    out[body.length] = LF;
    return out;
  }
  const out = new Uint8Array(body.length + 1);
  let o = 0;
  for (let p = start; p < end; ) {
    const [e, next] = lineAt(src, p, end);
    out.set(src.subarray(p, e), o);
    o += e - p;
    out[o++] = LF;
    p = next;
  }
  return out.subarray(0, o);
}

const HEX = new Int8Array(256).fill(-1);
for (const [i, ch] of [...'0123456789abcdef'].entries()) {
  HEX[ch.charCodeAt(0)] = i;
  HEX[ch.toUpperCase().charCodeAt(0)] = i;
}

/**
 * One pass over the bytes rather than line by line: `=XX` (two hex digits; CR, LF and `=` are not hex, so
 * they never straddle a line end) is a byte, anything else itself; at each line end the trailing CRs are
 * dropped, and a `=` just before them is a soft break, else a LF is written.
 */
function decodeQuotedPrintable(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start + 1);
  let o = 0;
  let lineStart = start;
  const endLine = (at: number): void => {
    let e = at;
    while (e > lineStart && src[e - 1] === CR) e--;
    if (e > lineStart && src[e - 1] === 0x3d) o--; // the `=` was written as itself just before
    else out[o++] = LF;
  };
  for (let i = start; i < end; i++) {
    const c = src[i] ?? 0;
    if (c === 0x3d) {
      const high = i + 2 < end ? (HEX[src[i + 1] ?? 0] ?? -1) : -1;
      const low = high >= 0 ? (HEX[src[i + 2] ?? 0] ?? -1) : -1;
      if (low >= 0) {
        out[o++] = (high << 4) | low;
        i += 2;
        continue;
      }
      out[o++] = c;
    } else if (c === LF) {
      endLine(i);
      lineStart = i + 1;
    } else if (c === CR) {
      let k = i + 1;
      while (k < end && src[k] === CR) k++;
      // CRs inside a line are content; trailing ones are left out (the line ends at the LF or the end).
      if (k < end && src[k] !== LF) while (i < k) out[o++] = src[i++] ?? 0;
      i = k - 1;
    } else {
      out[o++] = c;
    }
  }
  if (lineStart < end) endLine(end);
  return out.subarray(0, o);
}

const SEXTET = new Int8Array(256).fill(-1);
for (const [i, ch] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) {
  SEXTET[ch.charCodeAt(0)] = i;
}

/**
 * Node's own base64 decoder gives the same bytes (it skips what is outside the alphabet too) unless the text
 * has `-` or `_` (base64url to Node) or `=` before its end (Node stops there; postal-mime goes on with a
 * new unit): only then is the slower loop below needed.
 */
function decodeBase64(src: Uint8Array, start: number, end: number): Uint8Array {
  const buf = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
  const absent = (byte: number): boolean => {
    const at = buf.indexOf(byte, start);
    return at === -1 || at >= end;
  };
  if (absent(0x2d) && absent(0x5f) && equalsOnlyAtTheEnd(src, buf.indexOf(0x3d, start), end)) {
    return Buffer.from(buf.toString('latin1', start, end), 'base64');
  }
  return decodeBase64Units(src, start, end);
}

/** Whether from `eq` (the first `=`, or -1) to `end` there is nothing but `=` and line breaks. */
function equalsOnlyAtTheEnd(src: Uint8Array, eq: number, end: number): boolean {
  if (eq === -1) return true;
  for (let i = eq; i < end; i++) {
    const c = src[i];
    if (c !== 0x3d && c !== CR && c !== LF) return false;
  }
  return true;
}

export function decodeBase64Units(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(((end - start) * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let count = 0;
  // A unit cut short by `=` (or the end) gives the bytes its sextets complete: 2 → 1, 3 → 2, 1 → none.
  const flush = (): void => {
    if (count === 2) out[o++] = acc >> 4;
    else if (count === 3) {
      out[o++] = acc >> 10;
      out[o++] = (acc >> 2) & 0xff;
    }
    acc = 0;
    count = 0;
  };
  for (let i = start; i < end; i++) {
    const c = src[i] ?? 0;
    const v = SEXTET[c] ?? -1;
    if (v >= 0) {
      acc = (acc << 6) | v;
      if (++count === 4) {
        out[o++] = acc >> 16;
        out[o++] = (acc >> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
        count = 0;
      }
    } else if (c === 0x3d) {
      flush();
    }
  }
  flush();
  return out.subarray(0, o);
}
