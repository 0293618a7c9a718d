// Passphrase mode: scrypt turns the passphrase into a key-encryption key, which wraps a random database key
// with AES-256-GCM. The passphrase never encrypts the database directly, so changing it rewraps 32 bytes
// instead of re-encrypting the mailbox.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { CodedError } from '../../../shared/contract/result.js';
import {
  KEY_FILE_FORMAT,
  keyFileExists,
  readKeyFile,
  writeKeyFile,
  type PassphraseKeyFile,
  type ScryptParams,
} from './keyFile.js';
import type { SecretStorage } from './secretStorage.js';

const KEY_BYTES = 32;
const SALT_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** ~250 ms on a current laptop core (measured ~260 ms on the build machine); recorded in the file. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { name: 'scrypt', N: 2 ** 16, r: 8, p: 1 };

export interface PassphraseSecretStorageOptions {
  readonly profileDir: string;
  readonly passphrase: string;
  /** KDF parameters for a new key file; an existing file always uses the parameters stored in it. */
  readonly kdf?: ScryptParams;
}

// Thai input methods may produce composed or decomposed sequences for the same visible text; NFC makes the
// same typed passphrase the same bytes.
const passphraseBytes = (passphrase: string): Buffer => {
  if (passphrase.length === 0) throw new CodedError('INVALID_ARGUMENT', 'the passphrase is empty');
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
};

const deriveKek = (passphrase: string, salt: Buffer, kdf: ScryptParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const pw = passphraseBytes(passphrase);
    // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that at N=2^15, r=8, so give headroom.
    scrypt(pw, salt, KEY_BYTES, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r }, (e, kek) => {
      pw.fill(0);
      if (e) reject(new CodedError('INTERNAL', 'key derivation failed', { cause: e }));
      else resolve(kek);
    });
  });

// Every field that steers unwrapping is authenticated: lowering N or swapping the salt in the file makes
// GCM fail instead of quietly weakening the KDF.
const aad = (f: Pick<PassphraseKeyFile, 'format' | 'version' | 'mode' | 'kdf' | 'salt' | 'cipher'>): Buffer =>
  Buffer.from(
    JSON.stringify([f.format, f.version, f.mode, f.kdf.name, f.kdf.N, f.kdf.r, f.kdf.p, f.salt, f.cipher]),
  );

const wrap = async (passphrase: string, dbKey: Uint8Array, kdf: ScryptParams): Promise<PassphraseKeyFile> => {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const header = {
    format: KEY_FILE_FORMAT,
    version: 1,
    mode: 'passphrase',
    kdf,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
  } as const;
  const kek = await deriveKek(passphrase, salt, kdf);
  try {
    const c = createCipheriv('aes-256-gcm', kek, nonce);
    c.setAAD(aad(header));
    const ct = Buffer.concat([c.update(dbKey), c.final(), c.getAuthTag()]);
    return { ...header, nonce: nonce.toString('base64'), wrappedKey: ct.toString('base64') };
  } finally {
    kek.fill(0);
  }
};

const unwrap = async (passphrase: string, f: PassphraseKeyFile): Promise<Uint8Array> => {
  const salt = Buffer.from(f.salt, 'base64');
  const nonce = Buffer.from(f.nonce, 'base64');
  const wrapped = Buffer.from(f.wrappedKey, 'base64');
  if (salt.length < 16 || nonce.length !== NONCE_BYTES || wrapped.length !== KEY_BYTES + TAG_BYTES) {
    throw new CodedError('KEYSTORE_UNAVAILABLE', 'the key file is damaged (field sizes)');
  }
  const kek = await deriveKek(passphrase, salt, f.kdf);
  try {
    const d = createDecipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
    d.setAAD(aad(f));
    d.setAuthTag(wrapped.subarray(KEY_BYTES));
    const key = Buffer.concat([d.update(wrapped.subarray(0, KEY_BYTES)), d.final()]);
    return new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
  } catch (cause) {
    // GCM cannot tell a wrong passphrase from an altered file; either way the key stays locked.
    throw new CodedError('WRONG_PASSPHRASE', 'the passphrase is wrong or the key file was altered', {
      cause,
    });
  } finally {
    kek.fill(0);
  }
};

export class PassphraseSecretStorage implements SecretStorage {
  private passphrase: string;
  private readonly profileDir: string;
  private readonly kdf: ScryptParams;

  constructor(options: PassphraseSecretStorageOptions) {
    this.profileDir = options.profileDir;
    this.passphrase = options.passphrase;
    this.kdf = options.kdf ?? DEFAULT_SCRYPT_PARAMS;
    passphraseBytes(this.passphrase).fill(0);
  }

  exists(): Promise<boolean> {
    return keyFileExists(this.profileDir);
  }

  async loadOrCreateDatabaseKey(): Promise<Uint8Array> {
    const existing = await this.readOwnFile();
    if (existing) return unwrap(this.passphrase, existing);
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    try {
      await writeKeyFile(this.profileDir, await wrap(this.passphrase, key, this.kdf), { replace: false });
      return key;
    } catch (e) {
      key.fill(0);
      // Another process created the file first: its key is the one the database will be under.
      if (e instanceof CodedError && e.code === 'ALREADY_EXISTS') {
        const winner = await this.readOwnFile();
        if (winner) return unwrap(this.passphrase, winner);
      }
      throw e;
    }
  }

  /** Rewraps the same database key under a new passphrase (new salt, new nonce); the database is untouched. */
  async changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
    passphraseBytes(newPassphrase).fill(0);
    const existing = await this.readOwnFile();
    if (!existing) throw new CodedError('NOT_FOUND', 'this profile has no key file yet');
    const key = await unwrap(oldPassphrase, existing);
    try {
      // New files use the current parameters, so a passphrase change also upgrades an old, weaker KDF.
      const kdf = existing.kdf.N >= this.kdf.N ? existing.kdf : this.kdf;
      await writeKeyFile(this.profileDir, await wrap(newPassphrase, key, kdf), { replace: true });
      this.passphrase = newPassphrase;
    } finally {
      key.fill(0);
    }
  }

  private async readOwnFile(): Promise<PassphraseKeyFile | null> {
    const file = await readKeyFile(this.profileDir);
    if (file && file.mode !== 'passphrase') {
      throw new CodedError(
        'KEYSTORE_UNAVAILABLE',
        `this profile's key is held by the OS keystore, not a passphrase`,
      );
    }
    return file;
  }
}
