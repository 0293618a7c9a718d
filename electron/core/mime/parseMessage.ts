// Parses a raw RFC 5322 message into the MessageView the reader shows. The HTML stays exactly as received
// (the renderer sanitizes it with DOMPurify before display); everything else in the view is plain data:
// text, sanitized file names, and data: URLs only for raster images, never SVG or anything scriptable.
import PostalMime from 'postal-mime';
import type { Address, Attachment } from 'postal-mime';
import type { AttachmentInfo, Mailbox, MessageSummary, MessageView } from '../../../shared/domain/schemas.js';
import { sanitizeFilename } from './sanitizeFilename.js';
import { readMarkings } from './readMarkings.js';

/** Raster types a browser decodes without running anything; SVG is excluded because it can carry script. */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;

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

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function stripAngles(id: string | undefined): string | null {
  const v = id?.trim().replace(/^<|>$/gu, '').trim();
  return v ? v : null;
}

function extensionFor(mimeType: string): string {
  const sub = mimeType.split('/')[1] ?? '';
  return /^[a-z0-9]{1,8}$/u.test(sub) ? `.${sub}` : '';
}

export async function parseMessage(source: Uint8Array, summary: MessageSummary): Promise<MessageView> {
  const email = await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer' });

  const attachments: AttachmentInfo[] = [];
  const inlineImages: Record<string, string> = {};
  email.attachments.forEach((a, index) => {
    const bytes = bytesOf(a.content);
    const contentId = stripAngles(a.contentId);
    const mimeType = a.mimeType.toLowerCase();
    const inline = a.disposition === 'inline' || a.related === true;
    attachments.push({
      index,
      filename: sanitizeFilename(a.filename, `attachment-${index + 1}${extensionFor(mimeType)}`),
      contentType: mimeType,
      size: bytes.byteLength,
      contentId,
      inline,
    });
    if (contentId && INLINE_IMAGE_TYPES.has(mimeType) && bytes.byteLength <= MAX_INLINE_IMAGE_BYTES) {
      inlineImages[contentId] = `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
    }
  });

  return {
    summary,
    messageId: email.messageId ?? null,
    to: flatten(email.to),
    cc: flatten(email.cc),
    replyTo: flatten(email.replyTo),
    text: email.text ?? null,
    html: email.html ?? null,
    attachments,
    inlineImages,
    markings: readMarkings(email.headers, email.subject ?? summary.subject),
  };
}
