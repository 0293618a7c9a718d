// `raksa send`: the same send as the compose window, through the same core, the same send gate and the
// same machine policy (docs/sending.md). There is no flag or variable that loosens the policy: --confirm
// answers a `warn` (the CLI has no dialog), --justification a `justify`; a `block` is final. A refusal
// exits 3 with the decision as JSON on stdout, before anything connects to the SMTP server.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OutboxItem, OutboxState, SendSubmitArgs } from '../../shared/domain/compose.js';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/compose.js';
import { URGENCIES, type Urgency } from '../../shared/domain/markings.js';
import { parseClassification } from '../../shared/policy/index.js';
import type { CoreClient } from '../core/host/coreClient.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIo } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

/** The policy refused the message (block, or warn/justify without --confirm/--justification). */
export const EXIT_POLICY = 3;

const POLICY_CODES = new Set(['POLICY_BLOCKED', 'NEEDS_CONFIRMATION', 'NEEDS_JUSTIFICATION']);
/** States after which waiting longer changes nothing without a user or a later retry. */
const SETTLED: ReadonlySet<OutboxState> = new Set(['filed', 'failed', 'held', 'uncertain', 'cancelled']);
const WAIT_LIMIT_MS = 5 * 60_000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
};

const contentTypeOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[name.slice(dot).toLowerCase()]) || 'application/octet-stream';
};

async function readAttachments(files: readonly string[]): Promise<NonNullable<SendSubmitArgs['attachments']>> {
  const out = [];
  let total = 0;
  for (const file of files) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (e) {
      throw new UsageError(`cannot read the attachment ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    total += data.length;
    if (total > MAX_ATTACHMENT_BYTES) throw new UsageError(`the attachments exceed ${MAX_ATTACHMENT_BYTES} bytes`);
    const filename = basename(file);
    out.push({ filename, contentType: contentTypeOf(filename), dataBase64: data.toString('base64') });
  }
  return out;
}

async function chooseAccount(core: CoreClient, io: CliIo, json: boolean, wanted: string | undefined): Promise<number | null> {
  const accounts = unwrap(await core.call('accounts.list', {}), io, json);
  if (!accounts) return null;
  if (wanted !== undefined) {
    const found = accounts.find((a) => String(a.id) === wanted || a.email.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new UsageError(`no account ${wanted} in this profile`);
    return found.id;
  }
  if (accounts.length !== 1) throw new UsageError(accounts.length === 0 ? 'the profile has no account' : 'the profile has several accounts: choose one with --account');
  return accounts[0]?.id ?? null;
}

/** Waits until the message settled (or was sent and is waiting only to be filed, or waits for a retry). */
async function waitForOutcome(core: CoreClient, outboxId: number): Promise<OutboxItem | null> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  let wake: (() => void) | null = null;
  const off = core.on('outbox.changed', (c) => {
    if (c.id === outboxId) wake?.();
  });
  try {
    for (;;) {
      const list = await core.call('outbox.list', { includeDone: true });
      const item = list.ok ? list.value.find((i) => i.id === outboxId) : undefined;
      if (!item) return null;
      const waitingForRetry = item.state === 'queued' && item.lastError !== null;
      const sentNotFiled = item.state === 'accepted' && item.lastError !== null;
      if (SETTLED.has(item.state) || waitingForRetry || sentNotFiled || Date.now() > deadline) return item;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 500).unref();
      });
    }
  } finally {
    off();
  }
}

export const sendCommand: CliCommand = {
  summary: 'Send a message through the outbox, under the machine policy',
  usage:
    'raksa send --profile DIR --to A [--to A]… [--cc A]… [--bcc A]… --subject S --body-file F [--attach F]… ' +
    '[--classification none|confidential|secret|top-secret|ลับ|ลับมาก|ลับที่สุด] [--urgency none|urgent|very-urgent|most-urgent] ' +
    '[--document-number TEXT] [--justification TEXT] [--confirm] [--account ID|EMAIL] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...PROFILE_FLAGS,
    { name: 'account', kind: 'string', valueName: 'ID|EMAIL', description: 'the sending account (needed when the profile has several)' },
    { name: 'to', kind: 'string', repeatable: true, valueName: 'ADDRESS', description: 'To recipient' },
    { name: 'cc', kind: 'string', repeatable: true, valueName: 'ADDRESS', description: 'Cc recipient' },
    { name: 'bcc', kind: 'string', repeatable: true, valueName: 'ADDRESS', description: 'Bcc recipient' },
    { name: 'subject', kind: 'string', valueName: 'TEXT', description: 'the subject (markings are added)' },
    { name: 'body-file', kind: 'string', valueName: 'FILE', description: 'UTF-8 text file with the body' },
    { name: 'attach', kind: 'string', repeatable: true, valueName: 'FILE', description: 'attach a file' },
    { name: 'classification', kind: 'string', valueName: 'CLASS', description: 'secrecy class, English or Thai' },
    { name: 'urgency', kind: 'string', valueName: 'LEVEL', description: 'urgent (ด่วน), very-urgent (ด่วนมาก), most-urgent (ด่วนที่สุด)' },
    { name: 'document-number', kind: 'string', valueName: 'TEXT', description: 'document number (ที่ …/…)' },
    { name: 'in-reply-to', kind: 'string', valueName: 'MESSAGE-ID', description: 'the message this replies to' },
    { name: 'justification', kind: 'string', valueName: 'TEXT', description: 'written justification, required by a justify verdict' },
    { name: 'confirm', kind: 'boolean', description: 'confirm the warnings of a warn verdict (there is no dialog)' },
  ],
  async run(args, io) {
    const [to, cc, bcc] = [args.values('to'), args.values('cc'), args.values('bcc')];
    if (to.length + cc.length + bcc.length === 0) throw new UsageError('give at least one recipient with --to, --cc or --bcc');
    const subject = args.value('subject');
    if (subject === undefined) throw new UsageError('--subject is required');
    const bodyFile = args.value('body-file');
    if (bodyFile === undefined) throw new UsageError('--body-file is required');
    const classArg = args.value('classification') ?? 'none';
    const classification = parseClassification(classArg);
    if (!classification) throw new UsageError(`unknown classification "${classArg}"`);
    const urgency = (args.value('urgency') ?? 'none') as Urgency;
    if (!URGENCIES.includes(urgency)) throw new UsageError(`unknown urgency "${urgency}" (${URGENCIES.join(', ')})`);
    let text: string;
    try {
      text = await io.readFile(bodyFile);
    } catch (e) {
      throw new UsageError(`cannot read ${bodyFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const attachments = await readAttachments(args.values('attach'));
    const json = args.has('json');
    const documentNumber = args.value('document-number');
    const inReplyTo = args.value('in-reply-to');
    const justification = args.value('justification');

    return withProfile(args, io, async (core) => {
      const accountId = await chooseAccount(core, io, json, args.value('account'));
      if (accountId === null) return EXIT_FAILURE;
      const message = {
        accountId,
        to: [...to],
        cc: [...cc],
        bcc: [...bcc],
        subject,
        text,
        attachments,
        classification,
        urgency,
        ...(documentNumber === undefined ? {} : { documentNumber }),
        ...(inReplyTo === undefined ? {} : { inReplyTo, references: [inReplyTo] }),
      };
      const submitted = await core.call('send.submit', {
        ...message,
        confirmed: args.has('confirm'),
        ...(justification === undefined ? {} : { justification }),
      });
      if (!submitted.ok) {
        if (!POLICY_CODES.has(submitted.error.code)) {
          unwrap(submitted, io, json);
          return EXIT_FAILURE;
        }
        // The gate refused; the preview is the same pure decision, printed so a script can see why.
        const preview = await core.call('send.preview', message);
        io.stdout(`${JSON.stringify({ refused: submitted.error, decision: preview.ok ? preview.value : null })}\n`);
        io.stderr(`raksa: ${submitted.error.code}: ${submitted.error.message}\n`);
        return EXIT_POLICY;
      }
      const item = await waitForOutcome(core, submitted.value.outboxId);
      const outcome = {
        outboxId: submitted.value.outboxId,
        messageId: submitted.value.messageId,
        state: item?.state ?? 'unknown',
        lastError: item?.lastError ?? null,
        rejected: item?.rejected ?? [],
      };
      if (json) io.stdout(`${JSON.stringify(outcome)}\n`);
      else {
        io.stdout(`${outcome.messageId}: ${outcome.state}${outcome.lastError ? ` (${outcome.lastError.code}: ${outcome.lastError.message})` : ''}\n`);
        if (outcome.state === 'queued') io.stdout('It stays in the outbox and is retried the next time Raksa Mail or raksa runs.\n');
      }
      // Sent (accepted) counts as success even if the copy in Sent is still to be filed.
      return outcome.state === 'filed' || outcome.state === 'accepted' ? EXIT_OK : EXIT_FAILURE;
    });
  },
};
