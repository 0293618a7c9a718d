// Attachment names come from the sender. Before one is shown (or ever used to save a file) it loses what
// can lie about it: path separators (writing outside the target folder), control characters, and bidi
// controls that make "invoice\u202Efdp.exe" display as "invoiceexe.pdf" (DESIGN.md §7).

const MAX_LENGTH = 200;

// C0, DEL, C1; bidi embeddings/overrides U+202A–U+202E; isolates U+2066–U+2069; the implicit marks
// LRM/RLM/ALM, which can reorder an extension just as well.
const isUnsafe = (cp: number): boolean =>
  cp <= 0x1f ||
  (cp >= 0x7f && cp <= 0x9f) ||
  (cp >= 0x202a && cp <= 0x202e) ||
  (cp >= 0x2066 && cp <= 0x2069) ||
  cp === 0x200e ||
  cp === 0x200f ||
  cp === 0x061c;

export function sanitizeFilename(name: string | null | undefined, fallback = 'attachment'): string {
  let s = [...(name ?? '').normalize('NFC')].filter((ch) => !isUnsafe(ch.codePointAt(0) ?? 0)).join('');
  s = s.replace(/[/\\]/gu, '_');
  // Leading dots hide files on Unix and ".." is a path step; trailing dots and spaces are dropped by
  // Windows, which would change the effective extension.
  s = s.trim().replace(/^\.+/u, '').replace(/[. ]+$/u, '');
  if (s.length > MAX_LENGTH) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    s = [...s.slice(0, MAX_LENGTH - ext.length)].join('') + ext;
  }
  return s === '' ? fallback : s;
}
