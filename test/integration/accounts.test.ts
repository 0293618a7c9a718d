// Several accounts, edit and removal through the real core worker and a private Dovecot (issue 4 §1),
// under a machine policy that allows only "*.go.th" (plus this machine) and brings the test CA itself
// through `caCertificates`: no --ca-file is given, so every TLS login below proves the policy CA is used.
// (accounts.discover is not called here: the core's default discovery would ask real DNS and HTTPS; it is
// tested with local fixtures in autoconfig.test.ts and with fakes in accountHandlers.test.ts.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ErrorCode, Result } from '../../shared/contract/result.js';
import { DEFAULT_POLICY } from '../../shared/policy/index.js';
import type { CoreClient } from '../../electron/core/host/coreClient.js';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import { appendMessage, startDovecot, type DovecotServer } from '../servers/dovecot.js';

let server: DovecotServer;
let work: string;
let core: CoreClient;

const input = (user: 'alice' | 'bob', password: string) => ({
  email: `${user}@example.go.th`,
  imap: { host: '127.0.0.1', port: server.imapsPort, security: 'tls' as const },
  smtp: { host: '127.0.0.1', port: 465, security: 'tls' as const },
  user,
  password,
});

function failsWith(r: Result<unknown>, code: ErrorCode, pattern?: RegExp): void {
  assert.equal(r.ok, false, 'expected a failure');
  if (r.ok) return;
  assert.equal(r.error.code, code, r.error.message);
  if (pattern) assert.match(r.error.message, pattern);
  assert.ok(!/secret/.test(r.error.message), 'no password in the message');
}

function ok<T>(r: Result<T>): T {
  assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
  return r.value;
}

before(async () => {
  server = await startDovecot();
  await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', 'Subject: one\r\n\r\nbody\r\n');
  await appendMessage(server, 'bob', 'bob-secret-2', 'INBOX', 'Subject: two\r\n\r\nbody\r\n');
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-accounts-'));
  core = await openProfile({
    profileDir: path.join(work, 'p'),
    passphrase: 'correct horse battery',
    policy: {
      policy: { ...DEFAULT_POLICY, allowedMailServers: ['*.go.th', '127.0.0.1'], caCertificates: [server.caPem] },
      source: 'file',
      path: '/etc/raksa-mail/policy.json',
      lockedKeys: {},
    },
  });
});

after(async () => {
  await core?.close();
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

void describe('accounts through the core', () => {
  void it('two accounts side by side, each synced, and a foreign server refused on add', async () => {
    const alice = ok(await core.call('accounts.add', input('alice', 'alice-secret-1')));
    const bob = ok(await core.call('accounts.add', input('bob', 'bob-secret-2')));
    assert.notEqual(alice.id, bob.id);
    ok(await core.call('sync.now', { accountId: alice.id }));
    ok(await core.call('sync.now', { accountId: bob.id }));
    assert.equal(ok(await core.call('accounts.list', {})).length, 2);
    failsWith(
      await core.call('accounts.add', { ...input('alice', 'alice-secret-1'), email: 'x@gmail.com', imap: { host: 'imap.gmail.com', port: 993, security: 'tls' } }),
      'SERVER_NOT_ALLOWED',
      /imap\.gmail\.com/,
    );
  });

  void it('edit goes through the policy and a real login; a failure saves nothing', async () => {
    const [alice] = ok(await core.call('accounts.list', {}));
    assert.ok(alice);
    failsWith(await core.call('accounts.update', { id: alice.id, imap: { host: 'imap.gmail.com' } }), 'SERVER_NOT_ALLOWED', /\*\.go\.th/);
    failsWith(await core.call('accounts.update', { id: alice.id, smtp: { host: 'smtp.mail.yahoo.com' } }), 'SERVER_NOT_ALLOWED');
    failsWith(await core.call('accounts.update', { id: alice.id, password: 'wrong-secret' }), 'AUTH_FAILED');
    failsWith(await core.call('accounts.update', { id: alice.id, imap: { port: server.imapPort } }), 'TLS_REQUIRED');
    const still = ok(await core.call('accounts.list', {})).find((a) => a.id === alice.id);
    assert.deepEqual(still?.imap, alice.imap);
    // STARTTLS on the plaintext port: logs in (with the kept password) and is saved
    const saved = ok(await core.call('accounts.update', { id: alice.id, imap: { port: server.imapPort, security: 'starttls' }, displayName: 'อลิซ' }));
    assert.deepEqual(saved.imap, { host: '127.0.0.1', port: server.imapPort, security: 'starttls' });
    assert.equal(saved.displayName, 'อลิซ');
    ok(await core.call('sync.now', { accountId: alice.id }));
  });

  void it('remove deletes the account and its cached mail; the other account is untouched', async () => {
    const [alice, bob] = ok(await core.call('accounts.list', {}));
    assert.ok(alice && bob);
    const bobFolders = ok(await core.call('folders.list', { accountId: bob.id }));
    const bobInbox = bobFolders.find((f) => f.path === 'INBOX');
    assert.ok(bobInbox && bobInbox.total === 1);
    assert.ok(ok(await core.call('folders.list', { accountId: alice.id })).length > 0);

    assert.equal(ok(await core.call('accounts.remove', { id: alice.id })), null);
    assert.deepEqual(ok(await core.call('accounts.list', {})).map((a) => a.id), [bob.id]);
    failsWith(await core.call('folders.list', { accountId: alice.id }), 'NOT_FOUND');
    failsWith(await core.call('accounts.remove', { id: alice.id }), 'NOT_FOUND');
    assert.equal(ok(await core.call('messages.list', { folderId: bobInbox.id, offset: 0, limit: 10 })).total, 1);
  });
});
