// Handlers for the profile's lifecycle (docs/storage.md): integrity check, recovery (a rebuild from the
// server keeping local-only data), change of passphrase, and opening an attachment via a private temp copy.
import type { ApiHandlers } from '../../../shared/contract/client.js';
import { CodedError } from '../../../shared/contract/result.js';
import type { MessageView } from '../../../shared/domain/schemas.js';
import type { RecoveryReport } from '../../../shared/domain/profile.js';
import type { AttachmentTempDir } from '../attachments/attachmentTempDir.js';
import { openAttachment } from '../attachments/openAttachment.js';
import type { MailStore } from '../store/mailStore.js';
import type { IntegrityReport } from '../store/integrity.js';
import { PassphraseSecretStorage } from '../secrets/passphraseSecretStorage.js';

export interface ProfileHandlerDeps {
  readonly store: MailStore;
  readonly profileDir: string;
  readonly attachmentTemp: AttachmentTempDir;
  checkIntegrity(kind: 'quick' | 'full'): IntegrityReport;
  /**
   * Closes this core, rebuilds the database (electron/core/recovery/recoverProfile.ts) and starts a new
   * core on it. Provided by the worker, which alone can replace the core it runs; absent in hosts that
   * cannot (then the call fails and the host recovers at its next start).
   */
  readonly recoverProfile?: () => Promise<RecoveryReport>;
  /** Makes sure the message body is cached (downloading it once if needed). */
  openMessage(messageId: number): Promise<MessageView>;
}

type ProfileHandlers = Pick<
  ApiHandlers,
  'profile.checkIntegrity' | 'profile.recover' | 'profile.changePassphrase' | 'messages.openAttachment'
>;

export function createProfileHandlers(deps: ProfileHandlerDeps): ProfileHandlers {
  return {
    'profile.checkIntegrity': ({ kind }) => {
      const r = deps.checkIntegrity(kind);
      return Promise.resolve({ ok: r.ok, problems: [...r.problems] });
    },
    'profile.recover': async () => {
      if (!deps.recoverProfile) throw new CodedError('STORE_UNAVAILABLE', 'Recovery is run by the app at its next start.');
      return deps.recoverProfile();
    },
    // The database is not touched: the same key is rewrapped (electron/core/secrets). A profile whose key
    // is held by the OS keystore answers KEYSTORE_UNAVAILABLE: it has no passphrase to change.
    'profile.changePassphrase': async ({ oldPassphrase, newPassphrase }) => {
      const secrets = new PassphraseSecretStorage({ profileDir: deps.profileDir, passphrase: oldPassphrase });
      await secrets.changePassphrase(oldPassphrase, newPassphrase);
      return null;
    },
    'messages.openAttachment': async ({ id, index }) => {
      await deps.openMessage(id);
      const source = deps.store.getRawSource(id);
      if (!source) throw new CodedError('NOT_FOUND', `Message ${id} is not cached.`);
      return openAttachment(source, index, deps.attachmentTemp);
    },
  };
}
