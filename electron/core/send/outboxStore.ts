// The outbox table (migration 0005). Every state change is a compare-and-set on the current state, so two
// paths racing for one message (the runner and a user's cancel, a restart and a retry) cannot both win:
// the loser sees `false` and leaves the row alone. That is what keeps a message from being sent twice.
import type { ComposeInputParsed, OutboxItem, OutboxState } from '../../../shared/domain/compose.js';
import type { Classification, Verdict } from '../../../shared/policy/index.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import type { SendEnvelope } from './buildMessage.js';

export interface OutboxRecord {
  readonly id: number;
  readonly accountId: number;
  readonly messageId: string;
  readonly state: OutboxState;
  readonly subject: string;
  readonly raw: Buffer;
  readonly envelope: SendEnvelope;
  readonly compose: ComposeInputParsed;
  readonly classification: Classification;
  readonly confirmedVerdict: Verdict;
  readonly justification: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly lastError: { code: string; message: string } | null;
  readonly rejected: { address: string; message: string }[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewOutboxRecord {
  readonly accountId: number;
  readonly messageId: string;
  readonly subject: string;
  readonly raw: Buffer;
  readonly envelope: SendEnvelope;
  readonly compose: ComposeInputParsed;
  readonly classification: Classification;
  readonly confirmedVerdict: Verdict;
  readonly justification: string | null;
}

/** Columns a transition may set besides the state. `undefined` leaves a column as it is. */
export interface OutboxPatch {
  readonly attempts?: number;
  readonly nextAttemptAt?: number | null;
  readonly lastError?: { code: string; message: string } | null;
  readonly rejected?: readonly { address: string; message: string }[];
  readonly acceptedAt?: number;
  readonly filedAt?: number;
}

interface Row {
  id: number;
  account_id: number;
  message_id: string;
  state: OutboxState;
  subject: string;
  raw: Buffer;
  envelope_json: string;
  compose_json: string;
  classification: Classification;
  confirmed_verdict: Verdict;
  justification: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  rejected_json: string;
  created_at: number;
  updated_at: number;
}

const toRecord = (r: Row): OutboxRecord => ({
  id: r.id,
  accountId: r.account_id,
  messageId: r.message_id,
  state: r.state,
  subject: r.subject,
  raw: r.raw,
  envelope: JSON.parse(r.envelope_json) as SendEnvelope,
  compose: JSON.parse(r.compose_json) as ComposeInputParsed,
  classification: r.classification,
  confirmedVerdict: r.confirmed_verdict,
  justification: r.justification,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error_code === null ? null : { code: r.last_error_code, message: r.last_error ?? '' },
  rejected: JSON.parse(r.rejected_json) as { address: string; message: string }[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toOutboxItem = (r: OutboxRecord): OutboxItem => ({
  id: r.id,
  accountId: r.accountId,
  messageId: r.messageId,
  state: r.state,
  subject: r.subject,
  to: [...r.envelope.to],
  cc: [...r.envelope.cc],
  bcc: [...r.envelope.bcc],
  classification: r.classification,
  urgency: r.compose.urgency,
  attachments: r.compose.attachments.length,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastError: r.lastError,
  rejected: r.rejected,
});

const DONE: readonly OutboxState[] = ['filed', 'cancelled'];

export class OutboxStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  insert(n: NewOutboxRecord): number {
    const t = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO outbox (account_id, message_id, state, subject, raw, envelope_json, compose_json, classification,
           confirmed_verdict, justification, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        n.accountId,
        n.messageId,
        n.subject,
        n.raw,
        JSON.stringify(n.envelope),
        JSON.stringify(n.compose),
        n.classification,
        n.confirmedVerdict,
        n.justification,
        t,
        t,
        t,
      );
    return Number(info.lastInsertRowid);
  }

  get(id: number): OutboxRecord | null {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  list(opts: { accountId?: number; includeDone?: boolean } = {}): OutboxRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE (? IS NULL OR account_id = ?) ORDER BY created_at, id')
      .all(opts.accountId ?? null, opts.accountId ?? null) as Row[];
    return rows.map(toRecord).filter((r) => opts.includeDone === true || !DONE.includes(r.state));
  }

  idsIn(state: OutboxState): number[] {
    return this.db.prepare('SELECT id FROM outbox WHERE state = ? ORDER BY id').pluck().all(state) as number[];
  }

  /** Messages the runner should work on now: queued or accepted (to be filed) whose time has come. */
  due(now: number): number[] {
    return this.db
      .prepare(
        `SELECT id FROM outbox WHERE state IN ('queued', 'accepted')
           AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at, id`,
      )
      .pluck()
      .all(now) as number[];
  }

  /** The earliest future attempt, for the runner's timer; null when nothing waits. */
  nextDueAt(): number | null {
    const v = this.db
      .prepare(`SELECT min(next_attempt_at) FROM outbox WHERE state IN ('queued', 'accepted')`)
      .pluck()
      .get() as number | null;
    return v ?? null;
  }

  /** Moves a message from one of `from` to `to`; false (and nothing changed) when it is in another state. */
  transition(id: number, from: readonly OutboxState[], to: OutboxState, patch: OutboxPatch = {}): boolean {
    const sets = ['state = @to', 'updated_at = @now'];
    const params: Record<string, unknown> = { id, to, now: this.now() };
    if (patch.attempts !== undefined) {
      sets.push('attempts = @attempts');
      params.attempts = patch.attempts;
    }
    if (patch.nextAttemptAt !== undefined) {
      sets.push('next_attempt_at = @next');
      params.next = patch.nextAttemptAt;
    }
    if (patch.lastError !== undefined) {
      sets.push('last_error_code = @errCode', 'last_error = @errMessage');
      params.errCode = patch.lastError?.code ?? null;
      params.errMessage = patch.lastError?.message ?? null;
    }
    if (patch.rejected !== undefined) {
      sets.push('rejected_json = @rejected');
      params.rejected = JSON.stringify(patch.rejected);
    }
    if (patch.acceptedAt !== undefined) {
      sets.push('accepted_at = @acceptedAt');
      params.acceptedAt = patch.acceptedAt;
    }
    if (patch.filedAt !== undefined) {
      sets.push('filed_at = @filedAt');
      params.filedAt = patch.filedAt;
    }
    const states = from.map((_, i) => `@from${i}`);
    from.forEach((s, i) => {
      params[`from${i}`] = s;
    });
    const info = this.db
      .prepare(`UPDATE outbox SET ${sets.join(', ')} WHERE id = @id AND state IN (${states.join(', ')})`)
      .run(params);
    return info.changes === 1;
  }
}
