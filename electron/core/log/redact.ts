// Redaction for everything that goes into a log line. Logs leave the encrypted store (files, support
// bundles, a terminal), so they must never carry who wrote to whom, what about, or a secret (DESIGN.md §3).
import { createHash } from 'node:crypto';

export const REDACTED = '<redacted>';

/**
 * Field names whose values are content or secrets, compared after lower-casing and dropping `_`/`-`.
 * Whole-name matches only, plus the suffixes below, so `messageCount` or `keyCount` stay readable.
 */
const SENSITIVE_NAMES = new Set([
  'subject',
  'body',
  'text',
  'html',
  'content',
  'raw',
  'source',
  'snippet',
  'preview',
  'password',
  'pass',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'key',
  'authorization',
  'cookie',
  'auth',
  'from',
  'to',
  'cc',
  'bcc',
  'replyto',
  'sender',
  'recipient',
  'recipients',
  'address',
  'addresses',
  'email',
  'emails',
  'user',
  'username',
  'displayname',
  'name',
]);
const SENSITIVE_SUFFIXES = ['password', 'passphrase', 'secret', 'token', 'key', 'address', 'email'];

export const isSensitiveField = (name: string): boolean => {
  const n = name.toLowerCase().replace(/[_-]/gu, '');
  return SENSITIVE_NAMES.has(n) || SENSITIVE_SUFFIXES.some((s) => n.endsWith(s));
};

// Anything shaped like local@domain, including Thai (EAI) local parts and IDN domains: no attempt at
// RFC 5322 validity, because over-redacting a log line costs nothing and under-redacting leaks a person.
const EMAIL = /[^\s@<>()[\]"',;:]+@([^\s@<>()[\]"',;:]+)/gu;

// The domain is hashed, not dropped, so a support engineer can still tell "same server" from "different
// server" across lines without learning which agency or person it was.
const domainTag = (domain: string): string =>
  createHash('sha256').update(domain.toLowerCase().replace(/\.+$/u, '')).digest('hex').slice(0, 8);

export const redactString = (s: string): string =>
  s.replace(EMAIL, (_m, domain: string) => `***@${domainTag(domain)}`);

const MAX_DEPTH = 8;
const MAX_STRING = 2000;

/** A JSON-safe, redacted copy of `value`: sensitive fields blanked at any depth, addresses masked in strings. */
export const redactValue = (value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown => {
  switch (typeof value) {
    case 'string': {
      const s = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
      return redactString(s);
    }
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth]';
  // Raw bytes may be a message source or key material: only their size is ever logged.
  if (ArrayBuffer.isView(obj)) return `[${obj.byteLength} bytes]`;
  if (obj instanceof ArrayBuffer) return `[${obj.byteLength} bytes]`;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  seen.add(obj);
  try {
    if (obj instanceof Error) return redactError(obj, depth, seen);
    if (Array.isArray(obj)) return obj.map((v) => redactValue(v, depth + 1, seen) ?? null);
    if (obj instanceof Map)
      return redactEntries(
        [...obj.entries()].map(([k, v]) => [String(k), v]),
        depth,
        seen,
      );
    if (obj instanceof Set) return [...obj].map((v) => redactValue(v, depth + 1, seen) ?? null);
    return redactEntries(Object.entries(obj), depth, seen);
  } finally {
    seen.delete(obj);
  }
};

const redactEntries = (
  entries: readonly (readonly [string, unknown])[],
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const safeKey = redactString(k);
    if (isSensitiveField(k)) {
      out[safeKey] = REDACTED;
      continue;
    }
    const r = redactValue(v, depth + 1, seen);
    if (r !== undefined) out[safeKey] = r;
  }
  return out;
};

// Errors from IMAP/SMTP libraries carry server responses (which may quote a mailbox or an address) and
// sometimes the command that failed (which may hold credentials), so only known, scalar fields are kept.
const redactError = (e: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> => {
  const out: Record<string, unknown> = { name: redactString(e.name), message: redactString(e.message) };
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = redactValue(code);
  if (e.stack) out.stack = redactString(e.stack);
  if (e.cause !== undefined) out.cause = redactValue(e.cause, depth + 1, seen);
  return out;
};
