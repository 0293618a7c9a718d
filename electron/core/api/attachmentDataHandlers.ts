// messages.attachmentData and profile.info (shared/domain/attachmentData.ts). The bytes go straight from the
// encrypted store into the answer, never to disk: the browser host turns them into a download, where the
// Electron app instead uses messages.openAttachment and its private temp copy.
import type { ApiHandlers } from '../../../shared/contract/client.js';
import { CodedError } from '../../../shared/contract/result.js';
import { BROWSER_DOWNLOAD_MAX_BYTES } from '../../../shared/domain/attachmentData.js';
import type { MessageView } from '../../../shared/domain/schemas.js';
import { extractAttachment } from '../attachments/extractAttachment.js';
import { sanitizeFilename } from '../mime/sanitizeFilename.js';
import { keyFileMode } from '../secrets/keyFile.js';
import type { MailStore } from '../store/mailStore.js';

export interface AttachmentDataDeps {
  readonly store: MailStore;
  readonly profileDir: string;
  openMessage(messageId: number): Promise<MessageView>;
}

type AttachmentDataHandlers = Pick<ApiHandlers, 'messages.attachmentData' | 'profile.info'>;

// The fallback name openAttachment gives a nameless part, so a download and an opened copy agree.
const fallbackName = (index: number, mimeType: string): string => {
  const sub = mimeType.split('/')[1] ?? '';
  return `attachment-${index + 1}${/^[a-z0-9]{1,8}$/u.test(sub) ? `.${sub}` : ''}`;
};

export function createAttachmentDataHandlers(deps: AttachmentDataDeps): AttachmentDataHandlers {
  return {
    'messages.attachmentData': async ({ id, index }) => {
      await deps.openMessage(id);
      const source = deps.store.getRawSource(id);
      if (!source) throw new CodedError('NOT_FOUND', `Message ${id} is not cached.`);
      const a = await extractAttachment(source, index);
      if (a.bytes.byteLength > BROWSER_DOWNLOAD_MAX_BYTES) {
        throw new CodedError('INVALID_ARGUMENT', `The attachment is larger than ${BROWSER_DOWNLOAD_MAX_BYTES} bytes.`);
      }
      return {
        filename: sanitizeFilename(a.rawFilename, fallbackName(index, a.contentType)),
        contentType: a.contentType,
        dataBase64: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).toString('base64'),
      };
    },
    // No key file means the host handed the core its key directly (tests, the CLI with a key): there is no
    // passphrase to change, which is what 'os' tells the settings page.
    'profile.info': async () => ({ keyProtection: (await keyFileMode(deps.profileDir)) === 'passphrase' ? 'passphrase' : 'os' }),
  };
}
