// Maps one FETCH (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE, plus INTERNALDATE when the Date header is
// unusable) response to a store header.
// imapflow has already decoded RFC 2047 encoded-words in the envelope subject and display names.
import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Mailbox } from '../../../shared/domain/schemas.js';
import type { HeaderUpsert } from '../store/mailStore.js';

function toMailbox(a: MessageAddressObject | undefined): Mailbox | null {
  // Group syntax yields entries without an address (RFC 3501 §7.4.2 group markers): not a mailbox.
  if (!a?.address) return null;
  return { name: (a.name ?? '').trim(), address: a.address };
}

function toMailboxes(list: readonly MessageAddressObject[] | undefined): Mailbox[] {
  return (list ?? []).map(toMailbox).filter((m): m is Mailbox => m !== null);
}

function toEpochMs(d: Date | string | undefined): number | null {
  if (d === undefined) return null;
  const t = (d instanceof Date ? d : new Date(d)).getTime();
  return Number.isFinite(t) ? t : null;
}

/**
 * True when any part is a real attachment: disposition `attachment`, or a part that names a file —
 * except an inline part with a Content-ID, which is an image the HTML shows (cid:, RFC 2392), not
 * something the user would look for behind a paperclip.
 */
export function hasAttachmentParts(node: MessageStructureObject | undefined): boolean {
  if (!node) return false;
  const disposition = node.disposition?.toLowerCase();
  if (disposition === 'attachment') return true;
  const named = Boolean(node.dispositionParameters?.filename || node.parameters?.name);
  if (named && !(disposition === 'inline' && node.id)) return true;
  return (node.childNodes ?? []).some(hasAttachmentParts);
}

/** The Date header as epoch ms; null when it is missing or unparsable (then INTERNALDATE stands in). */
export const envelopeDate = (msg: Pick<FetchMessageObject, 'envelope'>): number | null => toEpochMs(msg.envelope?.date);

export function envelopeToHeader(msg: FetchMessageObject): HeaderUpsert {
  const env = msg.envelope ?? {};
  return {
    uid: msg.uid,
    messageId: env.messageId ?? null,
    // The Date header is the sender's claim; INTERNALDATE (arrival) is the fallback when it is missing
    // or unparsable, so a message never sorts to 1970 because of a bad header.
    date: envelopeDate(msg) ?? toEpochMs(msg.internalDate) ?? 0,
    from: toMailbox(env.from?.[0]) ?? toMailbox(env.sender?.[0]),
    to: toMailboxes(env.to),
    cc: toMailboxes(env.cc),
    subject: env.subject ?? '',
    flags: [...(msg.flags ?? [])],
    size: msg.size ?? 0,
    hasAttachments: hasAttachmentParts(msg.bodyStructure),
    inReplyTo: env.inReplyTo ?? null,
  };
}
