import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCodedError } from '../../../shared/contract/result.js';
import { KEY_FILE_NAME, type ScryptParams } from './keyFile.js';
import { DEFAULT_SCRYPT_PARAMS, PassphraseSecretStorage } from './passphraseSecretStorage.js';

// The smallest parameters the file format accepts: keeps the suite fast while using the real code path.
const FAST: ScryptParams = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 };

const profile = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-pp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'profile'); // not created yet: the storage creates it
};

const code = (c: string) => (e: unknown) => isCodedError(e) && e.code === c;
const keyFile = (dir: string) => join(dir, KEY_FILE_NAME);

void test('first use creates a 0600 key file holding only the wrapped key; later uses unwrap the same key', async (t) => {
  const dir = profile(t);
  const s = new PassphraseSecretStorage({ profileDir: dir, passphrase: 'รหัสผ่านยาวๆ 2567' });
  assert.equal(await s.exists(), false);
  const key = await s.loadOrCreateDatabaseKey();
  assert.equal(key.length, 32);
  assert.equal(await s.exists(), true);

  const text = readFileSync(keyFile(dir), 'utf8');
  const json = JSON.parse(text) as Record<string, unknown>;
  assert.equal(json.version, 1);
  assert.equal(json.mode, 'passphrase');
  assert.deepEqual(json.kdf, DEFAULT_SCRYPT_PARAMS);
  assert.equal(json.cipher, 'aes-256-gcm');
  const hex = Buffer.from(key).toString('hex');
  const b64 = Buffer.from(key).toString('base64');
  assert.equal(text.includes(hex) || text.includes(b64) || text.includes('รหัสผ่าน'), false);
  if (process.platform !== 'win32') {
    assert.equal(statSync(keyFile(dir)).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o077, 0);
  }
  assert.deepEqual(readdirSync(dir), [KEY_FILE_NAME], 'no temp file left behind');

  const again = await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: 'รหัสผ่านยาวๆ 2567',
  }).loadOrCreateDatabaseKey();
  assert.deepEqual(again, key);
});

void test('a wrong passphrase is WRONG_PASSPHRASE and leaves the key file untouched', async (t) => {
  const dir = profile(t);
  await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: 'right',
    kdf: FAST,
  }).loadOrCreateDatabaseKey();
  const before = readFileSync(keyFile(dir));
  await assert.rejects(
    new PassphraseSecretStorage({
      profileDir: dir,
      passphrase: 'wrong',
      kdf: FAST,
    }).loadOrCreateDatabaseKey(),
    code('WRONG_PASSPHRASE'),
  );
  assert.deepEqual(readFileSync(keyFile(dir)), before);
});

void test('the passphrase is compared after NFC normalization', async (t) => {
  const dir = profile(t);
  const composed = 'caf\u00e9-ไทย';
  const decomposed = 'cafe\u0301-ไทย';
  const k1 = await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: composed,
    kdf: FAST,
  }).loadOrCreateDatabaseKey();
  const k2 = await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: decomposed,
    kdf: FAST,
  }).loadOrCreateDatabaseKey();
  assert.deepEqual(k1, k2);
});

void test('a tampered key file is an error and is never replaced by a new key', async (t) => {
  const dir = profile(t);
  await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: 'pw',
    kdf: FAST,
  }).loadOrCreateDatabaseKey();
  const original = JSON.parse(readFileSync(keyFile(dir), 'utf8')) as Record<string, unknown>;
  const wrapped = Buffer.from(String(original.wrappedKey), 'base64');
  wrapped[3] = (wrapped[3] ?? 0) ^ 1;

  const variants: [string, string, string][] = [
    [
      'flipped ciphertext bit',
      JSON.stringify({ ...original, wrappedKey: wrapped.toString('base64') }),
      'WRONG_PASSPHRASE',
    ],
    [
      'salt swapped',
      JSON.stringify({ ...original, salt: Buffer.alloc(32, 7).toString('base64') }),
      'WRONG_PASSPHRASE',
    ],
    [
      'KDF parameters altered',
      JSON.stringify({ ...original, kdf: { name: 'scrypt', N: 2 ** 16, r: 8, p: 1 } }),
      'WRONG_PASSPHRASE',
    ],
    [
      'KDF below the floor',
      JSON.stringify({ ...original, kdf: { name: 'scrypt', N: 1024, r: 8, p: 1 } }),
      'KEYSTORE_UNAVAILABLE',
    ],
    [
      'KDF absurdly large',
      JSON.stringify({ ...original, kdf: { name: 'scrypt', N: 2 ** 30, r: 8, p: 1 } }),
      'KEYSTORE_UNAVAILABLE',
    ],
    [
      'truncated key',
      JSON.stringify({ ...original, wrappedKey: wrapped.subarray(0, 40).toString('base64') }),
      'KEYSTORE_UNAVAILABLE',
    ],
    ['unknown version', JSON.stringify({ ...original, version: 2 }), 'KEYSTORE_UNAVAILABLE'],
    ['not JSON', '{"format": "raksa-mail-key", ', 'KEYSTORE_UNAVAILABLE'],
    ['empty file', '', 'KEYSTORE_UNAVAILABLE'],
  ];
  for (const [what, content, expected] of variants) {
    writeFileSync(keyFile(dir), content);
    await assert.rejects(
      new PassphraseSecretStorage({ profileDir: dir, passphrase: 'pw', kdf: FAST }).loadOrCreateDatabaseKey(),
      code(expected),
      what,
    );
    assert.equal(readFileSync(keyFile(dir), 'utf8'), content, `${what}: file left as found`);
  }
});

void test('changePassphrase rewraps the same key; the old passphrase stops working', async (t) => {
  const dir = profile(t);
  const s = new PassphraseSecretStorage({ profileDir: dir, passphrase: 'old-pass', kdf: FAST });
  const key = await s.loadOrCreateDatabaseKey();
  const before = readFileSync(keyFile(dir));

  await assert.rejects(s.changePassphrase('not-the-old', 'new-pass'), code('WRONG_PASSPHRASE'));
  assert.deepEqual(readFileSync(keyFile(dir)), before);

  await s.changePassphrase('old-pass', 'ใหม่-new-pass');
  const after = JSON.parse(readFileSync(keyFile(dir), 'utf8')) as Record<string, unknown>;
  assert.notEqual(after.salt, (JSON.parse(before.toString()) as { salt: string }).salt, 'fresh salt');
  assert.deepEqual(await s.loadOrCreateDatabaseKey(), key, 'the instance now uses the new passphrase');
  assert.deepEqual(
    await new PassphraseSecretStorage({
      profileDir: dir,
      passphrase: 'ใหม่-new-pass',
    }).loadOrCreateDatabaseKey(),
    key,
  );
  await assert.rejects(
    new PassphraseSecretStorage({ profileDir: dir, passphrase: 'old-pass' }).loadOrCreateDatabaseKey(),
    code('WRONG_PASSPHRASE'),
  );
  if (process.platform !== 'win32') assert.equal(statSync(keyFile(dir)).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), [KEY_FILE_NAME]);
});

void test('changePassphrase without a key file is NOT_FOUND; empty passphrases are refused', async (t) => {
  const dir = profile(t);
  const s = new PassphraseSecretStorage({ profileDir: dir, passphrase: 'x', kdf: FAST });
  await assert.rejects(s.changePassphrase('x', 'y'), code('NOT_FOUND'));
  assert.throws(
    () => new PassphraseSecretStorage({ profileDir: dir, passphrase: '' }),
    code('INVALID_ARGUMENT'),
  );
  await s.loadOrCreateDatabaseKey();
  await assert.rejects(s.changePassphrase('x', ''), code('INVALID_ARGUMENT'));
});

void test('a profile whose key is held by the OS keystore is refused in passphrase mode', async (t) => {
  const dir = profile(t);
  await new PassphraseSecretStorage({
    profileDir: dir,
    passphrase: 'pw',
    kdf: FAST,
  }).loadOrCreateDatabaseKey();
  const osFile = {
    format: 'raksa-mail-key',
    version: 1,
    mode: 'os',
    backend: 'gnome_libsecret',
    wrappedKey: 'AAAA',
  };
  writeFileSync(keyFile(dir), JSON.stringify(osFile));
  await assert.rejects(
    new PassphraseSecretStorage({ profileDir: dir, passphrase: 'pw', kdf: FAST }).loadOrCreateDatabaseKey(),
    code('KEYSTORE_UNAVAILABLE'),
  );
  assert.deepEqual(JSON.parse(readFileSync(keyFile(dir), 'utf8')), osFile);
});

void test('two first uses racing on a fresh profile end with one key file and the same key', async (t) => {
  const dir = profile(t);
  const [a, b] = await Promise.all([
    new PassphraseSecretStorage({ profileDir: dir, passphrase: 'pw', kdf: FAST }).loadOrCreateDatabaseKey(),
    new PassphraseSecretStorage({ profileDir: dir, passphrase: 'pw', kdf: FAST }).loadOrCreateDatabaseKey(),
  ]);
  assert.deepEqual(a, b);
  assert.deepEqual(readdirSync(dir), [KEY_FILE_NAME]);
});
