// Header-field pieces of the index-only MIME pass (indexExtract.ts): structured fields (Content-Type,
// Content-Disposition) with their parameters, RFC 2231 continuations, and the charset decoders. Each gives
// the value the reader's parser (postal-mime 4) derives, or throws Unsure where it is not certain to: then
// the caller falls back to that parser. So this accepts only the plain, well-formed shapes (which is nearly
// all mail) and leaves comments, stray backslashes, unquoted non-ASCII and odd charsets to postal-mime.
import { isUtf8 } from 'node:buffer';

/** Thrown where the fast pass is not sure to reproduce the reader's parser exactly. */
export class Unsure extends Error {}

export interface StructuredField {
  /** The value before the first `;`, lowercased, as postal-mime's parseStructuredHeader gives it. */
  readonly value: string;
  /** Parameters by lowercased name, first occurrence wins, RFC 2231 sections joined and decoded. */
  readonly params: Map<string, string>;
}

const isWsp = (c: number): boolean => c === 0x20 || c === 0x09;

/** RFC 2045 token characters, plus `/` in the main value; nothing that postal-mime treats specially. */
const isTokenChar = (c: number, slash: boolean): boolean =>
  c > 0x20 &&
  c < 0x7f &&
  c !== 0x22 && // "
  c !== 0x28 && // (
  c !== 0x29 && // )
  c !== 0x3b && // ;
  c !== 0x5c && // \
  c !== 0x3d && // =
  (slash || c !== 0x2f);

/** A parameter value token: postal-mime keeps `=`, `/`, `@`… in an unquoted value as they are. */
const isValueChar = (c: number): boolean =>
  c > 0x20 && c < 0x7f && c !== 0x22 && c !== 0x28 && c !== 0x29 && c !== 0x3b && c !== 0x5c;

/**
 * `type/subtype; name=token; name="quoted"…` with optional whitespace around `;` and `=` and an optional
 * trailing `;`. Anything else (comments, valueless parameters, junk after a quoted string) is Unsure.
 */
export function parseStructured(str: string): StructuredField {
  const n = str.length;
  let i = 0;
  const skipWsp = (): void => {
    while (i < n && isWsp(str.charCodeAt(i))) i++;
  };
  skipWsp();
  const valueStart = i;
  while (i < n && isTokenChar(str.charCodeAt(i), true)) i++;
  const value = str.slice(valueStart, i).toLowerCase();
  if (value === '') throw new Unsure('empty structured value');
  const raw = new Map<string, string>();
  for (;;) {
    skipWsp();
    if (i >= n) break;
    if (str.charCodeAt(i) !== 0x3b) throw new Unsure('junk in a structured field');
    i++;
    skipWsp();
    if (i >= n) break; // a trailing `;`: postal-mime stores an empty name, i.e. nothing
    const nameStart = i;
    while (i < n && isTokenChar(str.charCodeAt(i), false)) i++;
    const name = str.slice(nameStart, i).toLowerCase();
    // Digit-only names sort first among an object's keys, and __proto__ is not stored by postal-mime.
    if (name === '' || /^\d+$/u.test(name) || name === '__proto__') throw new Unsure('parameter name');
    skipWsp();
    if (str.charCodeAt(i) !== 0x3d) throw new Unsure('parameter without a value');
    i++;
    skipWsp();
    let v = '';
    if (str.charCodeAt(i) === 0x22) {
      i++;
      let closed = false;
      while (i < n) {
        const c = str.charCodeAt(i);
        if (c === 0x5c) {
          if (i + 1 >= n) throw new Unsure('escape at the end');
          v += str[i + 1] ?? '';
          i += 2;
        } else if (c === 0x22) {
          closed = true;
          i++;
          break;
        } else {
          v += str[i] ?? '';
          i++;
        }
      }
      if (!closed) throw new Unsure('unclosed quoted string');
    } else {
      const start = i;
      while (i < n && isValueChar(str.charCodeAt(i))) i++;
      v = str.slice(start, i);
      if (v === '') throw new Unsure('empty parameter value');
    }
    if (!raw.has(name)) raw.set(name, v);
  }
  return { value, params: joinContinuations(raw) };
}

/**
 * RFC 2231 §3–4, as postal-mime's decodeParameterValueContinuations: `name*0`, `name*1*`, `name*`… are
 * sorted by section number and joined into `name` (replacing a plain `name`), adjacent percent-encoded
 * sections decoded together in the charset of section 0.
 */
function joinContinuations(params: Map<string, string>): Map<string, string> {
  const byKey = new Map<string, { charset: string | null; values: { nr: number; value: string; encoded: boolean }[] }>();
  for (const [key, rawValue] of [...params]) {
    const m = /\*((\d+)\*?)?$/u.exec(key);
    if (!m) continue;
    const actualKey = key.slice(0, m.index);
    const nr = Number(m[2]) || 0;
    let entry = byKey.get(actualKey);
    if (!entry) {
      entry = { charset: null, values: [] };
      byKey.set(actualKey, entry);
    }
    let value = rawValue;
    const encoded = m[0].endsWith('*');
    const lang = nr === 0 && encoded ? /^([^']*)'[^']*'(.*)$/u.exec(value) : null;
    if (lang) {
      entry.charset = lang[1] || 'utf-8';
      value = lang[2] ?? '';
    }
    entry.values.push({ nr, value, encoded });
    params.delete(key);
  }
  for (const [key, entry] of byKey) {
    let result = '';
    let pending = '';
    for (const part of entry.values.sort((a, b) => a.nr - b.nr)) {
      if (part.encoded) {
        pending += part.value;
        continue;
      }
      if (pending) result += percentDecode(pending, entry.charset);
      pending = '';
      result += part.value;
    }
    if (pending) result += percentDecode(pending, entry.charset);
    params.set(key, result);
  }
  return params;
}

const hexNibble = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

const encoder = new TextEncoder();

/** postal-mime's decodeURIComponentWithCharset: %XX to bytes, other characters as UTF-8, then the charset. */
function percentDecode(str: string, charset: string | null): string {
  const bytes: number[] = [];
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    const high = c === 0x25 ? hexNibble(str.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexNibble(str.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes.push((high << 4) | low);
      i += 2;
    } else if (c > 126) {
      for (const b of encoder.encode(str.charAt(i))) bytes.push(b);
    } else {
      bytes.push(c);
    }
  }
  return decoderFor(charset || 'utf-8').decode(new Uint8Array(bytes));
}

/**
 * Charset labels (trimmed, lowercased) whose decoder is known to be the one postal-mime's getDecoder picks:
 * WHATWG labels it takes as written, and the aliases it maps (tis620, cp874… → windows-874). Anything else
 * (a label it would normalize some other way, or one it decodes as windows-1252 for want of a decoder) is
 * Unsure. indexExtract.test.ts checks every entry against postal-mime itself.
 */
export const KNOWN_CHARSETS: ReadonlyMap<string, string> = new Map([
  ...[
    'utf-8', 'utf8', 'unicode-1-1-utf-8',
    'us-ascii', 'ascii', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'windows-1252', 'cp1252',
    'tis-620', 'windows-874', 'iso-8859-11', 'iso8859-11', 'iso885911', 'dos-874',
    'iso-8859-2', 'windows-1250', 'iso-8859-5', 'windows-1251', 'koi8-r', 'iso-8859-7', 'windows-1253',
    'iso-8859-9', 'windows-1254', 'iso-8859-15', 'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258',
    'gb2312', 'gbk', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'iso-2022-jp', 'euc-kr', 'ks_c_5601-1987',
    'utf-16le', 'utf-16be', 'utf-16',
  ].map((l): [string, string] => [l, l]),
  ['tis620', 'windows-874'],
  ['x-tis620', 'windows-874'],
  ['cp874', 'windows-874'],
  ['x-cp874', 'windows-874'],
  ['ms874', 'windows-874'],
]);

type Decoder = InstanceType<typeof TextDecoder>;
const decoders = new Map<string, Decoder>();

/** The decoder postal-mime uses for a charset parameter (absent: UTF-8), or Unsure. */
/**
 * Text in a part's charset, as postal-mime decodes it. Valid UTF-8 (nearly all mail) takes Node's native
 * decoder, which gives the same string as TextDecoder's but for the BOM, dropped here as TextDecoder does.
 */
export function decodeText(charset: string | undefined, bytes: Uint8Array): string {
  const decoder = decoderFor(charset);
  if (decoder.encoding !== 'utf-8' || !isUtf8(bytes)) return decoder.decode(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function decoderFor(charset: string | undefined): Decoder {
  const label = KNOWN_CHARSETS.get((charset || 'utf8').trim().toLowerCase());
  if (!label) throw new Unsure(`charset ${charset ?? ''}`);
  let d = decoders.get(label);
  if (!d) {
    // Default options, as postal-mime: a leading BOM is dropped, bad bytes become U+FFFD.
    d = new TextDecoder(label);
    decoders.set(label, d);
  }
  return d;
}
