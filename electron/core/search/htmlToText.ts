// HTML reduced to text for the search index, used when a message has no text/plain part. It only has to
// be good enough to find words in: nothing produced here is ever rendered, so no sanitizing is needed,
// but invisible content (script, style, head, comments) must not become searchable text.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  bull: '•',
  middot: '·',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  zwj: '\u200D',
  zwnj: '\u200C',
  shy: '',
};

const fromCodePoint = (n: number): string =>
  Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '';

export const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});?/giu, (whole, name: string) => {
    if (name[0] === '#') {
      const hex = name[1] === 'x' || name[1] === 'X';
      return fromCodePoint(Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });

export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/gu, ' ')
      .replace(/<(script|style|head|title|template|noscript)\b[\s\S]*?<\/\1\s*>/giu, ' ')
      .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|\/blockquote|hr)\b[^>]*>/giu, '\n')
      .replace(/<\/t[dh]\s*>/giu, '\t')
      .replace(/<[^>]*>/gu, ''),
  )
    .replace(/[ \t\u00A0]+/gu, ' ')
    .replace(/\s*\n\s*/gu, '\n')
    .trim();
}
