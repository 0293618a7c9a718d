// Which key storage the app uses, and getting the key out of it (DESIGN.md §3, docs/storage.md). An
// existing profile keeps the mode its key file records (switching would need the old key anyway); a new
// profile uses the machine policy's `keyProtection`. The OS keystore fails closed; passphrase mode asks
// through a PassphrasePrompt (the unlock window) and never stores the passphrase.
import { CodedError, isCodedError } from '../../../shared/contract/result.js';
import type { KeyProtection } from '../../../shared/policy/policy.js';
import type { SecretStorage } from '../../core/secrets/secretStorage.js';
import { MIN_NEW_PASSPHRASE_LENGTH, type UnlockError, type UnlockMode } from '../unlock/unlockPage.js';

export interface PassphraseAnswer {
  readonly passphrase: string;
  /** The second field of the create form; null on unlock. */
  readonly confirm: string | null;
}

export interface PassphrasePrompt {
  /** null: the user cancelled. */
  ask(mode: UnlockMode, error: UnlockError): Promise<PassphraseAnswer | null>;
}

export interface UnlockDeps {
  readonly keyProtection: KeyProtection;
  keyFileMode(): Promise<KeyProtection | null>;
  osStorage(): SecretStorage;
  passphraseStorage(passphrase: string): SecretStorage;
  readonly prompt: PassphrasePrompt;
  readonly maxAttempts?: number;
}

export type UnlockOutcome =
  | { readonly kind: 'unlocked'; readonly key: Uint8Array; readonly mode: KeyProtection }
  | { readonly kind: 'cancelled' };

export async function unlockDatabaseKey(deps: UnlockDeps): Promise<UnlockOutcome> {
  const mode = (await deps.keyFileMode()) ?? deps.keyProtection;
  if (mode === 'os') return { kind: 'unlocked', key: await deps.osStorage().loadOrCreateDatabaseKey(), mode };
  const creating = (await deps.keyFileMode()) === null;
  const attempts = deps.maxAttempts ?? 5;
  let error: UnlockError = null;
  for (let i = 0; i < attempts; i++) {
    const answer = await deps.prompt.ask(creating ? 'create' : 'unlock', error);
    if (answer === null) return { kind: 'cancelled' };
    if (creating) {
      if ([...answer.passphrase].length < MIN_NEW_PASSPHRASE_LENGTH) {
        error = 'short';
        continue;
      }
      if (answer.confirm !== answer.passphrase) {
        error = 'mismatch';
        continue;
      }
    }
    try {
      return { kind: 'unlocked', key: await deps.passphraseStorage(answer.passphrase).loadOrCreateDatabaseKey(), mode };
    } catch (e) {
      if (!(isCodedError(e) && e.code === 'WRONG_PASSPHRASE')) throw e;
      error = 'wrong';
    }
  }
  throw new CodedError('WRONG_PASSPHRASE', `the passphrase was wrong ${attempts} times`);
}
