// compose.prepare (issue 5 §1): a prefilled ComposeInput for new, reply, reply all, forward inline and
// forward as attachment. In the core so the CLI can use it too. What it gets right, and why:
// - threading: In-Reply-To = the original's Message-ID, References = its chain plus it (RFC 5322 §3.6.4);
//   a forward names the original in References so the gate can find the class it must not silently lower;
// - identity: the reply goes out from the account the original was addressed to (To, then Cc);
// - markings: secrecy and urgency are inherited (DESIGN §5), never the document number (a reply is a new
//   letter with its own number);
// - Re:/Fwd: once, after the Saraban prefix is taken off (the core puts it back when sending).
import PostalMime from 'postal-mime';
import type { Address, Attachment } from 'postal-mime';
import { CodedError } from '../../../shared/contract/result.js';
import { MAX_ATTACHMENT_BYTES, type ComposeAttachment, type ComposeInputParsed } from '../../../shared/domain/compose.js';
import type { ComposeMode, PreparedCompose } from '../../../shared/domain/composeSupport.js';
import { parseSubjectMarkings } from '../../../shared/domain/markings.js';
import type { Mailbox } from '../../../shared/domain/schemas.js';
import { messageIds } from '../sync/threadKeys.js';
import { readMarkings, type Markings } from '../mime/readMarkings.js';
import { sanitizeFilename } from '../mime/sanitizeFilename.js';
import {
  forwardBlock,
  forwardSubject,
  htmlToText,
  quoteDate,
  quoteHeader,
  quoteLines,
  replySubject,
  type QuoteLocale,
} from './replyText.js';

export interface OriginalMessage {
  /** The account whose store holds the original. */
  readonly storeAccountId: number;
  readonly messageId: string | null;
  readonly references: readonly string[];
  readonly date: number;
  readonly from: Mailbox | null;
  readonly replyTo: readonly Mailbox[];
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
  /** Only a draft (or a message from the user's own Sent folder) carries one. */
  readonly bcc: readonly Mailbox[];
  /** The In-Reply-To Message-ID, if any. */
  readonly inReplyTo: string | null;
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly markings: Markings | null;
  /** Files for a forward, the original's inline images included (see parseOriginal). */
  readonly attachments: readonly ComposeAttachment[];
  /** The Content-ID (without <>) of each attachment that has one, by its index in `attachments`. */
  readonly contentIds: ReadonlyMap<number, string>;
  readonly raw: Uint8Array;
}

export interface PrepareContext {
  readonly accounts: readonly { readonly id: number; readonly email: string }[];
  readonly locale: QuoteLocale;
  /** Tests pin it; otherwise the machine's zone. */
  readonly timeZone?: string;
}

/** RFC 5322 caps nothing, but servers do: keep the first id (the thread root) and the latest ones. */
const MAX_REFERENCES = 50;

function flatten(list: readonly Address[] | Address | undefined): Mailbox[] {
  const out: Mailbox[] = [];
  const add = (a: Address): void => {
    if (a.group) a.group.forEach(add);
    else if (a.address) out.push({ name: a.name ?? '', address: a.address });
  };
  if (Array.isArray(list)) list.forEach(add);
  else if (list) add(list as Address);
  return out;
}

const bytesOf = (content: Attachment['content']): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/u;

/** Parses the raw original once; `fallbackDate` (the store's) when the Date header is missing or bad. */
export async function parseOriginal(raw: Uint8Array, storeAccountId: number, fallbackDate: number): Promise<OriginalMessage> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  const headerDate = email.date ? Date.parse(email.date) : NaN;
  const attachments: ComposeAttachment[] = [];
  const contentIds = new Map<number, string>();
  email.attachments.forEach((a, i) => {
    const cid = a.contentId?.replace(/^<|>$/gu, '').trim();
    if (cid) contentIds.set(i, cid);
    // Inline images are kept, as ordinary attachments: a forward quotes the original as plain text, so
    // there is no HTML left to refer to them by cid:, and dropping them would lose part of the message.
    const type = a.mimeType.toLowerCase();
    attachments.push({
      filename: sanitizeFilename(a.filename, `attachment-${i + 1}`),
      contentType: MIME_TYPE.test(type) ? type : 'application/octet-stream',
      dataBase64: Buffer.from(bytesOf(a.content)).toString('base64'),
    });
  });
  return {
    storeAccountId,
    messageId: messageIds(email.messageId)[0] ?? null,
    references: messageIds(email.references),
    date: Number.isFinite(headerDate) ? headerDate : fallbackDate,
    from: flatten(email.from)[0] ?? null,
    replyTo: flatten(email.replyTo),
    to: flatten(email.to),
    cc: flatten(email.cc),
    bcc: flatten(email.bcc),
    inReplyTo: messageIds(email.inReplyTo)[0] ?? null,
    subject: email.subject ?? '',
    text: email.text ?? null,
    html: email.html ?? null,
    markings: readMarkings(email.headers, email.subject ?? ''),
    attachments,
    contentIds,
    raw,
  };
}

const lower = (a: string): string => a.trim().toLowerCase();

/** "Name <a@b>", the name quoted when it holds characters that mean something in an address list. */
export function recipientText(m: Mailbox): string {
  const name = m.name.replace(/[\r\n]+/gu, ' ').trim();
  if (!name || lower(name) === lower(m.address)) return m.address;
  return /[",;<>@()[\]:\\.]/u.test(name) ? `"${name.replace(/["\\]/gu, '\\$&')}" <${m.address}>` : `${name} <${m.address}>`;
}

function unique(list: readonly Mailbox[], exclude: ReadonlySet<string>): Mailbox[] {
  const seen = new Set(exclude);
  const out: Mailbox[] = [];
  for (const m of list) {
    const key = lower(m.address);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/** The account the original was addressed to (To first, then Cc); else the one that sent it; else its store. */
export function replyIdentity(original: OriginalMessage, accounts: PrepareContext['accounts']): number {
  const byAddress = new Map(accounts.map((a) => [lower(a.email), a.id]));
  for (const m of [...original.to, ...original.cc]) {
    const id = byAddress.get(lower(m.address));
    if (id !== undefined) return id;
  }
  const sender = original.from ? byAddress.get(lower(original.from.address)) : undefined;
  return sender ?? original.storeAccountId;
}

function replyRecipients(original: OriginalMessage, all: boolean, mine: ReadonlySet<string>): { to: Mailbox[]; cc: Mailbox[] } {
  const sentByMe = original.from !== null && mine.has(lower(original.from.address));
  // Replying to my own sent message goes to its recipients again, as Thunderbird and Outlook do.
  const primary = sentByMe ? original.to : original.replyTo.length ? original.replyTo : original.from ? [original.from] : [];
  const to = unique(all && !sentByMe ? [...primary, ...original.to] : primary, sentByMe ? new Set() : mine);
  if (!all) return { to, cc: [] };
  const taken = new Set([...mine, ...to.map((m) => lower(m.address))]);
  return { to, cc: unique(original.cc, taken) };
}

/** At most `max` of a References chain: its first id (the thread's root) and the latest ones. */
export const rootAndLatest = (refs: readonly string[], max: number): string[] =>
  refs.length > max ? [refs[0] as string, ...refs.slice(-(max - 1))] : [...refs];

function threadRefs(original: OriginalMessage): string[] {
  const refs = [...original.references];
  if (original.messageId && !refs.includes(original.messageId)) refs.push(original.messageId);
  return rootAndLatest(refs, MAX_REFERENCES);
}

export const bodyOf = (o: OriginalMessage): string => (o.text !== null && o.text.trim() !== '' ? o.text : o.html ? htmlToText(o.html) : '');

const fitAttachments = (list: readonly ComposeAttachment[]): ComposeAttachment[] => {
  const out: ComposeAttachment[] = [];
  let total = 0;
  for (const a of list) {
    const size = Math.floor((a.dataBase64.length * 3) / 4);
    // What does not fit under the sending limit is left out rather than making the whole forward fail.
    if (total + size > MAX_ATTACHMENT_BYTES) continue;
    total += size;
    out.push(a);
  }
  return out;
};

/** The prefilled message. `original` is null only for mode 'new'. */
export function prepareCompose(
  mode: ComposeMode,
  original: OriginalMessage | null,
  ctx: PrepareContext,
  defaultAccountId: number,
): PreparedCompose {
  const base: ComposeInputParsed = {
    accountId: defaultAccountId,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    text: '',
    attachments: [],
    references: [],
    classification: 'none',
    urgency: 'none',
  };
  if (mode === 'new' || original === null) return { compose: base, originalClassification: null };

  const mine = new Set(ctx.accounts.map((a) => lower(a.email)));
  const plainSubject = parseSubjectMarkings(original.subject).rest;
  const inherited = {
    accountId: replyIdentity(original, ctx.accounts),
    classification: original.markings?.classification ?? 'none',
    urgency: original.markings?.urgency ?? 'none',
  } as const;
  const date = quoteDate(original.date, ctx.locale, ctx.timeZone);
  const originalClassification = inherited.classification;

  if (mode === 'reply' || mode === 'replyAll') {
    const { to, cc } = replyRecipients(original, mode === 'replyAll', mine);
    const body = bodyOf(original);
    return {
      compose: {
        ...base,
        ...inherited,
        to: to.map(recipientText),
        cc: cc.map(recipientText),
        subject: replySubject(plainSubject),
        text: `\n\n${quoteHeader(date, original.from, ctx.locale)}\n${quoteLines(body)}\n`,
        ...(original.messageId ? { inReplyTo: original.messageId } : {}),
        references: threadRefs(original),
      },
      originalClassification,
    };
  }

  const forward = {
    ...base,
    ...inherited,
    subject: forwardSubject(plainSubject),
    // The forwarded message is named so the send gate can look up the class it carried.
    references: original.messageId ? [original.messageId] : [],
  };
  if (mode === 'forward') {
    const block = forwardBlock(
      { from: original.from, to: original.to, cc: original.cc, date, subject: original.subject },
      bodyOf(original),
      ctx.locale,
    );
    return {
      compose: { ...forward, text: `\n\n${block}\n`, attachments: fitAttachments(original.attachments) },
      originalClassification,
    };
  }
  if (original.raw.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new CodedError('INVALID_ARGUMENT', 'The message is too large to forward as an attachment.');
  }
  const name = sanitizeFilename(`${plainSubject.trim().slice(0, 80) || 'message'}.eml`, 'message.eml');
  return {
    compose: {
      ...forward,
      attachments: [{ filename: name, contentType: 'message/rfc822', dataBase64: Buffer.from(original.raw).toString('base64') }],
    },
    originalClassification,
  };
}
