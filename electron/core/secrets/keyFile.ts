// The key file (`<profile>/key.json`): a versioned JSON envelope around the wrapped database key. It never
// holds the key in the clear. Writes are atomic (temp file + fsync + rename) with mode 0600, and creation
// never overwrites an existing file: losing the wrapped key loses the database.
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CodedError } from '../../../shared/contract/result.js';

export const KEY_FILE_NAME = 'key.json';
export const KEY_FILE_FORMAT = 'raksa-mail-key';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'not base64');

export const ScryptParams = z.strictObject({
  name: z.literal('scrypt'),
  // Bounds stop a doctored file from asking for gigabytes of memory before authentication can fail.
  N: z
    .number()
    .int()
    .min(2 ** 15)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of 2'),
  r: z.number().int().min(8).max(32),
  p: z.number().int().min(1).max(16),
});
export type ScryptParams = z.infer<typeof ScryptParams>;

export const PassphraseKeyFile = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  mode: z.literal('passphrase'),
  kdf: ScryptParams,
  salt: b64,
  cipher: z.literal('aes-256-gcm'),
  nonce: b64,
  /** AES-256-GCM ciphertext of the 32-byte key followed by the 16-byte tag. */
  wrappedKey: b64,
});
export type PassphraseKeyFile = z.infer<typeof PassphraseKeyFile>;

export const OsKeyFile = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  mode: z.literal('os'),
  /** The keystore that wrapped the key (dpapi, keychain, gnome_libsecret, kwallet…); a change is refused. */
  backend: z.string().min(1),
  /** safeStorage.encryptString output for the hex-encoded key. */
  wrappedKey: b64,
});
export type OsKeyFile = z.infer<typeof OsKeyFile>;

export const KeyFile = z.discriminatedUnion('mode', [PassphraseKeyFile, OsKeyFile]);
export type KeyFile = z.infer<typeof KeyFile>;

export const keyFilePath = (profileDir: string): string => join(profileDir, KEY_FILE_NAME);

const isErrno = (e: unknown, ...codes: string[]): boolean =>
  typeof e === 'object' && e !== null && codes.includes(String((e as { code?: unknown }).code));

/** The parsed key file, or null when the profile has none. A file that exists but does not parse throws. */
export const readKeyFile = async (profileDir: string): Promise<KeyFile | null> => {
  let text: string;
  try {
    text = await readFile(keyFilePath(profileDir), 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw new CodedError('KEYSTORE_UNAVAILABLE', 'cannot read the key file', { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CodedError('KEYSTORE_UNAVAILABLE', 'the key file is damaged (not JSON)', { cause });
  }
  const parsed = KeyFile.safeParse(json);
  if (!parsed.success) {
    throw new CodedError('KEYSTORE_UNAVAILABLE', 'the key file is damaged or of an unknown format');
  }
  return parsed.data;
};

export const keyFileExists = async (profileDir: string): Promise<boolean> =>
  lstat(keyFilePath(profileDir)).then(
    () => true,
    (e: unknown) => {
      if (isErrno(e, 'ENOENT')) return false;
      throw new CodedError('KEYSTORE_UNAVAILABLE', 'cannot read the key file', { cause: e });
    },
  );

const fsyncDir = async (dir: string): Promise<void> => {
  // Makes the rename durable. Directories cannot be opened for fsync on Windows; there NTFS journaling is
  // what we get.
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch (e) {
    if (!isErrno(e, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) throw e;
  }
};

/**
 * Writes the key file atomically with mode 0600. With `replace: false` (creation) an existing key file is
 * never overwritten: the temp file is hard-linked into place, which fails with EEXIST if another writer won.
 * Throws CodedError('ALREADY_EXISTS') in that case so the caller can load the winner's key instead.
 */
export const writeKeyFile = async (
  profileDir: string,
  file: KeyFile,
  options: { readonly replace: boolean },
): Promise<void> => {
  const target = keyFilePath(profileDir);
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const h = await open(tmp, 'wx', 0o600);
  try {
    await h.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
    await h.sync();
  } finally {
    await h.close();
  }
  try {
    if (options.replace) {
      await rename(tmp, target);
    } else {
      await createOnly(tmp, target);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await fsyncDir(dirname(target));
};

const createOnly = async (tmp: string, target: string): Promise<void> => {
  try {
    await link(tmp, target);
  } catch (e) {
    if (isErrno(e, 'EEXIST'))
      throw new CodedError('ALREADY_EXISTS', 'a key file already exists', { cause: e });
    // Some filesystems (FAT, some network shares) have no hard links: fall back to check-then-rename,
    // which is safe against everything but a concurrent second instance (the app is single-instance).
    if (!isErrno(e, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV')) throw e;
    if (await keyFileExists(dirname(target))) {
      throw new CodedError('ALREADY_EXISTS', 'a key file already exists');
    }
    await rename(tmp, target);
  }
};

/**
 * Which storage a profile's key file belongs to (null: none yet), so the composition root picks the matching
 * SecretStorage instead of trying one and creating a second key.
 */
export const keyFileMode = async (profileDir: string): Promise<KeyFile['mode'] | null> =>
  (await readKeyFile(profileDir))?.mode ?? null;
