// Opening a profile outside Electron (CLI, browser host, tests): there is no OS keystore there, so the
// database key is protected by a passphrase (DESIGN.md §3, passphrase mode).
import { CodedError } from '../../../shared/contract/result.js';
import { PassphraseSecretStorage } from '../secrets/passphraseSecretStorage.js';
import { startCore, type CoreClient, type StartCoreOptions } from '../host/coreClient.js';

export interface OpenProfileOptions {
  readonly profileDir: string;
  readonly passphrase: string;
  readonly trustedCaPem?: readonly string[];
  readonly workerPath?: string;
  readonly onLog?: StartCoreOptions['onLog'];
  /** Tests only: the machine policy to enforce instead of the machine's own (see StartCoreOptions.policy). */
  readonly policy?: StartCoreOptions['policy'];
}

export async function openProfile(options: OpenProfileOptions): Promise<CoreClient> {
  if (options.passphrase.length === 0) throw new CodedError('INVALID_ARGUMENT', 'The passphrase is empty.');
  const secrets = new PassphraseSecretStorage({ profileDir: options.profileDir, passphrase: options.passphrase });
  const databaseKey = await secrets.loadOrCreateDatabaseKey();
  return startCore({
    profileDir: options.profileDir,
    databaseKey,
    ...(options.trustedCaPem ? { trustedCaPem: options.trustedCaPem } : {}),
    ...(options.workerPath ? { workerPath: options.workerPath } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  });
}
