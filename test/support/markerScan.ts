// Searching files for secret markers in every form a leak could take on disk: raw UTF-8, base64 (at the
// three byte alignments a marker can have inside a base64 stream), quoted-printable (upper and lower case
// hex), UTF-16LE and UTF-16BE. Used by the no-plaintext test; tests only.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MarkerForm {
  readonly marker: string;
  readonly form: string;
  readonly bytes: Buffer;
}

const qp = (bytes: Buffer, lower: boolean): string =>
  [...bytes]
    .map((b) => (b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).padStart(2, '0')}`))
    .map((s) => (s.startsWith('=') ? (lower ? s : s.toUpperCase()) : s))
    .join('');

/** Base64 of the marker behind 0, 1 and 2 bytes of prefix, minus the edge characters the prefix and the end touch. */
const base64Forms = (bytes: Buffer): string[] =>
  [0, 1, 2].map((pad) => {
    const b64 = Buffer.concat([Buffer.alloc(pad, 0x41), bytes]).toString('base64');
    return b64.slice(4, b64.length - 4);
  });

export function markerForms(marker: string, minLength = 16): MarkerForm[] {
  const utf8 = Buffer.from(marker, 'utf8');
  const le = Buffer.from(marker, 'utf16le');
  const be = Buffer.from(le).swap16();
  const forms: MarkerForm[] = [
    { marker, form: 'utf8', bytes: utf8 },
    { marker, form: 'utf16le', bytes: le },
    { marker, form: 'utf16be', bytes: be },
    ...base64Forms(utf8).map((s, i) => ({ marker, form: `base64+${i}`, bytes: Buffer.from(s) })),
    { marker, form: 'qp', bytes: Buffer.from(qp(utf8, false)) },
    { marker, form: 'qp-lower', bytes: Buffer.from(qp(utf8, true)) },
  ];
  for (const f of forms) {
    if (f.bytes.length < minLength) throw new Error(`marker form ${f.form} of ${marker} is too short to be unambiguous`);
  }
  // Identical forms (QP of ASCII is the text itself) are searched once.
  return forms.filter((f, i) => forms.findIndex((g) => g.bytes.equals(f.bytes)) === i);
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface MarkerHit {
  readonly file: string;
  readonly marker: string;
  readonly form: string;
}

export function scanFiles(files: readonly string[], forms: readonly MarkerForm[]): MarkerHit[] {
  const hits: MarkerHit[] = [];
  for (const file of files) {
    const data = readFileSync(file);
    for (const f of forms) if (data.includes(f.bytes)) hits.push({ file, marker: f.marker, form: f.form });
  }
  return hits;
}
