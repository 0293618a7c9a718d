// Opening a message end to end: synced from a private Dovecot, downloaded once with BODY.PEEK[] (the
// server's \Seen flag stays untouched), cached encrypted in the real store, parsed into a MessageView.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CodedError } from '../../shared/contract/result.js';
import { MessageView } from '../../shared/domain/schemas.js';
import { fetchAndCacheMessage } from '../../electron/core/mime/fetchAndCacheMessage.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { connectImap as connectTestImap, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { readFixture, THAI_FIXTURES, thaiHtml, thaiTis620 } from '../fixtures/index.js';

void describe('fetchAndCacheMessage against a private Dovecot', () => {
  let server: DovecotServer;
  let dir: string;
  let store: SqliteMailStore;
  let account: AccountWithSecret;
  const imapOpts = (): { trustedCaPem: string[] } => ({ trustedCaPem: [server.caPem] });

  const messageFor = (subject: string) => {
    const inbox = store.findFolderByPath(account.id, 'INBOX');
    assert.ok(inbox);
    const m = store.listMessages(inbox.id, 0, 100).items.find((x) => x.subject === subject);
    assert.ok(m, `synced message "${subject}"`);
    return m;
  };

  const serverFlags = async (uid: number): Promise<Set<string>> => {
    const [alice] = server.users;
    assert.ok(alice);
    const c = await connectTestImap(server, alice.user, alice.password);
    try {
      await c.mailboxOpen('INBOX', { readOnly: true });
      const msg = await c.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
      assert.ok(msg && msg.flags);
      return msg.flags;
    } finally {
      await c.logout();
    }
  };

  before(async () => {
    server = await startDovecot();
    const [alice] = server.users;
    assert.ok(alice);
    const c = await connectTestImap(server, alice.user, alice.password);
    try {
      for (const f of THAI_FIXTURES) await c.append('INBOX', readFixture(f), []);
    } finally {
      await c.logout();
    }
    dir = mkdtempSync(join(tmpdir(), 'raksa-mime-profile-'));
    store = SqliteMailStore.open(join(dir, 'raksa.db'), randomBytes(32));
    const summary = store.addAccount({
      email: 'alice@example.go.th',
      displayName: 'Alice',
      imap: { host: server.host, port: server.imapPort, security: 'starttls' },
      smtp: { host: server.host, port: 587, security: 'starttls' },
      user: alice.user,
      password: alice.password,
    });
    const withSecret = store.getAccountWithSecret(summary.id);
    assert.ok(withSecret);
    account = withSecret;
    await syncAccount({ store, account, imapOpts: imapOpts() });
  });

  after(async () => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });

  for (const f of THAI_FIXTURES) {
    void it(`${f.file}: downloads, caches and parses without marking \\Seen`, async () => {
      const m = messageFor(f.subject);
      assert.equal(m.cached, false);
      assert.equal(store.getRawSource(m.id), null);

      const view = await fetchAndCacheMessage({ store, account, imapOpts: imapOpts(), messageId: m.id });
      MessageView.parse(view);
      assert.equal(view.summary.id, m.id);
      assert.equal(view.summary.cached, true);
      assert.equal(view.messageId, f.messageId);
      assert.ok(view.text?.includes(f.bodyMarker), `${f.file}: Thai body text`);
      assert.deepEqual(
        view.attachments.filter((a) => !a.inline).map(({ filename, contentType, size }) => ({ filename, contentType, size })),
        f.attachments,
      );
      for (const img of f.inline) assert.match(view.inlineImages[img.contentId] ?? '', /^data:image\/png;base64,/);

      // cached byte for byte
      assert.deepEqual(Buffer.from(store.getRawSource(m.id) ?? []), readFixture(f));
      assert.equal(store.getMessage(m.id)?.cached, true);
      // the server still shows the message as unread
      assert.equal((await serverFlags(m.uid)).has('\\Seen'), false, 'BODY.PEEK[] must not set \\Seen');
    });
  }

  void it('HTML is present and TIS-620 decodes correctly', async () => {
    const html = await fetchAndCacheMessage({ store, account, imapOpts: imapOpts(), messageId: messageFor(thaiHtml.subject).id });
    assert.ok(html.html?.includes('cid:logo@oae.go.th'));
    const tis = await fetchAndCacheMessage({ store, account, imapOpts: imapOpts(), messageId: messageFor(thaiTis620.subject).id });
    assert.ok(tis.text?.includes(thaiTis620.bodyMarker));
  });

  void it('a cached message is served without connecting', async () => {
    const m = messageFor(thaiHtml.subject);
    const view = await fetchAndCacheMessage({
      store,
      account,
      messageId: m.id,
      connect: () => Promise.reject(new CodedError('OFFLINE', 'must not connect')),
    });
    assert.ok(view.html?.includes('cid:logo@oae.go.th'));
  });

  void it('an unknown message id is NOT_FOUND', async () => {
    await assert.rejects(fetchAndCacheMessage({ store, account, imapOpts: imapOpts(), messageId: 999_999 }), { code: 'NOT_FOUND' });
  });
});
