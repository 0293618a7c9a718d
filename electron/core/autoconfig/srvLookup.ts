// RFC 6186 service records for mail (with RFC 8314's `_submissions`). Implicit-TLS services are listed
// before their STARTTLS counterparts (RFC 8314 §5.1); within a service, RFC 2782 order: lowest priority
// first, and among equal priorities a weighted random choice. A target of "." means the domain states the
// service is not offered (RFC 2782), so none of that service's records is used.
//
// DNS answers are not authenticated without DNSSEC (RFC 6186 §6), so a spoofed answer could name any
// host: the certificate is still validated against the host named here, the policy allowlist applies,
// and the user sees the server names before the account is saved.
import type { Security } from '../../../shared/domain/schemas.js';
import { ServerSettings } from '../../../shared/domain/schemas.js';

export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** Resolves SRV records; must answer [] (not throw) when the name has none. */
export type ResolveSrv = (name: string) => Promise<readonly SrvRecord[]>;

export interface SrvServer {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
}

const IMAP_SERVICES = [
  { label: '_imaps._tcp', security: 'tls' },
  { label: '_imap._tcp', security: 'starttls' },
] as const;
const SMTP_SERVICES = [
  { label: '_submissions._tcp', security: 'tls' },
  { label: '_submission._tcp', security: 'starttls' },
] as const;

const isNotOffered = (r: SrvRecord): boolean => r.name === '.' || r.name === '';

/** RFC 2782 ordering; `random` returns a number in [0, 1) (injectable so tests are deterministic). */
export function orderSrv(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) byPriority.set(r.priority, [...(byPriority.get(r.priority) ?? []), r]);
  const out: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // RFC 2782: zero-weight records first in the running sum, so they get a small chance too.
    const pool = (byPriority.get(priority) ?? []).sort((a, b) => (a.weight === 0 ? -1 : 0) - (b.weight === 0 ? -1 : 0));
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      const pick = Math.floor(random() * (total + 1));
      let running = 0;
      let index = pool.findIndex((r) => (running += r.weight) >= pick);
      if (index === -1) index = 0;
      out.push(...pool.splice(index, 1));
    }
  }
  return out;
}

async function lookup(
  domain: string,
  services: readonly { label: string; security: Security }[],
  resolveSrv: ResolveSrv,
  random: () => number,
): Promise<SrvServer[]> {
  const out: SrvServer[] = [];
  for (const service of services) {
    const records = await resolveSrv(`${service.label}.${domain}`);
    if (records.length === 0 || records.some(isNotOffered)) continue;
    for (const r of orderSrv(records, random)) {
      const host = r.name.replace(/\.$/, '').toLowerCase();
      const parsed = ServerSettings.safeParse({ host, port: r.port, security: service.security });
      if (parsed.success) out.push(parsed.data);
    }
  }
  return out;
}

/** IMAP and submission servers the domain publishes, best first. */
export async function lookupMailSrv(
  domain: string,
  resolveSrv: ResolveSrv,
  random: () => number = Math.random,
): Promise<{ imap: SrvServer[]; smtp: SrvServer[] }> {
  const [imap, smtp] = await Promise.all([
    lookup(domain, IMAP_SERVICES, resolveSrv, random),
    lookup(domain, SMTP_SERVICES, resolveSrv, random),
  ]);
  return { imap, smtp };
}

/** The default resolver: the system's DNS through node:dns; "no such record" is an empty answer. */
export const systemResolveSrv: ResolveSrv = async (name) => {
  const { resolveSrv } = await import('node:dns/promises');
  try {
    return await resolveSrv(name);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'NXDOMAIN') return [];
    throw e;
  }
};
