// messages.openAttachment: the attachment's bytes, decrypted out of the store, written only into the private
// temp folder (AttachmentTempDir). What to do with the copy (open it, save it) is the host's decision; the
// risk verdict travels with it so every host applies the same rule (shared/security/attachmentRisk.ts).
import type { OpenedAttachment } from '../../../shared/domain/profile.js';
import { attachmentRisk, type AttachmentRiskReason } from '../../../shared/security/attachmentRisk.js';
import { sanitizeFilename } from '../mime/sanitizeFilename.js';
import type { AttachmentTempDir } from './attachmentTempDir.js';
import { extractAttachment } from './extractAttachment.js';

// The same fallback name the reader shows (parseMessage), so the list and the file agree.
const fallbackName = (index: number, mimeType: string): string => {
  const sub = mimeType.split('/')[1] ?? '';
  return `attachment-${index + 1}${/^[a-z0-9]{1,8}$/u.test(sub) ? `.${sub}` : ''}`;
};

export async function openAttachment(
  source: Uint8Array,
  index: number,
  temp: AttachmentTempDir,
): Promise<OpenedAttachment> {
  const a = await extractAttachment(source, index);
  const filename = sanitizeFilename(a.rawFilename, fallbackName(index, a.contentType));
  // Judge both the name as sent (bidi tricks are evidence) and the name the file gets on disk.
  const asSent = attachmentRisk(a.rawFilename === '' ? filename : a.rawFilename);
  const onDisk = attachmentRisk(filename);
  const reasons: AttachmentRiskReason[] = [...new Set([...asSent.reasons, ...onDisk.reasons])];
  const path = temp.write(filename, a.bytes);
  return {
    path,
    filename,
    contentType: a.contentType,
    size: a.bytes.byteLength,
    risk: { dangerous: reasons.length > 0, extension: onDisk.extension, reasons },
  };
}
