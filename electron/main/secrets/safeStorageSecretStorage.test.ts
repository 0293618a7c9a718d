import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCodedError } from '../../../shared/contract/result.js';
import { KEY_FILE_NAME, keyFileMode } from '../../core/secrets/keyFile.js';
import { PassphraseSecretStorage } from '../../core/secrets/passphraseSecretStorage.js';
import { SafeStorageSecretStorage, type SafeStorageLike } from './safeStorageSecretStorage.js';

// A stand-in for safeStorage that really encrypts (AES-GCM under a per-"keyring" secret), so a test can tell
// a keyring that changed (different secret) from one that works.
class FakeSafeStorage implements SafeStorageLike {
  readonly calls = { encrypt: 0, decrypt: 0 };
  readonly secret: Buffer;
  private readonly opts: {
    available?: boolean;
    backend?: string;
    secret?: Buffer;
    identity?: boolean;
    broken?: boolean;
  };
  constructor(opts: FakeSafeStorage['opts'] = {}) {
    this.opts = opts;
    this.secret = opts.secret ?? randomBytes(32);
  }
  isEncryptionAvailable(): boolean {
    return this.opts.available ?? true;
  }
  encryptString(s: string): Buffer {
    this.calls.encrypt++;
    if (this.opts.identity) return Buffer.from(s, 'utf8');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    return Buffer.concat([iv, c.update(s, 'utf8'), c.final(), c.getAuthTag()]);
  }
  decryptString(b: Buffer): string {
    this.calls.decrypt++;
    if (this.opts.broken)
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    if (this.opts.identity) return b.toString('utf8');
    const d = createDecipheriv('aes-256-gcm', this.secret, b.subarray(0, 12));
    d.setAuthTag(b.subarray(b.length - 16));
    return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]).toString('utf8');
  }
  getSelectedStorageBackend(): string {
    return this.opts.backend ?? 'gnome_libsecret';
  }
}

const profile = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-os-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const code = (c: string) => (e: unknown) => isCodedError(e) && e.code === c;
const storage = (profileDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = 'linux') =>
  new SafeStorageSecretStorage({ profileDir, safeStorage, platform });

void test('creates a wrapped key once, records the backend, and unwraps the same key later', async (t) => {
  const dir = profile(t);
  const keyring = new FakeSafeStorage({ backend: 'kwallet6' });
  const s = storage(dir, keyring);
  assert.equal(await s.exists(), false);
  const key = await s.loadOrCreateDatabaseKey();
  assert.equal(key.length, 32);
  const text = readFileSync(join(dir, KEY_FILE_NAME), 'utf8');
  const json = JSON.parse(text) as Record<string, unknown>;
  assert.equal(json.mode, 'os');
  assert.equal(json.backend, 'kwallet6');
  assert.equal(json.version, 1);
  assert.equal(text.includes(Buffer.from(key).toString('hex')), false);
  assert.equal(text.includes(Buffer.from(key).toString('base64')), false);
  assert.equal(await keyFileMode(dir), 'os');

  const again = await storage(dir, keyring).loadOrCreateDatabaseKey();
  assert.deepEqual(again, key);
});

void test('Windows and macOS record their platform keystore', async (t) => {
  for (const [platform, backend] of [
    ['win32', 'dpapi'],
    ['darwin', 'keychain'],
  ] as const) {
    const dir = profile(t);
    const keyring = new FakeSafeStorage();
    await storage(dir, keyring, platform).loadOrCreateDatabaseKey();
    assert.equal(
      (JSON.parse(readFileSync(join(dir, KEY_FILE_NAME), 'utf8')) as { backend: string }).backend,
      backend,
    );
  }
});

void test('encryption unavailable: KEYSTORE_UNAVAILABLE, nothing written, nothing encrypted', async (t) => {
  const dir = profile(t);
  const keyring = new FakeSafeStorage({ available: false });
  await assert.rejects(storage(dir, keyring).loadOrCreateDatabaseKey(), code('KEYSTORE_UNAVAILABLE'));
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(keyring.calls.encrypt, 0);
});

void test('Linux basic_text, unknown, or an unreported backend is refused before a key exists', async (t) => {
  for (const backend of ['basic_text', 'unknown']) {
    const dir = profile(t);
    const keyring = new FakeSafeStorage({ backend });
    await assert.rejects(
      storage(dir, keyring).loadOrCreateDatabaseKey(),
      code('KEYSTORE_UNAVAILABLE'),
      backend,
    );
    assert.deepEqual(readdirSync(dir), [], backend);
    assert.equal(keyring.calls.encrypt, 0, backend);
  }
  const dir = profile(t);
  const noBackendApi: SafeStorageLike = {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(s),
    decryptString: (b) => b.toString(),
  };
  await assert.rejects(storage(dir, noBackendApi).loadOrCreateDatabaseKey(), code('KEYSTORE_UNAVAILABLE'));
  assert.deepEqual(readdirSync(dir), []);
});

void test('an unsupported platform is refused', async (t) => {
  await assert.rejects(
    storage(profile(t), new FakeSafeStorage(), 'freebsd').loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
});

void test('a keystore that changed backend is refused loudly and the key file is kept', async (t) => {
  const dir = profile(t);
  const secret = randomBytes(32);
  await storage(dir, new FakeSafeStorage({ backend: 'kwallet5', secret })).loadOrCreateDatabaseKey();
  const before = readFileSync(join(dir, KEY_FILE_NAME));
  const moved = new FakeSafeStorage({ backend: 'gnome_libsecret', secret });
  await assert.rejects(
    storage(dir, moved).loadOrCreateDatabaseKey(),
    (e: unknown) =>
      code('KEYSTORE_UNAVAILABLE')(e) && /kwallet5.*gnome_libsecret/u.test((e as Error).message),
  );
  assert.equal(moved.calls.decrypt + moved.calls.encrypt, 0, 'the new keystore is not even asked');
  assert.deepEqual(readFileSync(join(dir, KEY_FILE_NAME)), before);

  // A Linux profile copied to Windows is the same rule: a different keystore, refused.
  await assert.rejects(
    storage(dir, new FakeSafeStorage({ secret }), 'win32').loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
  assert.deepEqual(readFileSync(join(dir, KEY_FILE_NAME)), before);
});

void test('same backend name but a different keyring secret: decrypt fails, no new key', async (t) => {
  const dir = profile(t);
  await storage(dir, new FakeSafeStorage()).loadOrCreateDatabaseKey();
  const before = readFileSync(join(dir, KEY_FILE_NAME));
  await assert.rejects(
    storage(dir, new FakeSafeStorage()).loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
  await assert.rejects(
    storage(dir, new FakeSafeStorage({ broken: true })).loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
  assert.deepEqual(readFileSync(join(dir, KEY_FILE_NAME)), before);
});

void test('a keystore that returns the key unencrypted is refused and nothing is written', async (t) => {
  const dir = profile(t);
  await assert.rejects(
    storage(dir, new FakeSafeStorage({ identity: true })).loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
  assert.deepEqual(readdirSync(dir), []);
});

void test('a keystore that cannot decrypt its own output is refused before the key file exists', async (t) => {
  const dir = profile(t);
  await assert.rejects(
    storage(dir, new FakeSafeStorage({ broken: true })).loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
  assert.equal(existsSync(join(dir, KEY_FILE_NAME)), false);
});

void test('damaged files and files of the other mode are refused, never replaced', async (t) => {
  const dir = profile(t);
  const keyring = new FakeSafeStorage();
  await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: 'pw',
    kdf: { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 },
  }).loadOrCreateDatabaseKey();
  const pp = readFileSync(join(dir, KEY_FILE_NAME));
  await assert.rejects(storage(dir, keyring).loadOrCreateDatabaseKey(), code('KEYSTORE_UNAVAILABLE'));
  assert.deepEqual(readFileSync(join(dir, KEY_FILE_NAME)), pp);
  assert.equal(await keyFileMode(dir), 'passphrase');

  for (const junk of [
    '',
    'null',
    '{"mode":"os"}',
    JSON.stringify({
      format: 'raksa-mail-key',
      version: 1,
      mode: 'os',
      backend: 'gnome_libsecret',
      wrappedKey: keyring.encryptString('not-a-key').toString('base64'),
    }),
  ]) {
    writeFileSync(join(dir, KEY_FILE_NAME), junk);
    await assert.rejects(storage(dir, keyring).loadOrCreateDatabaseKey(), code('KEYSTORE_UNAVAILABLE'), junk);
    assert.equal(readFileSync(join(dir, KEY_FILE_NAME), 'utf8'), junk);
  }
});
