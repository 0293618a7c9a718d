// THE send chokepoint (issue 5 §3, DESIGN §5). Every way a message leaves (the API's send.submit from
// compose, reply, forward or mailto; the CLI; the outbox replaying a queued message at send time) goes
// through this class, which judges it with the same pure evaluation compose previews (evaluateSend) under
// the machine policy the core runs with. Nothing here can be loosened by a caller: `confirmed` and
// `justification` only answer a warn or justify verdict, and a block is never overridable.
import type { AuditEventInput } from '../../../shared/audit/auditSchemas.js';
import { auditRecipientsFromDecision } from '../../../shared/audit/auditSchemas.js';
import { CodedError } from '../../../shared/contract/result.js';
import type {
  ComposeInputParsed,
  SendPreview,
  SendSubmitArgsParsed,
  SendSubmitResult,
} from '../../../shared/domain/compose.js';
import { evaluateSend } from '../../../shared/domain/evaluateSend.js';
import { classificationRank } from '../../../shared/domain/classificationOrder.js';
import type { Classification } from '../../../shared/policy/types.js';
import { verdictRank, type Policy, type Verdict } from '../../../shared/policy/index.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import { buildMessage } from './buildMessage.js';
import type { OutboxStore } from './outboxStore.js';

/** Where the gate records its decisions; AuditLog implements it. */
export interface AuditSink {
  append(event: AuditEventInput): unknown;
}

/** A refusal that carries the decision, for callers inside the core (the API only sees code + message). */
export class PolicyRefusal extends CodedError {
  constructor(
    code: 'POLICY_BLOCKED' | 'NEEDS_CONFIRMATION' | 'NEEDS_JUSTIFICATION',
    message: string,
    readonly preview: SendPreview,
  ) {
    super(code, message);
  }
}

export interface SendGateDeps {
  readonly policy: Policy;
  /** sha-256 of the policy, recorded with each audit entry. */
  readonly policyHash: string;
  readonly audit: AuditSink;
  readonly outbox: OutboxStore;
  getAccount(accountId: number): AccountWithSecret | null;
  /** Called after a message is queued (the runner starts on it). */
  onQueued(outboxId: number, accountId: number): void;
  /**
   * The secrecy class of the message this one replies to or forwards (In-Reply-To / References), or null
   * when unknown; sending below it needs a downgrade justification (docs/markings.md).
   */
  originalClassification?(input: ComposeInputParsed): Classification | null;
  readonly now?: () => number;
  /** Tests pin Message-IDs. */
  readonly uuid?: () => string;
}

export type RecheckResult =
  | { readonly ok: true; readonly preview: SendPreview }
  | { readonly ok: false; readonly preview: SendPreview; readonly reason: string };

const ENCRYPTION_REQUIRED =
  'Classified mail must be encrypted, and Raksa Mail cannot encrypt outgoing mail yet: send it through the channel your agency prescribes for classified documents.';

const reasonCodes = (p: SendPreview): string[] => [
  ...new Set([
    ...p.recipients.recipients.flatMap((r) => (r.verdict === 'allow' ? [] : r.reasons.map((x) => x.code))),
    ...p.attachments.flatMap((a) => (a.verdict === 'allow' ? [] : a.reasons.map((x) => x.code))),
  ]),
];

/** A short English explanation of a block (the UI shows the decision itself, translated by code). */
function blockMessage(p: SendPreview): string {
  const codes = reasonCodes(p);
  if (codes.includes('classified-unencrypted')) return ENCRYPTION_REQUIRED;
  const blocked = p.recipients.recipients.filter((r) => r.verdict === 'block').map((r) => r.address || r.input);
  const files = p.attachments.filter((a) => a.verdict === 'block').map((a) => a.filename);
  const what = [
    ...(blocked.length ? [`recipients ${blocked.join(', ')}`] : []),
    ...(files.length ? [`attachments ${files.join(', ')}`] : []),
  ].join(' and ');
  return `Your agency's policy does not allow sending this message (${what || codes.join(', ')}). Ask your IT department if you need an exception.`;
}

const factsOf = (input: ComposeInputParsed) => ({
  to: input.to,
  cc: input.cc,
  bcc: input.bcc,
  subject: input.subject,
  classification: input.classification,
  urgency: input.urgency,
  attachmentNames: input.attachments.map((a) => a.filename),
  encrypted: false,
});

export class SendGate {
  private readonly now: () => number;

  constructor(private readonly deps: SendGateDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** What the send dialog shows; no side effects. */
  preview(input: ComposeInputParsed): SendPreview {
    return evaluateSend(this.deps.policy, factsOf(input));
  }

  /** Judges, builds, queues. Throws PolicyRefusal (POLICY_BLOCKED, NEEDS_CONFIRMATION, NEEDS_JUSTIFICATION). */
  async submit(args: SendSubmitArgsParsed): Promise<SendSubmitResult> {
    const { confirmed, justification: rawJustification, downgradeJustification: rawDowngrade, ...input } = args;
    const account = this.deps.getAccount(input.accountId);
    if (!account) throw new CodedError('NOT_FOUND', `No account ${input.accountId}.`);
    if (input.from !== undefined && input.from.toLowerCase() !== account.email.toLowerCase()) {
      throw new CodedError('FORBIDDEN', 'Mail can only be sent from the address of the chosen account.');
    }
    if (input.to.length + input.cc.length + input.bcc.length === 0) {
      throw new CodedError('INVALID_ARGUMENT', 'The message has no recipients.');
    }
    const preview = this.preview(input);
    const justification = rawJustification?.trim() ? rawJustification.trim() : null;
    const record = (extra: Partial<AuditEventInput> & Pick<AuditEventInput, 'kind'>) =>
      this.deps.audit.append({
        account: account.email,
        recipients: auditRecipientsFromDecision(preview.recipients),
        verdict: preview.verdict,
        reasons: reasonCodes(preview),
        policyHash: this.deps.policyHash,
        ...extra,
        detail: { classification: preview.classification, attachments: input.attachments.length, ...extra.detail },
      });

    switch (preview.verdict) {
      case 'block':
        record({ kind: 'block', detail: { outcome: 'refused', stage: 'submit' } });
        throw new PolicyRefusal('POLICY_BLOCKED', blockMessage(preview), preview);
      case 'justify':
        if (justification === null) {
          throw new PolicyRefusal('NEEDS_JUSTIFICATION', 'This message needs a written justification before it can be sent.', preview);
        }
        break;
      case 'warn':
        if (!confirmed) {
          throw new PolicyRefusal('NEEDS_CONFIRMATION', 'Confirm the warnings before sending this message.', preview);
        }
        break;
      case 'allow':
        break;
    }
    // Lowering the class of what is answered or forwarded must be a decision with a reason, never a slip.
    const original = this.deps.originalClassification?.(input) ?? null;
    const downgrade = original !== null && classificationRank(preview.classification) < classificationRank(original);
    const downgradeReason = rawDowngrade?.trim() ? rawDowngrade.trim() : null;
    if (downgrade && downgradeReason === null) {
      throw new PolicyRefusal(
        'NEEDS_JUSTIFICATION',
        `This message lowers the secrecy class of the original (${original} to ${preview.classification}); give a written reason.`,
        preview,
      );
    }

    const built = await buildMessage(input, {
      from: { name: account.displayName, address: account.email },
      subject: preview.subject,
      classification: preview.classification,
      urgency: input.urgency,
      date: new Date(this.now()),
      ...(this.deps.uuid ? { uuid: this.deps.uuid() } : {}),
    });
    const outboxId = this.deps.outbox.insert({
      accountId: account.id,
      messageId: built.messageId,
      subject: preview.subject,
      raw: built.raw,
      envelope: built.envelope,
      compose: input,
      classification: preview.classification,
      confirmedVerdict: preview.verdict,
      justification,
    });
    if (preview.verdict !== 'allow') {
      // The user went past a warning or justified: that decision is what IT must be able to prove.
      record({
        kind: preview.verdict,
        justification,
        detail: { outcome: preview.verdict === 'warn' ? 'confirmed' : 'justified', stage: 'submit', messageId: built.messageId },
      });
    }
    if (downgrade) {
      this.deps.audit.append({
        kind: 'classification-downgrade',
        account: account.email,
        recipients: auditRecipientsFromDecision(preview.recipients),
        verdict: null,
        justification: downgradeReason,
        policyHash: this.deps.policyHash,
        detail: { from: original, to: preview.classification, messageId: built.messageId },
      });
    }
    this.deps.onQueued(outboxId, account.id);
    return { outboxId, messageId: built.messageId };
  }

  /**
   * Judges a queued message again when it is about to be sent: the policy may have tightened since the
   * user confirmed it. Anything stronger than what was confirmed (and every block) holds the message.
   */
  recheck(input: ComposeInputParsed, confirmedVerdict: Verdict, accountEmail: string, messageId: string): RecheckResult {
    const preview = this.preview(input);
    const stronger = preview.verdict === 'block' || verdictRank(preview.verdict) > verdictRank(confirmedVerdict);
    if (!stronger) return { ok: true, preview };
    const reason =
      preview.verdict === 'block'
        ? blockMessage(preview)
        : `The agency's policy changed since this message was queued: it now needs ${preview.verdict === 'justify' ? 'a written justification' : 'a confirmation'}. Open it as a draft and send it again.`;
    this.deps.audit.append({
      kind: preview.verdict === 'allow' ? 'warn' : preview.verdict,
      account: accountEmail,
      recipients: auditRecipientsFromDecision(preview.recipients),
      verdict: preview.verdict,
      reasons: reasonCodes(preview),
      policyHash: this.deps.policyHash,
      detail: { outcome: 'held', stage: 'send-time', messageId, confirmedVerdict },
    });
    return { ok: false, preview, reason };
  }
}
