// alice's account on the private Dovecot, added through the real core's API and synced once: the setup shared
// by the tests that drive the core as the app does (compose, server drafts, the compose e2e).
import assert from 'node:assert/strict';
import type { CoreClient } from '../../electron/core/host/coreClient.js';
import type { MethodArgs } from '../../shared/contract/api.js';
import type { DovecotServer } from './dovecot.js';

/** Adds alice (IMAP over TLS to `dovecot`, SMTP as given), runs one sync, and returns the account's id. */
export async function addSyncedAlice(
  core: CoreClient,
  dovecot: Pick<DovecotServer, 'imapsPort'>,
  smtp: MethodArgs<'accounts.add'>['smtp'],
): Promise<number> {
  const added = await core.call('accounts.add', {
    email: 'alice@example.go.th',
    displayName: 'อลิซ ทดสอบ',
    imap: { host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls' },
    smtp,
    user: 'alice',
    password: 'alice-secret-1',
  });
  assert.ok(added.ok, JSON.stringify(added));
  assert.ok((await core.call('sync.now', { accountId: added.value.id })).ok);
  return added.value.id;
}
