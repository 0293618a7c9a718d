// Builds the sending side of the core (gate, outbox, runner) for the composition root, so that file
// only gains a few lines. Tests build the same pieces with fakes (a fake SMTP sender, a fake clock).
import type { EventSink } from '../../../shared/contract/client.js';
import type { Policy } from '../../../shared/policy/index.js';
import type { SendHandlerDeps } from '../api/sendHandlers.js';
import type { MailStore } from '../store/mailStore.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { OutboxRunner, type OutboxRunnerDeps } from './outboxRunner.js';
import { OutboxStore } from './outboxStore.js';
import { SendGate, type AuditSink, type SendGateDeps } from './sendGate.js';
import { ImapSentFiler, type SentFiler } from './sentFiler.js';
import { NodemailerSmtpSender, type SmtpSender } from './smtpSender.js';

export interface SendingOptions {
  readonly db: SqliteDatabase;
  readonly store: Pick<MailStore, 'getAccountWithSecret'>;
  /** The machine policy the core runs with (the composition's single `policy`). */
  readonly policy: Policy;
  readonly policyHash: string;
  readonly audit: AuditSink;
  /** The CAs trusted for IMAP; SMTP trusts exactly the same ones. */
  readonly trustedCaPem: readonly string[];
  readonly emit: EventSink;
  readonly log?: OutboxRunnerDeps['log'];
  // Test seams.
  readonly smtp?: SmtpSender;
  readonly sent?: SentFiler;
  readonly now?: () => number;
  readonly backoff?: OutboxRunnerDeps['backoff'];
  readonly schedule?: OutboxRunnerDeps['schedule'];
  readonly uuid?: () => string;
  /** The class of the original a reply/forward answers (SendGateDeps.originalClassification). */
  readonly originalClassification?: SendGateDeps['originalClassification'];
}

export interface Sending extends SendHandlerDeps {
  /** Crash recovery and the first run; call once after the core is up. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createSending(o: SendingOptions): Sending {
  const getAccount = (id: number) => o.store.getAccountWithSecret(id);
  const outboxStore = new OutboxStore(o.db, o.now);
  let runner: OutboxRunner | null = null;
  const sendGate = new SendGate({
    policy: o.policy,
    policyHash: o.policyHash,
    audit: o.audit,
    outbox: outboxStore,
    getAccount,
    onQueued: (id, accountId) => {
      o.emit('outbox.changed', { id, accountId, state: 'queued' });
      runner?.kick();
    },
    ...(o.now ? { now: o.now } : {}),
    ...(o.uuid ? { uuid: o.uuid } : {}),
    ...(o.originalClassification ? { originalClassification: o.originalClassification } : {}),
  });
  runner = new OutboxRunner({
    outbox: outboxStore,
    gate: sendGate,
    smtp: o.smtp ?? new NodemailerSmtpSender({ trustedCaPem: o.trustedCaPem }),
    sent: o.sent ?? new ImapSentFiler({ trustedCaPem: o.trustedCaPem }),
    getAccount,
    onChanged: (change) => o.emit('outbox.changed', change),
    ...(o.now ? { now: o.now } : {}),
    ...(o.backoff ? { backoff: o.backoff } : {}),
    ...(o.schedule ? { schedule: o.schedule } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  const outboxRunner = runner;
  return {
    sendGate,
    outboxRunner,
    outboxStore,
    start: () => outboxRunner.start(),
    async close() {
      outboxRunner.stop();
      await outboxRunner.idle();
    },
  };
}
