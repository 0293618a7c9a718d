// RFC 5322 §3.2 lexical layer for one address: quoted strings, comments (nested, with quoted-pairs),
// domain literals, specials and atoms. Comments and folding white space collapse into one "cfws" token.

export type AddressToken =
  | { readonly kind: 'atom'; readonly text: string }
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'cfws' }
  | { readonly kind: 'special'; readonly text: '<' | '>' | '@' | ',' | ';' | ':' | '.' };

export type TokenizeError =
  'unterminated-quote' | 'unterminated-comment' | 'unterminated-literal' | 'unexpected-character';

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly AddressToken[] }
  | { readonly ok: false; readonly reason: TokenizeError };

const SPECIALS = new Set(['<', '>', '@', ',', ';', ':', '.']);
const WSP = new Set([' ', '\t']);
// Characters that can never start or appear bare in an address outside their own construct.
const STRAY = new Set([')', ']', '\\']);

/** Scans a construct closed by `close` starting after its opener; returns its unescaped text and end index. */
const scanDelimited = (
  s: string,
  start: number,
  open: string | null,
  close: string,
): [string, number] | null => {
  let depth = 1;
  let text = '';
  for (let i = start; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '\\') {
      if (i + 1 >= s.length) return null;
      text += s[++i];
    } else if (ch === close && --depth === 0) {
      return [text, i + 1];
    } else {
      if (ch === open) depth++;
      text += ch;
    }
  }
  return null;
};

export function tokenizeAddress(s: string): TokenizeResult {
  const tokens: AddressToken[] = [];
  const push = (t: AddressToken): void => {
    const last = tokens[tokens.length - 1];
    if (t.kind === 'cfws' && last?.kind === 'cfws') return;
    tokens.push(t);
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    if (WSP.has(ch)) {
      push({ kind: 'cfws' });
      i++;
    } else if (ch === '(') {
      const r = scanDelimited(s, i + 1, '(', ')');
      if (!r) return { ok: false, reason: 'unterminated-comment' };
      push({ kind: 'cfws' });
      i = r[1];
    } else if (ch === '"') {
      const r = scanDelimited(s, i + 1, null, '"');
      if (!r) return { ok: false, reason: 'unterminated-quote' };
      push({ kind: 'quoted', text: r[0] });
      i = r[1];
    } else if (ch === '[') {
      const r = scanDelimited(s, i + 1, null, ']');
      if (!r) return { ok: false, reason: 'unterminated-literal' };
      push({ kind: 'literal', text: r[0] });
      i = r[1];
    } else if (SPECIALS.has(ch)) {
      push({ kind: 'special', text: ch as '<' });
      i++;
    } else if (STRAY.has(ch)) {
      return { ok: false, reason: 'unexpected-character' };
    } else {
      let j = i;
      while (j < s.length) {
        const c = s[j] as string;
        if (WSP.has(c) || SPECIALS.has(c) || STRAY.has(c) || c === '(' || c === '"' || c === '[') break;
        j++;
      }
      tokens.push({ kind: 'atom', text: s.slice(i, j) });
      i = j;
    }
  }
  return { ok: true, tokens };
}
