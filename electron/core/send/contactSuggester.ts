// Address autocomplete (issue 5 §1) from mail seen and sent: the From, To and Cc of stored messages (Sent
// included) and the recipients of the outbox, all inside the encrypted database; nothing is kept in a
// separate plaintext list. The most recent messages are scanned so a 100k-message profile stays fast.
import type { ContactSuggestion } from '../../../shared/domain/composeSupport.js';
import { normalizeAddress } from '../../../shared/policy/index.js';
import type { SqliteDatabase } from '../store/openDatabase.js';

const RECENT_MESSAGES = 20_000;
const RECENT_OUTBOX = 500;

interface Seen {
  name: string;
  address: string;
  count: number;
  last: number;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/gu, (c) => `\\${c}`);

export class ContactSuggester {
  constructor(private readonly db: SqliteDatabase) {}

  suggest(prefix: string, limit: number): ContactSuggestion[] {
    const p = prefix.trim().normalize('NFC').toLowerCase();
    if (p === '') return [];
    const starts = `${escapeLike(p)}%`;
    // A name matches at the start of any word ("ใจดี" finds "สมชาย ใจดี"); an address at its start.
    const word = `% ${escapeLike(p)}%`;
    const rows = this.db
      .prepare(
        `WITH recent AS (
           SELECT from_name, from_addr, to_json, cc_json, date FROM messages ORDER BY date DESC LIMIT ${RECENT_MESSAGES}
         ), seen(name, address, date) AS (
           SELECT from_name, from_addr, date FROM recent WHERE from_addr IS NOT NULL
           UNION ALL SELECT json_extract(j.value, '$.name'), json_extract(j.value, '$.address'), r.date
             FROM recent r, json_each(r.to_json) j
           UNION ALL SELECT json_extract(j.value, '$.name'), json_extract(j.value, '$.address'), r.date
             FROM recent r, json_each(r.cc_json) j
         )
         SELECT lower(address) AS address, max(coalesce(name, '')) AS name, count(*) AS count, max(date) AS last
           FROM seen
          WHERE address IS NOT NULL
            AND (lower(address) LIKE @starts ESCAPE '\\' OR lower(name) LIKE @starts ESCAPE '\\' OR lower(name) LIKE @word ESCAPE '\\')
          GROUP BY lower(address)`,
      )
      .all({ starts, word }) as Seen[];
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    for (const s of this.fromOutbox()) {
      if (!(s.address.startsWith(p) || s.name.toLowerCase().startsWith(p) || s.name.toLowerCase().includes(` ${p}`))) continue;
      const known = byAddress.get(s.address);
      if (known) {
        known.count += 1;
        known.last = Math.max(known.last, s.last);
        if (!known.name) known.name = s.name;
      } else byAddress.set(s.address, { ...s });
    }
    return [...byAddress.values()]
      .sort((a, b) => b.count - a.count || b.last - a.last || a.address.localeCompare(b.address))
      .slice(0, limit)
      .map((r) => ({ name: r.name, address: r.address, count: r.count }));
  }

  /** Recipients written to from this device (the outbox keeps them as typed: "Name <a@b>"). */
  private fromOutbox(): Seen[] {
    const rows = this.db
      .prepare(`SELECT compose_json, created_at FROM outbox ORDER BY created_at DESC LIMIT ${RECENT_OUTBOX}`)
      .all() as { compose_json: string; created_at: number }[];
    const out: Seen[] = [];
    for (const r of rows) {
      let compose: { to?: unknown; cc?: unknown; bcc?: unknown };
      try {
        compose = JSON.parse(r.compose_json) as typeof compose;
      } catch {
        continue;
      }
      for (const list of [compose.to, compose.cc, compose.bcc]) {
        if (!Array.isArray(list)) continue;
        for (const input of list) {
          if (typeof input !== 'string') continue;
          const a = normalizeAddress(input);
          if (a.ok) out.push({ name: a.displayName, address: a.address, count: 1, last: r.created_at });
        }
      }
    }
    return out;
  }
}
