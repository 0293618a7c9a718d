// mailto: URLs (RFC 6068) turned into what compose prefills. Pure: the Electron main process only passes
// the URL on, the renderer parses it. A mailto link comes from any web page or document, so it is treated
// as hostile input: `attach`/`attachment` (a way to make a client attach a local file) and every header we
// do not show are dropped, and Bcc is returned so compose can SHOW it (DESIGN §7: a hidden Bcc would let a
// link copy mail to someone the user never sees).

export interface MailtoFields {
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly subject: string;
  readonly body: string;
  /** A Message-ID in <…>, or null. */
  readonly inReplyTo: string | null;
}

const MAX_URL = 64 * 1024;
const MAX_ADDRESSES = 100;

/** Percent-decodes as UTF-8; a malformed escape leaves that part as typed instead of failing the link. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9A-Fa-f]{2})/gu, (m, hex: string) => {
      const code = parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : m;
    });
  }
}

/** RFC 6068 §2: addresses are comma-separated; each stays as typed ("Name <a@b>" or "a@b"). */
function addresses(value: string): string[] {
  return value
    .split(',')
    .map((a) => a.replace(/[\r\n]+/gu, ' ').trim())
    .filter((a) => a !== '');
}

/**
 * Parses `mailto:a@b,c@d?cc=…&bcc=…&subject=…&body=…&in-reply-to=…`. Header names are case-insensitive;
 * repeated `to`/`cc`/`bcc` add up; `+` is a literal plus (RFC 6068 §5: space is %20). Returns null for
 * anything that is not a mailto: URL.
 */
export function parseMailto(url: string): MailtoFields | null {
  if (typeof url !== 'string' || url.length > MAX_URL) return null;
  const m = /^\s*mailto:([^?#]*)(?:\?([^#]*))?/iu.exec(url);
  if (!m) return null;
  const to: string[] = addresses(decode(m[1] ?? ''));
  const cc: string[] = [];
  const bcc: string[] = [];
  let subject = '';
  let body = '';
  let inReplyTo: string | null = null;
  for (const pair of (m[2] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    switch (name) {
      case 'to':
        to.push(...addresses(value));
        break;
      case 'cc':
        cc.push(...addresses(value));
        break;
      case 'bcc':
        bcc.push(...addresses(value));
        break;
      case 'subject':
        // A header cannot hold a line break (header injection); RFC 6068 §2 allows none there either.
        if (subject === '') subject = value.replace(/[\r\n]+/gu, ' ').trim();
        break;
      case 'body':
        if (body === '') body = value.replace(/\r\n?/gu, '\n');
        break;
      case 'in-reply-to': {
        const id = /<[^<>\s]+>/u.exec(value)?.[0];
        if (id && inReplyTo === null) inReplyTo = id;
        break;
      }
      default:
        // attach, attachment and every other header: ignored on purpose (see above).
        break;
    }
  }
  return {
    to: to.slice(0, MAX_ADDRESSES),
    cc: cc.slice(0, MAX_ADDRESSES),
    bcc: bcc.slice(0, MAX_ADDRESSES),
    subject,
    body,
    inReplyTo,
  };
}

/** The mailto: URL among process arguments (a launch by the OS as the mail handler), or null. */
export function findMailtoArgument(argv: readonly string[]): string | null {
  return argv.find((a) => /^mailto:/iu.test(a)) ?? null;
}
