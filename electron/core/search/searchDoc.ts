// The searchable text of one message, built from what sync already has (headers) or, once the body is
// cached, from the parsed message. Body text is capped: the index must stay proportionate to the mail,
// and nobody searches for a word that only occurs after the first 200,000 characters of a message.
import { decodeWords } from 'postal-mime';
import type { Mailbox, MessageSummary, MessageView } from '../../../shared/domain/schemas.js';
import type { Classification } from '../../../shared/policy/types.js';
import {
  CLASSIFICATION_HEADER,
  classificationFromHeader,
  classificationFromSubject,
} from '../../../shared/search/classificationOf.js';
import { unfoldedFields } from '../mime/headerFields.js';
import { indexExtract } from '../mime/indexExtract.js';
import { parseMessage } from '../mime/parseMessage.js';
import { stripAttachmentBodies } from '../mime/stripAttachmentBodies.js';
import { htmlToText } from './htmlToText.js';

export const MAX_BODY_CHARS = 200_000;
/** Only the header block is scanned for the classification header; a header past this is not a header. */
const MAX_HEADER_BYTES = 64 * 1024;

export interface SearchDoc {
  readonly subject: string;
  readonly sender: string;
  readonly recipients: string;
  readonly body: string;
  readonly attachments: string;
  readonly classification: Classification;
}

const mailboxText = (m: Mailbox | null): string => (m ? [m.name, m.address].filter(Boolean).join(' ') : '');
const mailboxesText = (list: readonly Mailbox[]): string => list.map(mailboxText).filter(Boolean).join('\n');

export interface HeaderFields {
  readonly subject: string;
  readonly from: Mailbox | null;
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
}

/** A document from header fields only: what is searchable before the body is cached. */
export const headerDoc = (h: HeaderFields): SearchDoc => ({
  subject: h.subject,
  sender: mailboxText(h.from),
  recipients: [mailboxesText(h.to), mailboxesText(h.cc)].filter(Boolean).join('\n'),
  body: '',
  attachments: '',
  classification: classificationFromSubject(h.subject),
});

/** The value of the classification header in the raw source's header block, decoded, or null. */
export function readClassificationHeader(source: Uint8Array): string | null {
  const head = Buffer.from(source.buffer, source.byteOffset, Math.min(source.byteLength, MAX_HEADER_BYTES));
  // Only the header block is decoded: its end is found in the bytes (the first LF LF or LF CR LF; a CR left
  // before it is trimmed with the last field's value).
  let end = head.length;
  for (const blank of ['\n\n', '\n\r\n']) {
    const at = head.indexOf(blank);
    if (at !== -1 && at < end) end = at;
  }
  const block = head.toString('latin1', 0, end);
  const name = CLASSIFICATION_HEADER.toLowerCase();
  // Nearly all mail lacks the header (until Raksa sends it): then the block is not unfolded and split at all.
  if (!block.toLowerCase().includes(name)) return null;
  const field = unfoldedFields(block).find((f) => f.key === name);
  // Raw 8-bit UTF-8 (RFC 6532) arrives here as latin1 bytes; re-read it as UTF-8 before RFC 2047 decoding.
  return field ? decodeWords(Buffer.from(field.value, 'latin1').toString('utf8')).trim() : null;
}

/**
 * A full document from the cached raw source: by the index-only MIME pass (mime/indexExtract.ts), or, for a
 * message it is not sure to read exactly as the reader does, by bodyDocByFullParser. Both give the same
 * document (indexExtract.test.ts).
 */
export async function bodyDoc(source: Uint8Array, summary: MessageSummary): Promise<SearchDoc> {
  const fast = indexExtract(source);
  if (!fast) return bodyDocByFullParser(source, summary);
  return fullDoc(source, summary, fast.to, fast.cc, fast.body, fast.attachments);
}

/**
 * The document parsed with the same MIME code the reader uses, minus the attachments' encoded bytes, which
 * the index never needs (stripAttachmentBodies.ts).
 */
export async function bodyDocByFullParser(source: Uint8Array, summary: MessageSummary): Promise<SearchDoc> {
  const view: MessageView = await parseMessage(stripAttachmentBodies(source), summary);
  const text = view.text ?? (view.html ? htmlToText(view.html) : '');
  return fullDoc(source, summary, view.to, view.cc, text, view.attachments.map((a) => a.filename));
}

function fullDoc(
  source: Uint8Array,
  summary: MessageSummary,
  to: readonly Mailbox[],
  cc: readonly Mailbox[],
  text: string,
  attachments: readonly string[],
): SearchDoc {
  const header = readClassificationHeader(source);
  return {
    subject: summary.subject,
    sender: mailboxText(summary.from),
    recipients: [mailboxesText(to), mailboxesText(cc)].filter(Boolean).join('\n'),
    body: text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text,
    attachments: attachments.join('\n'),
    classification: (header ? classificationFromHeader(header) : null) ?? classificationFromSubject(summary.subject),
  };
}
