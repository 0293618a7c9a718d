// Parse ONE recipient as written by a user or found in a header (RFC 5322 §3.4 mailbox: addr-spec,
// "Name <addr-spec>", quoted local parts, comments) and normalize it for judging. Only the addr-spec is
// ever judged: a display name such as "boss@moph.go.th" is text, not an address. Anything ambiguous
// (groups, lists, IP literals, obsolete routes) is refused, because an invalid recipient is blocked.
import { tokenizeAddress, type AddressToken, type TokenizeError } from './addressTokens.js';
import { toAsciiDomain, type DomainErrorCode } from './idna.js';

export type AddressErrorCode =
  | TokenizeError
  | DomainErrorCode
  | 'empty'
  | 'too-long'
  | 'control-character'
  | 'multiple-addresses'
  | 'group-syntax'
  | 'unbalanced-angle'
  | 'at-in-display-name'
  | 'trailing-text'
  | 'missing-at'
  | 'multiple-at'
  | 'empty-local'
  | 'invalid-local-part'
  | 'local-too-long'
  | 'ip-literal'
  | 'space-in-domain'
  | 'invalid-domain';

export type NormalizedAddress =
  | {
      readonly ok: true;
      /** local@ascii-domain, lower case; the comparison and audit form. */
      readonly address: string;
      readonly local: string;
      /** ASCII (punycode) domain, the form that is matched against lists. */
      readonly domain: string;
      readonly unicodeDomain: string;
      /** The display name, unjudged and for display only; '' when absent. */
      readonly displayName: string;
    }
  | { readonly ok: false; readonly reason: AddressErrorCode; readonly message: string };

type Failure = Extract<NormalizedAddress, { ok: false }>;

const MESSAGES: Partial<Record<AddressErrorCode, string>> = {
  empty: 'the address is empty',
  'too-long': 'the address is too long',
  'control-character': 'the address contains a control character or line break',
  'unterminated-quote': 'a quoted string is not closed',
  'unterminated-comment': 'a comment in parentheses is not closed',
  'unterminated-literal': "a '[' is not closed",
  'unexpected-character': 'the address contains a stray character',
  'multiple-addresses': 'more than one address was given; enter one address at a time',
  'group-syntax': 'group syntax ("name: a, b;") is not accepted; enter each address separately',
  'unbalanced-angle': "the '<' and '>' around the address do not match",
  'at-in-display-name': "the name before '<' contains an unquoted '@'",
  'trailing-text': "there is text after the closing '>'",
  'missing-at': "the address has no '@'",
  'multiple-at': "the address has more than one unquoted '@'",
  'empty-local': "the part before '@' is empty",
  'invalid-local-part': "the part before '@' is not valid",
  'local-too-long': "the part before '@' is longer than 64 octets",
  'ip-literal': 'an IP address in brackets is not accepted as a mail domain',
  'space-in-domain': 'the domain contains a space',
  'invalid-domain': 'the domain is not valid',
};

const fail = (reason: AddressErrorCode, message?: string): Failure => ({
  ok: false,
  reason,
  message: message ?? MESSAGES[reason] ?? reason,
});

// RFC 5322 atext, plus any non-ASCII letter/mark/digit/symbol (RFC 6532) but never spaces or format marks.
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
const UTF8_NON_ASCII = /^[^\p{ASCII}\p{C}\p{Z}]$/u;
const DOT_ATOM = /^[^.]+(\.[^.]+)*$/;
const CONTROL = /(?!\t)\p{Cc}/u;
const MAX_INPUT = 1000;
const MAX_ADDRESS = 254;

const isAtext = (text: string): boolean => [...text].every((ch) => ATEXT.test(ch) || UTF8_NON_ASCII.test(ch));

const utf8Length = (s: string): number => {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
};

const trimCfws = (tokens: readonly AddressToken[]): readonly AddressToken[] => {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a]?.kind === 'cfws') a++;
  while (b > a && tokens[b - 1]?.kind === 'cfws') b--;
  return tokens.slice(a, b);
};

const isSpecial = (t: AddressToken | undefined, text: string): boolean =>
  t?.kind === 'special' && t.text === text;

/** Local part: a dot-atom, or one quoted string. Obsolete mixes such as "a".b are refused. */
const parseLocal = (tokens: readonly AddressToken[]): string | Failure => {
  const only = tokens[0];
  if (tokens.length === 0) return fail('empty-local');
  if (tokens.length === 1 && only?.kind === 'quoted') {
    if (only.text === '') return fail('empty-local');
    if (CONTROL.test(only.text) || /\p{Cf}/u.test(only.text)) return fail('invalid-local-part');
    return only.text;
  }
  let text = '';
  for (const t of tokens) {
    if (t.kind === 'atom' && isAtext(t.text)) text += t.text;
    else if (isSpecial(t, '.')) text += '.';
    else return fail('invalid-local-part');
  }
  return DOT_ATOM.test(text) ? text : fail('invalid-local-part');
};

/** Re-quote a local part only when it is not a valid dot-atom, escaping per RFC 5322 quoted-pair. */
const formatLocal = (local: string): string =>
  DOT_ATOM.test(local) && isAtext(local.replaceAll('.', ''))
    ? local
    : `"${local.replace(/["\\]/g, (c) => `\\${c}`)}"`;

const parseDomain = (tokens: readonly AddressToken[]): string | Failure => {
  if (tokens.length === 0) return fail('empty-domain', 'the domain is empty');
  let text = '';
  for (const t of tokens) {
    if (t.kind === 'literal') return fail('ip-literal');
    if (t.kind === 'cfws') return fail('space-in-domain');
    if (t.kind === 'atom' || isSpecial(t, '.')) text += t.kind === 'atom' ? t.text : '.';
    else return fail('invalid-domain');
  }
  return text;
};

const parseAddrSpec = (tokens: readonly AddressToken[]): { local: string; domain: string } | Failure => {
  const spec = trimCfws(tokens);
  const ats = spec.flatMap((t, i) => (isSpecial(t, '@') ? [i] : []));
  if (ats.length === 0) return fail('missing-at');
  if (ats.length > 1) return fail('multiple-at');
  const at = ats[0] as number;
  const local = parseLocal(trimCfws(spec.slice(0, at)));
  if (typeof local !== 'string') return local;
  const domain = parseDomain(trimCfws(spec.slice(at + 1)));
  if (typeof domain !== 'string') return domain;
  return { local, domain };
};

const displayNameOf = (tokens: readonly AddressToken[]): string | Failure => {
  const words: string[] = [];
  for (const t of trimCfws(tokens)) {
    if (t.kind === 'atom' || t.kind === 'quoted') words.push(t.text);
    else if (t.kind === 'cfws') words.push(' ');
    else if (isSpecial(t, '.'))
      words.push('.'); // RFC 5322 §4.1 obs-phrase: "John Q. Public"
    else if (isSpecial(t, '@')) return fail('at-in-display-name');
    else return fail('invalid-local-part', 'the name before the address is not valid');
  }
  return words.join('').replace(/ +/g, ' ').trim();
};

/** Splits "Name <spec>" from a bare spec, refusing anything that could hold more than one address. */
const splitMailbox = (
  tokens: readonly AddressToken[],
): { name: readonly AddressToken[]; spec: readonly AddressToken[] } | Failure => {
  if (tokens.some((t) => isSpecial(t, ','))) return fail('multiple-addresses');
  if (tokens.some((t) => isSpecial(t, ':') || isSpecial(t, ';'))) return fail('group-syntax');
  const opens = tokens.flatMap((t, i) => (isSpecial(t, '<') ? [i] : []));
  const closes = tokens.flatMap((t, i) => (isSpecial(t, '>') ? [i] : []));
  if (opens.length === 0 && closes.length === 0) return { name: [], spec: tokens };
  if (opens.length > 1 || closes.length > 1) return fail('multiple-addresses');
  const open = opens[0];
  const close = closes[0];
  if (open === undefined || close === undefined || close < open) return fail('unbalanced-angle');
  if (trimCfws(tokens.slice(close + 1)).length > 0) return fail('trailing-text');
  return { name: tokens.slice(0, open), spec: tokens.slice(open + 1, close) };
};

/**
 * Parse and normalize one address: trim, lower case, one trailing dot of the domain dropped, domain to
 * ASCII via IDNA. The local part is lower-cased too: addresses are compared and grouped in this form
 * (servers treat local parts case-insensitively in practice, RFC 5321 §2.4).
 */
export function normalizeAddress(input: string): NormalizedAddress {
  const s = input.trim();
  if (s === '') return fail('empty');
  if (s.length > MAX_INPUT) return fail('too-long');
  // CR/LF would let a recipient smuggle extra header lines; no control character belongs in an address.
  if (CONTROL.test(s)) return fail('control-character');
  const lexed = tokenizeAddress(s);
  if (!lexed.ok) return fail(lexed.reason);
  const mailbox = splitMailbox(lexed.tokens);
  if ('ok' in mailbox) return mailbox;
  const displayName = displayNameOf(mailbox.name);
  if (typeof displayName !== 'string') return displayName;
  const spec = parseAddrSpec(mailbox.spec);
  if ('ok' in spec) return spec;
  const domain = toAsciiDomain(spec.domain);
  if (!domain.ok) return fail(domain.code, `the domain is not valid: ${domain.message}`);
  const local = spec.local.normalize('NFC').toLowerCase();
  if (utf8Length(local) > 64) return fail('local-too-long');
  const address = `${formatLocal(local)}@${domain.ascii}`;
  if (utf8Length(address) > MAX_ADDRESS) return fail('too-long');
  return { ok: true, address, local, domain: domain.ascii, unicodeDomain: domain.unicode, displayName };
}
