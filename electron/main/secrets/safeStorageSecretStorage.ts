// OS-keystore mode: the random database key is wrapped with Electron safeStorage (DPAPI on Windows, the
// Keychain on macOS, libsecret/KWallet on Linux). Fails closed, like Signal's getSQLKey but stricter: no
// plaintext fallback ever, and a keystore that changed under the profile stops the app instead of
// producing a new key (which would orphan the database) or storing one it cannot protect.
import { randomBytes } from 'node:crypto';
import type { SafeStorage } from 'electron';
import { CodedError } from '../../../shared/contract/result.js';
import {
  KEY_FILE_FORMAT,
  keyFileExists,
  readKeyFile,
  writeKeyFile,
  type OsKeyFile,
} from '../../core/secrets/keyFile.js';
import type { SecretStorage } from '../../core/secrets/secretStorage.js';

/** The part of Electron's `safeStorage` this class uses; injected so tests run without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; elsewhere the backend follows from the platform. */
  getSelectedStorageBackend?(): string;
}

// Compile-time proof that Electron's own object can be passed as it is.
const _electronFits = (s: SafeStorage): SafeStorageLike => s;

export interface SafeStorageSecretStorageOptions {
  readonly profileDir: string;
  readonly safeStorage: SafeStorageLike;
  readonly platform: NodeJS.Platform;
}

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-f]{64}$/u;

// On Linux, `basic_text` means Chromium found no keyring and "encrypts" with a hard-coded password, i.e.
// plaintext to anyone holding the file; `unknown` means it has not decided (called before app ready).
const REFUSED_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export class SafeStorageSecretStorage implements SecretStorage {
  constructor(private readonly options: SafeStorageSecretStorageOptions) {}

  exists(): Promise<boolean> {
    return keyFileExists(this.options.profileDir);
  }

  async loadOrCreateDatabaseKey(): Promise<Uint8Array> {
    const backend = this.currentBackend();
    const file = await readKeyFile(this.options.profileDir);
    if (file) {
      if (file.mode !== 'os') {
        throw new CodedError(
          'KEYSTORE_UNAVAILABLE',
          'this profile is protected by a passphrase, not the OS keystore',
        );
      }
      return this.unwrap(file, backend);
    }
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    try {
      await writeKeyFile(this.options.profileDir, this.wrap(key, backend), { replace: false });
      return key;
    } catch (e) {
      key.fill(0);
      if (e instanceof CodedError && e.code === 'ALREADY_EXISTS') {
        const winner = await readKeyFile(this.options.profileDir);
        if (winner?.mode === 'os') return this.unwrap(winner, backend);
      }
      throw e;
    }
  }

  /** The keystore backend name recorded in the key file; throws when safeStorage cannot protect a key. */
  currentBackend(): string {
    const { safeStorage, platform } = this.options;
    if (!safeStorage.isEncryptionAvailable()) {
      throw new CodedError('KEYSTORE_UNAVAILABLE', 'the OS keystore is not available');
    }
    switch (platform) {
      case 'win32':
        return 'dpapi';
      case 'darwin':
        return 'keychain';
      case 'linux': {
        const backend = safeStorage.getSelectedStorageBackend?.();
        if (backend === undefined || REFUSED_LINUX_BACKENDS.has(backend)) {
          throw new CodedError(
            'KEYSTORE_UNAVAILABLE',
            `no secure keyring is available (safeStorage backend: ${backend ?? 'unreported'}); ` +
              'install and unlock a Secret Service keyring (GNOME Keyring, KWallet), or use passphrase mode',
          );
        }
        return backend;
      }
      default:
        throw new CodedError('KEYSTORE_UNAVAILABLE', `no supported OS keystore on ${platform}`);
    }
  }

  private wrap(key: Uint8Array, backend: string): OsKeyFile {
    const hex = Buffer.from(key).toString('hex');
    const wrapped = this.options.safeStorage.encryptString(hex);
    // A keystore that hands back the key unchanged, or cannot give it back, would store it unprotected or
    // lose it; checking before anything touches the disk keeps both out of the key file.
    const asText = wrapped.toString('latin1');
    if (wrapped.length === 0 || asText.includes(hex) || wrapped.includes(Buffer.from(key))) {
      throw new CodedError('KEYSTORE_UNAVAILABLE', 'the OS keystore did not encrypt the key');
    }
    if (this.decrypt(wrapped) !== hex) {
      throw new CodedError('KEYSTORE_UNAVAILABLE', 'the OS keystore cannot decrypt what it encrypted');
    }
    return {
      format: KEY_FILE_FORMAT,
      version: 1,
      mode: 'os',
      backend,
      wrappedKey: wrapped.toString('base64'),
    };
  }

  private unwrap(file: OsKeyFile, backend: string): Uint8Array {
    if (file.backend !== backend) {
      // Signal-style loud stop: e.g. the desktop moved from KWallet to GNOME Keyring. The old keystore may
      // still hold the secret; a new key here would orphan every message in the database.
      throw new CodedError(
        'KEYSTORE_UNAVAILABLE',
        `the database key was stored with the ${file.backend} keystore, but ${backend} is in use now; ` +
          'switch back to the original keystore (or restore the profile) to open this profile',
      );
    }
    const hex = this.decrypt(Buffer.from(file.wrappedKey, 'base64'));
    if (!HEX_KEY.test(hex)) {
      throw new CodedError(
        'KEYSTORE_UNAVAILABLE',
        'the OS keystore returned something that is not a database key',
      );
    }
    return new Uint8Array(Buffer.from(hex, 'hex'));
  }

  private decrypt(wrapped: Buffer): string {
    try {
      return this.options.safeStorage.decryptString(wrapped);
    } catch (cause) {
      throw new CodedError('KEYSTORE_UNAVAILABLE', 'the OS keystore could not decrypt the database key', {
        cause,
      });
    }
  }
}
