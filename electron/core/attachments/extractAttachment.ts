// Finds one attachment of a cached message by the index the reader showed (MessageView.attachments, the
// order postal-mime lists them in: the same parser, so the same order).
import PostalMime from 'postal-mime';
import { CodedError } from '../../../shared/contract/result.js';

export interface ExtractedAttachment {
  /** The name exactly as the sender wrote it (for the risk check: its tricks are evidence). */
  readonly rawFilename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export async function extractAttachment(source: Uint8Array, index: number): Promise<ExtractedAttachment> {
  const email = await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer' });
  const a = email.attachments[index];
  if (!a) throw new CodedError('NOT_FOUND', `The message has no attachment ${index}.`);
  const bytes =
    typeof a.content === 'string'
      ? new TextEncoder().encode(a.content)
      : a.content instanceof Uint8Array
        ? a.content
        : new Uint8Array(a.content);
  return { rawFilename: a.filename ?? '', contentType: a.mimeType.toLowerCase(), bytes };
}
