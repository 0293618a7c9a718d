// Domain normalization to ASCII, a conservative subset of UTS #46 (non-transitional, UseSTD3ASCIIRules,
// CheckHyphens, CheckBidi). There is no node:url or IDNA table in shared/, so the UTS #46 mapping is
// approximated by NFKC + lower case, and validity by Unicode general categories. Wherever the subset
// differs from the full table it rejects (an invalid address is blocked), never accepts more.
import punycode from 'punycode/punycode.js';

export type DomainErrorCode =
  | 'empty-domain'
  | 'empty-label'
  | 'label-too-long'
  | 'domain-too-long'
  | 'disallowed-character'
  | 'invisible-character'
  | 'hyphen-position'
  | 'leading-combining-mark'
  | 'invalid-punycode'
  | 'numeric-tld'
  | 'bidi-rule';

export interface DomainLabel {
  readonly ascii: string;
  readonly unicode: string;
}

export type DomainResult =
  | {
      readonly ok: true;
      readonly ascii: string;
      readonly unicode: string;
      readonly labels: readonly DomainLabel[];
    }
  | { readonly ok: false; readonly code: DomainErrorCode; readonly message: string };

type LabelResult = { ok: true; label: DomainLabel } | { ok: false; code: DomainErrorCode; message: string };

// UTS #46 §2.3: the four characters that separate labels. Splitting BEFORE NFKC matters: compatibility
// characters such as U+2488 "⒈" or U+2024 "․" decompose to a dot and would otherwise forge a label boundary.
const LABEL_SEPARATOR = /[.\u3002\uFF0E\uFF61]/u;
// Invisible characters (ZWSP, ZWJ/ZWNJ, soft hyphen, bidi overrides, BOM) are dropped or context-checked
// by UTS #46; we refuse them outright because they only serve to make two domains look alike.
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]|\u034F|[\u180B-\u180F]|[\uFE00-\uFE0F]/u;
const CONTROL = /\p{Cc}/u;
const LDH_LABEL = /^[a-z0-9-]+$/;
// After mapping, a label may only hold lower-case/other letters, combining marks, decimal digits and '-'.
// Symbols, punctuation, spaces, private use and unassigned code points (\p{Cn}) all fail this test.
const VALID_CODE_POINT = /^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}-]$/u;
const COMBINING_MARK = /^\p{M}/u;
const RTL_CHAR =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
const MAX_LABEL = 63;
// RFC 1035: 255 octets on the wire = 253 characters in text form without the trailing dot.
const MAX_DOMAIN = 253;

const fail = (
  code: DomainErrorCode,
  message: string,
): { ok: false; code: DomainErrorCode; message: string } => ({
  ok: false,
  code,
  message,
});

/** UTS #46 mapping step, approximated: compatibility forms fold (full-width, ligatures), then case. */
const mapLabel = (label: string): string => label.normalize('NFKC').toLowerCase().normalize('NFKC');

const checkHyphens = (label: string, allowAce: boolean): boolean => {
  if (label.startsWith('-') || label.endsWith('-')) return false;
  // RFC 5891 §4.2.3.1: "--" in positions 3-4 is reserved for ACE prefixes such as "xn--".
  if (label.slice(2, 4) === '--' && !(allowAce && label.startsWith('xn--'))) return false;
  return true;
};

const validateUnicodeLabel = (label: string): DomainErrorCode | undefined => {
  if (!checkHyphens(label, false)) return 'hyphen-position';
  if (COMBINING_MARK.test(label)) return 'leading-combining-mark';
  for (const ch of label) if (!VALID_CODE_POINT.test(ch)) return 'disallowed-character';
  return undefined;
};

const toAsciiLabel = (raw: string): LabelResult => {
  if (raw === '')
    return fail('empty-label', 'the domain has an empty label (two dots in a row, or a leading dot)');
  const mapped = mapLabel(raw);
  if (mapped !== mapLabel(mapped) || LABEL_SEPARATOR.test(mapped)) {
    return fail('disallowed-character', `the domain label "${raw}" contains a character that is not allowed`);
  }
  if (/^[\x20-\x7e]*$/.test(mapped)) {
    if (!LDH_LABEL.test(mapped)) {
      return fail(
        'disallowed-character',
        `the domain label "${raw}" may only contain letters, digits and '-'`,
      );
    }
    if (!checkHyphens(mapped, true))
      return fail('hyphen-position', `the domain label "${raw}" has a misplaced '-'`);
    if (mapped.startsWith('xn--')) return decodeAceLabel(mapped);
    return { ok: true, label: { ascii: mapped, unicode: mapped } };
  }
  const bad = validateUnicodeLabel(mapped);
  if (bad) return fail(bad, `the domain label "${raw}" is not a valid internationalized label (${bad})`);
  return { ok: true, label: { ascii: `xn--${punycode.encode(mapped)}`, unicode: mapped } };
};

/** An "xn--" label must decode to a valid, already-normalized, non-ASCII label that encodes back to itself. */
const decodeAceLabel = (ace: string): LabelResult => {
  const invalid = fail('invalid-punycode', `the domain label "${ace}" is not valid punycode`);
  let decoded: string;
  try {
    decoded = punycode.decode(ace.slice(4));
  } catch {
    return invalid;
  }
  if (decoded === '' || /^\p{ASCII}*$/u.test(decoded)) return invalid;
  if (mapLabel(decoded) !== decoded || validateUnicodeLabel(decoded) !== undefined) return invalid;
  if (`xn--${punycode.encode(decoded)}` !== ace) return invalid;
  return { ok: true, label: { ascii: ace, unicode: decoded } };
};

/**
 * RFC 5893, simplified: in a domain that contains right-to-left text, every label starts with a letter,
 * a right-to-left label holds no left-to-right letters, ends with a letter or digit, and does not mix
 * European and Arabic-Indic digits (the classic way to make "١٢٣" and "123" render alike).
 */
const violatesBidi = (labels: readonly DomainLabel[]): boolean => {
  if (!labels.some((l) => RTL_CHAR.test(l.unicode))) return false;
  for (const { unicode } of labels) {
    if (!/^\p{L}/u.test(unicode)) return true;
    if (!RTL_CHAR.test(unicode)) continue;
    for (const ch of unicode) if (/\p{L}/u.test(ch) && !RTL_CHAR.test(ch)) return true;
    if (!/[\p{L}\p{Nd}]\p{M}*$/u.test(unicode)) return true;
    if (/[0-9]/.test(unicode) && /[\u0660-\u0669\u06F0-\u06F9]/.test(unicode)) return true;
  }
  return false;
};

/**
 * Normalize a domain: trim, map (NFKC, lower case), drop ONE trailing dot, convert each label to ASCII.
 * Returns both the ASCII form (what is matched and sent) and the Unicode form (what scripts are judged on).
 */
export function toAsciiDomain(input: string): DomainResult {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty-domain', 'the domain is empty');
  if (CONTROL.test(trimmed)) return fail('disallowed-character', 'the domain contains a control character');
  if (INVISIBLE.test(trimmed)) {
    return fail('invisible-character', 'the domain contains an invisible or direction-changing character');
  }
  const parts = trimmed.split(LABEL_SEPARATOR);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const labels: DomainLabel[] = [];
  for (const part of parts) {
    const result = toAsciiLabel(part);
    if (!result.ok) return result;
    if (result.label.ascii.length > MAX_LABEL) {
      return fail('label-too-long', `the domain label "${part}" is longer than ${MAX_LABEL} characters`);
    }
    labels.push(result.label);
  }
  const ascii = labels.map((l) => l.ascii).join('.');
  if (ascii.length > MAX_DOMAIN)
    return fail('domain-too-long', `the domain is longer than ${MAX_DOMAIN} characters`);
  // RFC 3696 §2: a top-level domain is never all-numeric; this also rejects bare IPv4 addresses.
  if (/^[0-9]+$/.test(labels[labels.length - 1]?.ascii ?? '')) {
    return fail('numeric-tld', 'the domain ends in a numeric label (an IP address is not accepted)');
  }
  if (violatesBidi(labels)) {
    return fail('bidi-rule', 'the domain mixes right-to-left and left-to-right text in a misleading way');
  }
  return { ok: true, ascii, unicode: labels.map((l) => l.unicode).join('.'), labels };
}
