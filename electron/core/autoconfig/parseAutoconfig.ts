// Reads a Mozilla-style autoconfig file (config-v1.1.xml, the format of Thunderbird's ISPDB) into server
// candidates, most secure first. What a domain publishes is still untrusted input: hosts and ports are
// validated, plaintext is dropped unless the server is this machine, and only password logins are taken
// (OAuth2, GSSAPI, NTLM or client certificates would need flows this client does not have).
import { ServerSettings, type Security } from '../../../shared/domain/schemas.js';
import { isPlaintextOffMachine } from '../imap/isLoopbackHost.js';
import { childrenNamed, childText, parseXml, type XmlElement } from './parseXml.js';

export interface ServerCandidate {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  /** The login name with the placeholders filled in. */
  readonly user: string;
}

export interface AutoconfigServers {
  readonly imap: readonly ServerCandidate[];
  readonly smtp: readonly ServerCandidate[];
}

const SOCKET_TYPES: Readonly<Record<string, Security>> = { ssl: 'tls', tls: 'tls', starttls: 'starttls', plain: 'plain' };
// RFC 8314 §5.1: implicit TLS first, then STARTTLS; plaintext survives only for a loopback server.
const SECURITY_RANK: Readonly<Record<Security, number>> = { tls: 0, starttls: 1, plain: 2 };
const PASSWORD_AUTH = new Set(['password-cleartext', 'password-encrypted', 'plain', 'secure']);

/** Fills %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%; undefined if another placeholder remains. */
export function fillPlaceholders(template: string, email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const values: Readonly<Record<string, string>> = {
    EMAILADDRESS: email,
    EMAILLOCALPART: email.slice(0, at),
    EMAILDOMAIN: email.slice(at + 1),
  };
  let unknown = false;
  const filled = template.replace(/%([A-Z]+)%/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) unknown = true;
    return v ?? whole;
  });
  return unknown ? undefined : filled;
}

function readServer(el: XmlElement, email: string): ServerCandidate | undefined {
  const hostTemplate = childText(el, 'hostname');
  const host = hostTemplate === undefined ? undefined : fillPlaceholders(hostTemplate, email)?.toLowerCase();
  const port = Number(childText(el, 'port'));
  const security = SOCKET_TYPES[(childText(el, 'socketType') ?? '').toLowerCase()];
  if (host === undefined || security === undefined) return undefined;
  if (isPlaintextOffMachine({ host, security })) return undefined;
  const auth = childrenNamed(el, 'authentication').map((a) => a.text.trim().toLowerCase());
  if (auth.length > 0 && !auth.some((a) => PASSWORD_AUTH.has(a))) return undefined;
  const parsed = ServerSettings.safeParse({ host, port, security });
  if (!parsed.success) return undefined;
  const userTemplate = childText(el, 'username');
  // An unknown placeholder (e.g. %REALNAME%) or no username: the address is the usual login.
  const user = (userTemplate ? fillPlaceholders(userTemplate, email) : undefined) || email;
  return { ...parsed.data, user };
}

const bySecurity = (list: ServerCandidate[]): ServerCandidate[] =>
  // Array.prototype.sort is stable: the file's own order decides within one security level.
  list.sort((a, b) => SECURITY_RANK[a.security] - SECURITY_RANK[b.security]);

/** Parses the XML text; throws XmlError when it is not well-formed or not a clientConfig document. */
export function parseAutoconfig(xml: string, email: string): AutoconfigServers {
  const root = parseXml(xml);
  if (root.name !== 'clientConfig') throw new Error(`not an autoconfig document (root <${root.name}>)`);
  const imap: ServerCandidate[] = [];
  const smtp: ServerCandidate[] = [];
  for (const provider of childrenNamed(root, 'emailProvider')) {
    for (const s of childrenNamed(provider, 'incomingServer')) {
      if (s.attributes.get('type') !== 'imap') continue;
      const c = readServer(s, email);
      if (c) imap.push(c);
    }
    for (const s of childrenNamed(provider, 'outgoingServer')) {
      if (s.attributes.get('type') !== 'smtp') continue;
      const c = readServer(s, email);
      if (c) smtp.push(c);
    }
  }
  return { imap: bySecurity(imap), smtp: bySecurity(smtp) };
}
