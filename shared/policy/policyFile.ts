// Parser for the policy file (JSON, version 1; docs/policy.md). It is strict on purpose: an unknown key
// is almost always a typo that would otherwise silently leave a protection off, so it is an error that
// names the key and where it is. Lists are normalized with the same IDNA code the engine matches with.
import { BUILTIN_FREEMAIL_ASCII, DomainSet } from './domains.js';
import { toAsciiDomain } from './idna.js';
import { normalizeHostPattern } from './mailServers.js';
import { DEFAULT_POLICY, DEFAULT_RULES, type Policy, type PolicyRules } from './policy.js';
import { VERDICTS, type Verdict } from './types.js';
import { isVerdict } from './verdicts.js';

export type PolicyParseResult =
  | { readonly ok: true; readonly policy: Policy }
  /** `path` locates the problem ("rules.freeMail", "blockedDomains[2]", "" for the whole file). */
  | { readonly ok: false; readonly error: string; readonly path: string };

const TOP_KEYS = [
  'version',
  'governmentDomains',
  'freeMailDomains',
  'blockedDomains',
  'rules',
  'allowedMailServers',
  'caCertificates',
  'remoteContent',
  'offlineWindowDays',
  'offlineAttachmentMaxBytes',
  'keyProtection',
] as const;
const RULE_KEYS = ['external', 'freeMail', 'classifiedExternal', 'classifiedUnencrypted'] as const;
const ATTACHMENT_KEYS = ['blockedExtensions', 'external'] as const;
const CLASSIFIED_RULES: ReadonlySet<string> = new Set(['classifiedExternal', 'classifiedUnencrypted']);
const MAX_LIST = 10_000;
// Registry suffixes under which anyone may register; listing one would make every company "government".
const PUBLIC_SUFFIXES = new Set(
  ['ac.th', 'co.th', 'in.th', 'net.th', 'or.th', 'ศึกษา.ไทย', 'ธุรกิจ.ไทย', 'เน็ต.ไทย', 'องค์กร.ไทย'].map((d) => {
    const r = toAsciiDomain(d);
    return r.ok ? r.ascii : d;
  }),
);

class PolicyError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const checkKeys = (obj: Record<string, unknown>, allowed: readonly string[], path: string): void => {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      throw new PolicyError(where, `unknown key "${key}" (allowed keys: ${allowed.join(', ')})`);
    }
  }
};

const stringList = (value: unknown, path: string): string[] => {
  if (!Array.isArray(value))
    throw new PolicyError(path, `must be an array of strings, got ${typeName(value)}`);
  if (value.length > MAX_LIST) throw new PolicyError(path, `has more than ${MAX_LIST} entries`);
  return value.map((entry: unknown, i) => {
    if (typeof entry !== 'string')
      throw new PolicyError(`${path}[${i}]`, `must be a string, got ${typeName(entry)}`);
    return entry;
  });
};

const domainList = (value: unknown, path: string): string[] =>
  stringList(value, path).map((entry, i) => {
    const where = `${path}[${i}]`;
    if (/^\s*(\*\.|\.)/.test(entry)) {
      throw new PolicyError(
        where,
        `"${entry}": an entry already covers its subdomains; write the bare domain`,
      );
    }
    const r = toAsciiDomain(entry);
    if (!r.ok) throw new PolicyError(where, `"${entry}" is not a valid domain: ${r.message}`);
    return r.ascii;
  });

const governmentList = (value: unknown, path: string, freeMail: DomainSet): string[] =>
  domainList(value, path).map((domain, i) => {
    const where = `${path}[${i}]`;
    if (!domain.includes('.') || PUBLIC_SUFFIXES.has(domain)) {
      throw new PolicyError(
        where,
        `"${domain}" is a public suffix; list each state body's domain one by one`,
      );
    }
    const free = freeMail.match(domain);
    if (free) {
      throw new PolicyError(
        where,
        `"${domain}" is a free webmail domain (${free}) and can never be government`,
      );
    }
    return domain;
  });

const parseRules = (value: unknown): PolicyRules => {
  if (!isRecord(value)) throw new PolicyError('rules', `must be an object, got ${typeName(value)}`);
  checkKeys(value, [...RULE_KEYS, 'attachments'], 'rules');
  const rule = (key: (typeof RULE_KEYS)[number]): Verdict => {
    const v = value[key];
    if (v === undefined) return DEFAULT_RULES[key];
    if (!isVerdict(v)) {
      throw new PolicyError(
        `rules.${key}`,
        `must be one of ${VERDICTS.join(', ')}, got ${JSON.stringify(v)}`,
      );
    }
    // DESIGN §5: classified mail leaves only through a block or a recorded justification.
    if (CLASSIFIED_RULES.has(key) && v !== 'justify' && v !== 'block') {
      throw new PolicyError(`rules.${key}`, `must be "justify" or "block" for classified mail, got "${v}"`);
    }
    return v;
  };
  return {
    external: rule('external'),
    freeMail: rule('freeMail'),
    classifiedExternal: rule('classifiedExternal'),
    classifiedUnencrypted: rule('classifiedUnencrypted'),
    attachments: value.attachments === undefined ? DEFAULT_RULES.attachments : parseAttachmentRules(value.attachments),
  };
};

// rules.attachments (docs/sending.md): extensions are compared lower case with their dot, so ".EXE" and
// "exe" written by IT both mean ".exe"; anything but letters and digits after the dot is a typo.
const parseAttachmentRules = (value: unknown): PolicyRules['attachments'] => {
  const path = 'rules.attachments';
  if (!isRecord(value)) throw new PolicyError(path, `must be an object, got ${typeName(value)}`);
  checkKeys(value, ATTACHMENT_KEYS, path);
  const blockedExtensions =
    value.blockedExtensions === undefined
      ? DEFAULT_RULES.attachments.blockedExtensions
      : stringList(value.blockedExtensions, `${path}.blockedExtensions`).map((entry, i) => {
          const ext = `.${entry.trim().toLowerCase().replace(/^\./, '')}`;
          if (!/^\.[a-z0-9]{1,16}$/.test(ext))
            throw new PolicyError(`${path}.blockedExtensions[${i}]`, `"${entry}" is not a file extension like ".exe"`);
          return ext;
        });
  const external = value.external ?? DEFAULT_RULES.attachments.external;
  if (!isVerdict(external))
    throw new PolicyError(`${path}.external`, `must be one of ${VERDICTS.join(', ')}, got ${JSON.stringify(external)}`);
  return { blockedExtensions, external };
};

// Offline cache limits: a positive whole number, or null (the default) for no limit.
const optionalLimit = (value: unknown, path: string, max: number): number | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max)
    throw new PolicyError(path, `must be a whole number from 1 to ${max}, or null, got ${JSON.stringify(value)}`);
  return value;
};

// Each entry must be exactly one PEM certificate block, so a pasted private key, a bundle or a truncated
// block is caught here with its index rather than failing later inside TLS.
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----\r?\n?$/;
const certificateList = (value: unknown, path: string): string[] =>
  stringList(value, path).map((entry, i) => {
    const pem = entry.trim() + '\n';
    if (!PEM_CERTIFICATE.test(pem))
      throw new PolicyError(`${path}[${i}]`, 'must be one PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)');
    return pem;
  });

const parseObject = (raw: unknown): Policy => {
  if (!isRecord(raw)) throw new PolicyError('', `the policy must be a JSON object, got ${typeName(raw)}`);
  checkKeys(raw, TOP_KEYS, '');
  if (raw.version === undefined) throw new PolicyError('version', 'is required (use 1)');
  if (raw.version !== 1)
    throw new PolicyError('version', `unsupported version ${JSON.stringify(raw.version)} (use 1)`);
  const freeMailDomains =
    raw.freeMailDomains === undefined ? [] : domainList(raw.freeMailDomains, 'freeMailDomains');
  const allFreeMail = new DomainSet([...BUILTIN_FREEMAIL_ASCII, ...freeMailDomains]);
  const remote = raw.remoteContent;
  if (remote !== undefined && remote !== 'block' && remote !== 'allow') {
    throw new PolicyError('remoteContent', `must be "block" or "allow", got ${JSON.stringify(remote)}`);
  }
  const keyProtection = raw.keyProtection;
  if (keyProtection !== undefined && keyProtection !== 'os' && keyProtection !== 'passphrase') {
    throw new PolicyError('keyProtection', `must be "os" or "passphrase", got ${JSON.stringify(keyProtection)}`);
  }
  return {
    version: 1,
    governmentDomains:
      raw.governmentDomains === undefined
        ? []
        : governmentList(raw.governmentDomains, 'governmentDomains', allFreeMail),
    freeMailDomains,
    blockedDomains: raw.blockedDomains === undefined ? [] : domainList(raw.blockedDomains, 'blockedDomains'),
    rules: raw.rules === undefined ? DEFAULT_RULES : parseRules(raw.rules),
    allowedMailServers:
      raw.allowedMailServers === undefined
        ? null
        : stringList(raw.allowedMailServers, 'allowedMailServers').map((entry, i) => {
            const r = normalizeHostPattern(entry);
            if (!r.ok) throw new PolicyError(`allowedMailServers[${i}]`, r.message);
            return r.pattern;
          }),
    remoteContent: remote ?? DEFAULT_POLICY.remoteContent,
    caCertificates: raw.caCertificates === undefined ? [] : certificateList(raw.caCertificates, 'caCertificates'),
    offlineWindowDays: optionalLimit(raw.offlineWindowDays, 'offlineWindowDays', 365_000),
    offlineAttachmentMaxBytes: optionalLimit(
      raw.offlineAttachmentMaxBytes,
      'offlineAttachmentMaxBytes',
      Number.MAX_SAFE_INTEGER,
    ),
    keyProtection: keyProtection ?? DEFAULT_POLICY.keyProtection,
  };
};

/**
 * Parse a policy file. A string is JSON text; anything else is taken as an already-parsed JSON value.
 * Never throws: errors come back as `{ok:false, error, path}` with the offending key or entry named.
 */
export function parsePolicy(input: unknown): PolicyParseResult {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { ok: false, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`, path: '' };
    }
  }
  try {
    return { ok: true, policy: parseObject(raw) };
  } catch (e) {
    if (e instanceof PolicyError) return { ok: false, error: e.message, path: e.path };
    throw e;
  }
}
