// Built-in domain lists and label-boundary matching. Every entry, built-in or from IT's policy file, is
// normalized by toAsciiDomain and compared in ASCII form, so "รัฐบาล.ไทย" and "xn--h3cuzk1di.xn--o3cw4h"
// are the same entry.
import { toAsciiDomain } from './idna.js';

/** DESIGN §5: government is a curated allowlist; state bodies under .or.th/.ac.th/.co.th are added one by one. */
export const BUILTIN_GOVERNMENT_DOMAINS: readonly string[] = ['go.th', 'mi.th', 'รัฐบาล.ไทย', 'ทหาร.ไทย'];

/** Free webmail and disposable-mail providers: anyone can open an account there in a minute. */
export const BUILTIN_FREEMAIL_DOMAINS: readonly string[] = [
  // Google, Microsoft, Yahoo, Apple, AOL
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.co.th',
  'hotmail.co.uk',
  'outlook.com',
  'outlook.co.th',
  'live.com',
  'live.co.uk',
  'msn.com',
  'windowslive.com',
  'passport.com',
  'yahoo.com',
  'yahoo.co.th',
  'yahoo.co.uk',
  'yahoo.co.jp',
  'ymail.com',
  'rocketmail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aim.com',
  // Privacy-oriented providers
  'proton.me',
  'protonmail.com',
  'protonmail.ch',
  'pm.me',
  'tutanota.com',
  'tutanota.de',
  'tutamail.com',
  'tuta.io',
  'tuta.com',
  'keemail.me',
  'mailfence.com',
  'hushmail.com',
  'disroot.org',
  'duck.com',
  // Europe and Russia
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'zoho.com',
  'zohomail.com',
  'fastmail.com',
  'mail.ru',
  'inbox.ru',
  'list.ru',
  'bk.ru',
  'yandex.com',
  'yandex.ru',
  'ya.ru',
  'rambler.ru',
  // China and Korea
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sohu.com',
  'naver.com',
  'daum.net',
  'hanmail.net',
  // Disposable addresses
  'mailinator.com',
  'guerrillamail.com',
  'yopmail.com',
  '10minutemail.com',
  'temp-mail.org',
];

/** A set of normalized ASCII domains, each covering itself and its subdomains on label boundaries. */
export class DomainSet {
  private readonly entries: ReadonlySet<string>;

  constructor(asciiDomains: Iterable<string>) {
    this.entries = new Set(asciiDomains);
  }

  /**
   * The entry that covers `asciiDomain`, most specific first, or undefined. Walking the domain's own
   * suffixes (never a string search) is what makes "evilgo.th" and "go.th.evil.com" miss "go.th".
   */
  match(asciiDomain: string): string | undefined {
    const labels = asciiDomain.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      if (this.entries.has(suffix)) return suffix;
    }
    return undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    yield* this.entries;
  }
}

/** Normalizes trusted, built-in entries; a failure here is a programming error, hence the throw. */
const normalizeBuiltins = (list: readonly string[]): string[] =>
  list.map((entry) => {
    const r = toAsciiDomain(entry);
    if (!r.ok) throw new Error(`built-in domain "${entry}" is invalid: ${r.message}`);
    return r.ascii;
  });

export const BUILTIN_GOVERNMENT_ASCII: readonly string[] = normalizeBuiltins(BUILTIN_GOVERNMENT_DOMAINS);
export const BUILTIN_FREEMAIL_ASCII: readonly string[] = normalizeBuiltins(BUILTIN_FREEMAIL_DOMAINS);

/** True when `asciiDomain` equals `entry` or is a subdomain of it (label boundary). */
export function isWithinDomain(asciiDomain: string, entry: string): boolean {
  return asciiDomain === entry || asciiDomain.endsWith(`.${entry}`);
}
