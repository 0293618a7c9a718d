import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import type { MessageView } from '../../../shared/domain/schemas.js';
import { readFixture, thaiAttachments } from '../../../test/fixtures/index.js';
import { PassphraseSecretStorage } from '../secrets/passphraseSecretStorage.js';
import type { MailStore } from '../store/mailStore.js';
import { createAttachmentDataHandlers } from './attachmentDataHandlers.js';

const source = new Uint8Array(readFixture(thaiAttachments));

const handlersFor = (profileDir: string, raw: Uint8Array | null) => {
  const opened: number[] = [];
  const store = { getRawSource: (id: number) => (id === 7 ? raw : null) } as unknown as MailStore;
  const h = createAttachmentDataHandlers({
    store,
    profileDir,
    openMessage: (id) => {
      opened.push(id);
      return Promise.resolve({} as MessageView);
    },
  });
  return { h, opened };
};

test('messages.attachmentData returns each attachment’s exact bytes and its Thai name', async () => {
  const { h, opened } = handlersFor('/nonexistent', source);
  const parsed = await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer' });
  for (const [index, expected] of thaiAttachments.attachments.entries()) {
    const r = await h['messages.attachmentData']({ id: 7, index });
    assert.equal(r.filename, expected.filename);
    assert.equal(r.contentType, expected.contentType);
    const bytes = Buffer.from(r.dataBase64, 'base64');
    assert.equal(bytes.byteLength, expected.size);
    assert.deepEqual(bytes, Buffer.from(parsed.attachments[index]!.content as ArrayBuffer));
  }
  assert.deepEqual(opened, [7, 7], 'the body is made sure to be cached first');
});

test('a missing message or attachment is NOT_FOUND', async () => {
  const { h } = handlersFor('/nonexistent', source);
  await assert.rejects(h['messages.attachmentData']({ id: 8, index: 0 }), { code: 'NOT_FOUND' });
  await assert.rejects(h['messages.attachmentData']({ id: 7, index: 5 }), { code: 'NOT_FOUND' });
});

test('profile.info says passphrase only for a profile whose key file is passphrase-wrapped', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'raksa-info-'));
  try {
    const { h } = handlersFor(dir, null);
    assert.deepEqual(await h['profile.info']({}), { keyProtection: 'os' });
    await new PassphraseSecretStorage({
      profileDir: dir,
      passphrase: 'ทดสอบวลีรหัสผ่าน',
      kdf: { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 },
    }).loadOrCreateDatabaseKey();
    assert.deepEqual(await h['profile.info']({}), { keyProtection: 'passphrase' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
