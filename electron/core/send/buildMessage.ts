// Builds the final RFC 5322 bytes of an outgoing message once, when it is queued (issue 5 §2): the
// Message-ID, Date, subject markings and Saraban headers are fixed here and never rebuilt, so a retry
// sends exactly these bytes and Sent holds exactly what the recipients got.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { CodedError } from '../../../shared/contract/result.js';
import type { ComposeInputParsed } from '../../../shared/domain/compose.js';
import { MARKING_HEADERS, type Urgency } from '../../../shared/domain/markings.js';
import { normalizeAddress, toAsciiDomain, type Classification } from '../../../shared/policy/index.js';
import { stripActiveHtml } from './stripActiveHtml.js';

export interface MailboxAddress {
  readonly name: string;
  readonly address: string;
}

/** The SMTP envelope, by field; Bcc is only ever here, never in the headers. */
export interface SendEnvelope {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
}

export interface BuiltMessage {
  readonly messageId: string;
  readonly raw: Buffer;
  readonly envelope: SendEnvelope;
}

export interface BuildOptions {
  readonly from: MailboxAddress;
  /** The subject with its markings (evaluateSend decided it). */
  readonly subject: string;
  readonly classification: Classification;
  readonly urgency: Urgency;
  readonly date: Date;
  /** Tests pin it; otherwise a random UUID. */
  readonly uuid?: string;
}

/** `<uuid@domain>` with the sender's domain in ASCII (an IDN domain is punycoded; RFC 5322 §3.6.4). */
export function newMessageId(fromAddress: string, uuid: string = randomUUID()): string {
  const at = fromAddress.lastIndexOf('@');
  const domain = at >= 0 ? toAsciiDomain(fromAddress.slice(at + 1)) : null;
  return `<${uuid}@${domain?.ok ? domain.ascii : 'raksa.invalid'}>`;
}

const parseRecipients = (list: readonly string[], field: string): MailboxAddress[] =>
  list.map((input) => {
    const r = normalizeAddress(input);
    // The gate blocks invalid recipients first; this only guards a caller that skipped it.
    if (!r.ok) throw new CodedError('INVALID_ARGUMENT', `${field}: ${r.message}`);
    return { name: r.displayName, address: `${r.local}@${r.domain}` };
  });

/** MailComposer attachments from compose attachments (sent mail and server drafts alike). */
export function composerAttachments(attachments: ComposeInputParsed['attachments']) {
  return attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.dataBase64, 'base64'),
    // An inline image with a `cid` goes into multipart/related next to the HTML that refers to it.
    ...(a.inline === true && a.contentId !== undefined
      ? { cid: a.contentId, contentDisposition: 'inline' as const }
      : { contentDisposition: 'attachment' as const }),
  }));
}

/** Content only ever comes from the Buffers we pass: a path or URL in any field must not be read. */
export const SAFE_COMPOSER_OPTIONS = {
  disableFileAccess: true,
  disableUrlAccess: true,
  textEncoding: 'B',
  newline: 'windows',
} as const;

export async function buildMessage(input: ComposeInputParsed, opts: BuildOptions): Promise<BuiltMessage> {
  const to = parseRecipients(input.to, 'to');
  const cc = parseRecipients(input.cc, 'cc');
  const bcc = parseRecipients(input.bcc, 'bcc');
  const messageId = newMessageId(opts.from.address, opts.uuid);
  // References: the parent's chain, then the parent itself (RFC 5322 §3.6.4), each id once.
  const references = [...input.references];
  if (input.inReplyTo && !references.includes(input.inReplyTo)) references.push(input.inReplyTo);

  const headers: Record<string, string> = {};
  if (opts.classification !== 'none') headers[MARKING_HEADERS.classification] = opts.classification;
  if (opts.urgency !== 'none') headers[MARKING_HEADERS.urgency] = opts.urgency;
  // Non-ASCII (Thai) values are RFC 2047 encoded by MailComposer.
  if (input.documentNumber) headers[MARKING_HEADERS.documentNumber] = input.documentNumber;

  const composer = new MailComposer({
    from: opts.from,
    to,
    cc,
    subject: opts.subject,
    messageId,
    date: opts.date,
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    text: input.text,
    ...(input.html !== undefined ? { html: stripActiveHtml(input.html) } : {}),
    attachments: composerAttachments(input.attachments),
    headers,
    ...SAFE_COMPOSER_OPTIONS,
  });
  const raw = await composer.compile().build();
  return {
    messageId,
    raw,
    envelope: {
      from: opts.from.address,
      to: to.map((m) => m.address),
      cc: cc.map((m) => m.address),
      bcc: bcc.map((m) => m.address),
    },
  };
}
