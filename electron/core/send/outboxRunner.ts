// Works the outbox (issue 5 §2): queued → sending → accepted → filed, with `failed`, `held`, `uncertain`
// and `cancelled` beside them (docs/sending.md). One message at a time, each step committed before the
// next begins, so a crash leaves a state that says exactly what is known:
//   - `sending` on start-up means the process died while the server had the bytes: it becomes
//     `uncertain`, and only a copy found in Sent (by Message-ID) settles it. Never a silent resend.
//   - `accepted` on start-up means it was sent but not yet filed: filing runs again, idempotently.
// Every attempt first goes back through the send gate (recheck): IT may have tightened the policy since.
import { CodedError } from '../../../shared/contract/result.js';
import type { ComposeInputParsed, OutboxChanged, OutboxState } from '../../../shared/domain/compose.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import { mapSmtpError } from './mapSmtpError.js';
import type { OutboxPatch, OutboxStore } from './outboxStore.js';
import type { SendGate } from './sendGate.js';
import type { SentFiler } from './sentFiler.js';
import type { SmtpSender } from './smtpSender.js';

const MINUTE = 60_000;
/** 1m, 2m, 5m, 10m, 20m, 30m, then hourly (issue 5 §2). */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1, 2, 5, 10, 20, 30, 60].map((m) => m * MINUTE);

export const defaultBackoff = (attempt: number): number =>
  DEFAULT_BACKOFF_MS[Math.min(Math.max(attempt, 1), DEFAULT_BACKOFF_MS.length) - 1] ?? 60 * MINUTE;

export interface OutboxRunnerDeps {
  readonly outbox: OutboxStore;
  readonly gate: Pick<SendGate, 'recheck'>;
  readonly smtp: SmtpSender;
  readonly sent: SentFiler;
  getAccount(accountId: number): AccountWithSecret | null;
  onChanged(change: OutboxChanged): void;
  readonly now?: () => number;
  /** Delay before attempt `n + 1` after `n` failed attempts; injectable so tests need no waiting. */
  readonly backoff?: (failedAttempts: number) => number;
  /** Runs `fn` after `ms`; returns a cancel function. Default: an unref'd setTimeout. */
  readonly schedule?: (ms: number, fn: () => void) => () => void;
  readonly log?: { warn(message: string, fields?: Record<string, unknown>): void };
}

const UNCERTAIN = {
  code: 'UNCERTAIN',
  message:
    'Raksa Mail stopped while this message was being sent. It may have been delivered; it was not found in Sent. Choose whether to send it again.',
};

const heldCode = (verdict: string): string =>
  verdict === 'block' ? 'POLICY_BLOCKED' : verdict === 'justify' ? 'NEEDS_JUSTIFICATION' : 'NEEDS_CONFIRMATION';

const errorOf = (e: unknown): { code: string; message: string } =>
  e instanceof CodedError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: 'Unexpected failure.' };

export class OutboxRunner {
  private readonly now: () => number;
  private readonly backoff: (n: number) => number;
  private readonly schedule: (ms: number, fn: () => void) => () => void;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private cancelTimer: (() => void) | null = null;
  /** Failed filing attempts per message (in memory: after a restart filing simply starts over). */
  private readonly filingFailures = new Map<number, number>();

  constructor(private readonly deps: OutboxRunnerDeps) {
    this.now = deps.now ?? Date.now;
    this.backoff = deps.backoff ?? defaultBackoff;
    this.schedule =
      deps.schedule ??
      ((ms, fn) => {
        const t = setTimeout(fn, ms);
        t.unref();
        return () => clearTimeout(t);
      });
  }

  /** Crash recovery, then the first run. */
  async start(): Promise<void> {
    for (const id of this.deps.outbox.idsIn('sending')) {
      this.move(id, ['sending'], 'uncertain', { lastError: UNCERTAIN, nextAttemptAt: null });
    }
    for (const id of this.deps.outbox.idsIn('uncertain')) await this.settleUncertain(id);
    this.kick();
    await this.idle();
  }

  /** Starts a run now (or right after the current one). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.runDue();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
        this.arm();
      }
    })();
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Processes every message that is due now, one at a time. */
  async runDue(): Promise<void> {
    for (const id of this.deps.outbox.due(this.now())) {
      if (this.stopped) return;
      try {
        await this.process(id);
      } catch (e) {
        // One broken message must not stop the others; it keeps its state and is tried again later.
        this.deps.log?.warn('outbox: processing failed', { id, code: errorOf(e).code });
      }
    }
  }

  cancel(id: number): void {
    const rec = this.require(id);
    if (!this.move(id, ['queued', 'failed', 'held', 'uncertain'], 'cancelled', { nextAttemptAt: null })) {
      throw new CodedError('INVALID_ARGUMENT', `A message that is ${rec.state} cannot be cancelled.`);
    }
  }

  /** uncertain/failed/held: 'send' queues the same bytes again (re-checked by the gate); 'discard' cancels. */
  resolve(id: number, action: 'send' | 'discard'): void {
    const rec = this.require(id);
    const ok =
      action === 'discard'
        ? this.move(id, ['uncertain', 'failed', 'held'], 'cancelled', { nextAttemptAt: null })
        : this.move(id, ['uncertain', 'failed', 'held'], 'queued', { nextAttemptAt: this.now(), lastError: null });
    if (!ok) throw new CodedError('INVALID_ARGUMENT', `A message that is ${rec.state} cannot be resolved.`);
    if (action === 'send') this.kick();
  }

  /** Takes a message out of the outbox and gives back what compose needs to edit it. */
  toDraft(id: number): ComposeInputParsed {
    const rec = this.require(id);
    if (rec.state !== 'cancelled' && !this.move(id, ['queued', 'failed', 'held', 'uncertain'], 'cancelled', { nextAttemptAt: null })) {
      throw new CodedError('INVALID_ARGUMENT', `A message that is ${rec.state} cannot be turned back into a draft.`);
    }
    return rec.compose;
  }

  private require(id: number) {
    const rec = this.deps.outbox.get(id);
    if (!rec) throw new CodedError('NOT_FOUND', `No outbox message ${id}.`);
    return rec;
  }

  private move(id: number, from: readonly OutboxState[], to: OutboxState, patch: OutboxPatch = {}): boolean {
    const moved = this.deps.outbox.transition(id, from, to, patch);
    const rec = moved ? this.deps.outbox.get(id) : null;
    if (rec) this.deps.onChanged({ id, accountId: rec.accountId, state: to });
    return moved;
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.stopped) return;
    const next = this.deps.outbox.nextDueAt();
    if (next === null) return;
    // Capped so a clock change never leaves a message waiting far longer than the longest backoff.
    const ms = Math.min(Math.max(next - this.now(), 0), 60 * MINUTE);
    this.cancelTimer = this.schedule(ms, () => this.kick());
  }

  private async settleUncertain(id: number): Promise<void> {
    const rec = this.deps.outbox.get(id);
    const account = rec ? this.deps.getAccount(rec.accountId) : null;
    if (!rec || !account) return;
    try {
      if (await this.deps.sent.isFiled(account, rec.messageId)) {
        this.move(id, ['uncertain'], 'filed', { filedAt: this.now(), lastError: null });
      }
    } catch (e) {
      // Offline: it stays uncertain; the next start (or the user) decides.
      this.deps.log?.warn('outbox: could not search Sent', { code: errorOf(e).code });
    }
  }

  private async process(id: number): Promise<void> {
    const rec = this.deps.outbox.get(id);
    if (!rec) return;
    const account = this.deps.getAccount(rec.accountId);
    if (!account) {
      this.move(id, ['queued', 'accepted'], 'failed', {
        lastError: { code: 'NOT_FOUND', message: 'The account of this message no longer exists.' },
        nextAttemptAt: null,
      });
      return;
    }
    if (rec.state === 'queued') {
      const check = this.deps.gate.recheck(rec.compose, rec.confirmedVerdict, account.email, rec.messageId);
      if (!check.ok) {
        this.move(id, ['queued'], 'held', {
          lastError: { code: heldCode(check.preview.verdict), message: check.reason },
          nextAttemptAt: null,
        });
        return;
      }
      const attempts = rec.attempts + 1;
      // Committed before a byte goes to the server: a crash from here on is recovered as `uncertain`.
      if (!this.move(id, ['queued'], 'sending', { attempts })) return;
      try {
        const result = await this.deps.smtp.send(account, rec.envelope, rec.raw);
        this.move(id, ['sending'], 'accepted', {
          acceptedAt: this.now(),
          rejected: result.rejected,
          lastError: null,
          nextAttemptAt: null,
        });
      } catch (e) {
        const failure = mapSmtpError(e);
        const lastError = { code: failure.code, message: failure.message };
        if (failure.transient) {
          this.move(id, ['sending'], 'queued', { lastError, nextAttemptAt: this.now() + this.backoff(attempts) });
        } else {
          this.move(id, ['sending'], 'failed', { lastError, nextAttemptAt: null });
        }
        return;
      }
    }
    await this.fileInSent(id, account);
  }

  private async fileInSent(id: number, account: AccountWithSecret): Promise<void> {
    const rec = this.deps.outbox.get(id);
    if (rec?.state !== 'accepted') return;
    try {
      await this.deps.sent.file(account, rec.messageId, rec.raw);
      this.filingFailures.delete(id);
      this.move(id, ['accepted'], 'filed', { filedAt: this.now(), nextAttemptAt: null, lastError: null });
    } catch (e) {
      // Sent; only the copy in Sent is missing. It stays `accepted` and filing is retried with backoff.
      const failures = (this.filingFailures.get(id) ?? 0) + 1;
      this.filingFailures.set(id, failures);
      this.move(id, ['accepted'], 'accepted', { lastError: errorOf(e), nextAttemptAt: this.now() + this.backoff(failures) });
    }
  }
}
