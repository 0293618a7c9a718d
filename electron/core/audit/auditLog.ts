// The audit log (issue 5 §6): every warn, justify, block, override, classification downgrade and policy
// change, every account added, edited, removed or refused, and every rebuild of the database,
// append-only and hash-chained, in the encrypted profile database (table from migration 0003).
// There is deliberately no method that changes or removes an entry.
import { CodedError } from '../../../shared/contract/result.js';
import { canonicalJson } from '../../../shared/audit/canonicalJson.js';
import {
  AuditEntry,
  AuditEvent,
  type AuditEventInput,
  type AuditExportPage,
  type AuditVerifyResult,
} from '../../../shared/audit/auditSchemas.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { AUDIT_GENESIS_HASH } from '../store/migrations/0003_audit.js';
import { auditEntryHash } from './auditHash.js';

interface AuditRow {
  seq: number;
  time_ms: number;
  kind: string;
  entry: string;
  prev_hash: string;
  hash: string;
}

export interface AuditExportOptions {
  /** Only entries at or after this time (ms since the epoch). */
  readonly since?: number;
}

export interface AuditPageOptions extends AuditExportOptions {
  readonly afterSeq?: number;
  readonly limit?: number;
}

const PAGE = 500;
const EntryBody = AuditEntry.omit({ hash: true });

export class AuditLog {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** Validates, chains and stores one entry; returns it as stored. Throws INVALID_ARGUMENT for a bad event. */
  append(input: AuditEventInput): AuditEntry {
    const parsed = AuditEvent.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new CodedError(
        'INVALID_ARGUMENT',
        `audit event: ${first?.path.join('.') || 'event'}: ${first?.message ?? 'invalid'}`,
      );
    }
    const event = parsed.data;
    const timeMs = this.now();
    // IMMEDIATE: the read of the chain head and the insert are one step, so two appends cannot both chain
    // onto the same predecessor.
    return this.db
      .transaction((): AuditEntry => {
        const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
        const body = {
          seq: (last?.seq ?? 0) + 1,
          time: new Date(timeMs).toISOString(),
          kind: event.kind,
          account: event.account,
          recipients: event.recipients,
          verdict: event.verdict,
          reasons: event.reasons,
          justification: event.justification,
          policyHash: event.policyHash,
          detail: event.detail,
          prevHash: last?.hash ?? AUDIT_GENESIS_HASH,
        };
        const entryJson = canonicalJson(body);
        const hash = auditEntryHash(body.prevHash, entryJson);
        this.db
          .prepare(
            'INSERT INTO audit_log (seq, time_ms, kind, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(body.seq, timeMs, body.kind, entryJson, body.prevHash, hash);
        return { ...body, hash };
      })
      .immediate();
  }

  /**
   * Runs `change` (a write through this same connection) and appends the entry `describe` makes of its
   * result in one transaction: the change and its record commit together or not at all, so no crash or
   * failed append leaves a change unrecorded or records one that did not happen. `describe` returning null
   * means there is nothing to record.
   */
  recordChange<T>(change: () => T, describe: (result: T) => AuditEventInput | null): T {
    return this.db
      .transaction((): T => {
        const result = change();
        const event = describe(result);
        if (event) this.append(event);
        return result;
      })
      .immediate();
  }

  /** One page of entries in chain order (the API's `audit.export`). */
  page(options: AuditPageOptions = {}): AuditExportPage {
    const limit = Math.min(Math.max(options.limit ?? PAGE, 1), 1000);
    const rows = this.db
      .prepare(
        `SELECT seq, time_ms, kind, entry, prev_hash, hash FROM audit_log
         WHERE seq > ? AND time_ms >= ? ORDER BY seq LIMIT ?`,
      )
      .all(options.afterSeq ?? 0, options.since ?? Number.MIN_SAFE_INTEGER, limit + 1) as AuditRow[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextAfterSeq: more ? (entries[entries.length - 1]?.seq ?? null) : null };
  }

  /** Every entry (at or after `since`) in chain order, read in pages so a large log never sits in memory. */
  *export(options: AuditExportOptions = {}): Generator<AuditEntry> {
    let afterSeq = 0;
    for (;;) {
      const page = this.page({ ...options, afterSeq, limit: PAGE });
      yield* page.entries;
      if (page.nextAfterSeq === null) return;
      afterSeq = page.nextAfterSeq;
    }
  }

  /** Recomputes the whole chain; names the first entry that does not hold. */
  verify(): AuditVerifyResult {
    let expectedSeq = 1;
    let prevHash = AUDIT_GENESIS_HASH;
    let previous: AuditRow | null = null;
    for (;;) {
      const rows = this.db
        .prepare(
          'SELECT seq, time_ms, kind, entry, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?',
        )
        .all(expectedSeq, PAGE) as AuditRow[];
      if (rows.length === 0) return { ok: true, count: expectedSeq - 1, head: prevHash };
      for (const row of rows) {
        if (row.seq !== expectedSeq) {
          return broken(expectedSeq, `entry ${expectedSeq} is missing (the next entry is ${row.seq})`);
        }
        const body = readBody(row);
        if (typeof body === 'string') return broken(row.seq, body);
        if (body.prevHash !== prevHash) {
          // This entry committed to a different predecessor than the one stored: either it was altered, or
          // the predecessor was rewritten with its own hash recomputed to look consistent.
          // When this entry still matches its own hash, it is intact and its predecessor is what changed.
          return previous && auditEntryHash(body.prevHash, row.entry) === row.hash
            ? broken(
                previous.seq,
                `entry ${previous.seq} is not the entry that entry ${row.seq} was chained to`,
              )
            : broken(row.seq, `entry ${row.seq} does not chain to the entry before it`);
        }
        if (row.prev_hash !== body.prevHash) {
          return broken(row.seq, `entry ${row.seq}: the stored previous hash differs from the hashed one`);
        }
        if (auditEntryHash(row.prev_hash, row.entry) !== row.hash) {
          return broken(row.seq, `entry ${row.seq}: the content does not match its hash`);
        }
        prevHash = row.hash;
        previous = row;
        expectedSeq++;
      }
    }
  }

  /** The policy hash recorded by the most recent policy-change entry, or null when none was recorded. */
  lastPolicyHash(): string | null {
    const entry = this.db
      .prepare("SELECT entry FROM audit_log WHERE kind = 'policy-change' ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get() as string | undefined;
    if (entry === undefined) return null;
    try {
      const parsed = JSON.parse(entry) as { policyHash?: unknown };
      return typeof parsed.policyHash === 'string' ? parsed.policyHash : null;
    } catch {
      // An unreadable entry cannot vouch for the current policy: treat it as unknown, so a new
      // policy-change entry is written (verify() reports the damage separately).
      return null;
    }
  }
}

const broken = (firstBrokenSeq: number, reason: string): AuditVerifyResult => ({
  ok: false,
  firstBrokenSeq,
  reason,
});

/** The parsed entry body, or a reason why the row does not hold together. */
const readBody = (row: AuditRow): ReturnType<typeof EntryBody.parse> | string => {
  let raw: unknown;
  try {
    raw = JSON.parse(row.entry);
  } catch {
    return `entry ${row.seq} is not valid JSON`;
  }
  const parsed = EntryBody.safeParse(raw);
  if (!parsed.success) return `entry ${row.seq} does not have the shape of an audit entry`;
  const body = parsed.data;
  if (canonicalJson(raw) !== row.entry) return `entry ${row.seq} is not in canonical form`;
  if (body.seq !== row.seq) return `entry ${row.seq} records a different sequence number (${body.seq})`;
  if (body.kind !== row.kind || Date.parse(body.time) !== row.time_ms) {
    return `entry ${row.seq}: the indexed kind or time differs from the entry`;
  }
  return body;
};

const toEntry = (row: AuditRow): AuditEntry => {
  try {
    return { ...(JSON.parse(row.entry) as Omit<AuditEntry, 'hash'>), hash: row.hash };
  } catch {
    throw new CodedError(
      'STORE_UNAVAILABLE',
      `audit entry ${row.seq} cannot be read; run "raksa audit verify" to check the log`,
    );
  }
};
