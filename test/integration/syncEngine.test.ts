// The sync engine against a private Dovecot (issue 4 §2): folder roles and subscriptions, folder management,
// CONDSTORE/QRESYNC incremental sync and the RFC 4549 fallback while "another device" changes the mailbox,
// UIDVALIDITY rebuilds, conversations, and a connection cut in the middle of a FETCH.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImapFlow } from 'imapflow';
import { isCodedError } from '../../shared/contract/result.js';
import type { SyncProgress } from '../../shared/domain/schemas.js';
import { connectImap } from '../../electron/core/imap/connectImap.js';
import { FolderManager } from '../../electron/core/sync/folderManager.js';
import { renameFolderPaths } from '../../electron/core/store/renameFolderPaths.js';
import { ThreadQuery } from '../../electron/core/store/threadQuery.js';
import type { SyncFolderResult } from '../../electron/core/sync/syncFolder.js';
import { createMailbox, startDovecot, type PlainDovecotServer } from '../servers/dovecot.js';
import { startTcpProxy } from '../servers/tcpProxy.js';
import { otherDevice, plainMessage, serverState, SyncHarness } from './syncHarness.js';

void describe('sync engine against a private Dovecot', () => {
  let server: PlainDovecotServer;
  let device: ImapFlow;

  before(async () => {
    server = await startDovecot({ tls: false });
    device = await otherDevice(server);
    // imapflow subscribes what it creates; role folders and one plain folder are unsubscribed again.
    for (const name of ['Sent Items', 'Deleted Items', 'Junk E-mail', 'Drafts', 'Archive', 'Unsubscribed']) {
      await createMailbox(server, 'alice', 'alice-secret-1', name);
      await device.mailboxUnsubscribe(name);
    }
    await createMailbox(server, 'alice', 'alice-secret-1', 'โครงการ');
    for (let i = 1; i <= 40; i++) await device.append('INBOX', plainMessage(i), i % 2 ? ['\\Seen'] : []);
    await device.append('Unsubscribed', plainMessage(900), []);
  });
  after(async () => {
    await device?.logout().catch(() => device.close());
    await server?.stop();
  });

  void it('finds role folders by name on a server without SPECIAL-USE and syncs only subscribed and role folders', async (t) => {
    const h = new SyncHarness(server);
    t.after(() => h.close());
    const synced = new Set<string>();
    await h.sync({ onProgress: (p) => (p.phase === 'headers' ? synced.add(p.folderPath) : undefined) });
    const roles = Object.fromEntries(h.store.listFolders(h.account.id).map((f) => [f.path, f.specialUse]));
    assert.deepEqual(
      { sent: roles['Sent Items'], trash: roles['Deleted Items'], junk: roles['Junk E-mail'], drafts: roles.Drafts, archive: roles.Archive, inbox: roles.INBOX },
      { sent: 'sent', trash: 'trash', junk: 'junk', drafts: 'drafts', archive: 'archive', inbox: 'inbox' },
    );
    assert.ok(synced.has('INBOX') && synced.has('โครงการ') && synced.has('Sent Items'), [...synced].join(','));
    assert.ok(!synced.has('Unsubscribed'), 'an unsubscribed folder is listed but not synced');
    assert.ok(roles.Unsubscribed === null, 'still in the folder list');
    assert.equal(h.countRows('Unsubscribed'), 0);
  });

  void it('creates, renames (keeping cached messages) and deletes folders; refuses role folders and INBOX', async (t) => {
    const h = new SyncHarness(server);
    t.after(() => h.close());
    await h.sync();
    const changed: number[] = [];
    const folders = new FolderManager({
      store: h.store,
      connect: (a) => connectImap(a),
      renameLocal: (id, o, n, d) => renameFolderPaths(h.db, id, o, n, d),
      changed: (id) => changed.push(id),
    });
    const created = await folders.create(h.account.id, 'งบประมาณ', 'โครงการ');
    const d = created.delimiter;
    assert.equal(created.path, `โครงการ${d}งบประมาณ`);
    assert.ok((await device.list()).some((f) => f.path === created.path && f.subscribed), 'created and subscribed on the server');
    await device.append(created.path, plainMessage(500), []);
    await h.sync();
    const before = h.folder(created.path);
    assert.equal(before.total, 1);

    const renamed = await folders.rename(before.id, 'งบ 2568');
    assert.equal(renamed.path, `โครงการ${d}งบ 2568`);
    assert.equal(renamed.id, before.id, 'same folder row');
    assert.equal(renamed.total, 1, 'its cached message stays');
    assert.ok((await device.list()).some((f) => f.path === renamed.path));
    await h.sync();
    assert.equal(h.folder(renamed.path).total, 1, 'the next sync agrees with the rename');

    await folders.delete(renamed.id);
    assert.ok(!(await device.list()).some((f) => f.path === renamed.path));
    assert.equal(h.store.findFolderByPath(h.account.id, renamed.path), null);
    assert.ok(changed.length >= 3);

    for (const path of ['INBOX', 'Sent Items', 'Deleted Items']) {
      await assert.rejects(folders.delete(h.folder(path).id), (e: unknown) => isCodedError(e) && e.code === 'FORBIDDEN');
      await assert.rejects(folders.rename(h.folder(path).id, 'x'), (e: unknown) => isCodedError(e) && e.code === 'FORBIDDEN');
    }
    await assert.rejects(folders.create(h.account.id, `a${d}b`), (e: unknown) => isCodedError(e) && e.code === 'INVALID_ARGUMENT');
  });

  for (const forceFallback of [false, true]) {
    void it(`${forceFallback ? 'RFC 4549 fallback' : 'QRESYNC'}: another device's flags, expunges and new mail end in the exact server state`, async (t) => {
      const h = new SyncHarness(server);
      t.after(() => h.close());
      const results = new Map<string, SyncFolderResult>();
      const run = () => h.sync({ forceFallback, folders: ['INBOX'], onFolderSynced: (p, r) => results.set(p, r) });
      await run();
      assert.equal(results.get('INBOX')?.mode, 'full');
      assert.deepEqual(h.localState('INBOX'), await serverState(device, 'INBOX'));
      const modseq = h.folder('INBOX').state.highestModseq;
      assert.equal(modseq === null, forceFallback, 'HIGHESTMODSEQ stored only on the CONDSTORE path');

      // Another device: flags on two messages, two expunged, three new ones.
      const uids = [...(await serverState(device, 'INBOX')).keys()];
      await device.mailboxOpen('INBOX');
      const b = forceFallback ? 10 : 0; // each run changes messages the other did not
      await device.messageFlagsAdd({ uid: `${uids[b + 2]},${uids[b + 3]}` }, ['\\Flagged'], { uid: true });
      await device.messageFlagsRemove({ uid: String(uids[b]) }, ['\\Seen'], { uid: true });
      await device.messageDelete({ uid: `${uids[b + 5]},${uids[b + 6]}` }, { uid: true });
      for (let i = 0; i < 3; i++) await device.append('INBOX', plainMessage(1000 + i + (forceFallback ? 100 : 0)), []);

      await run();
      const r = results.get('INBOX');
      assert.equal(r?.mode, forceFallback ? 'fallback' : 'qresync');
      assert.equal(r?.added, 3);
      assert.equal(r?.removed, 2);
      assert.equal(r?.flagsUpdated, 3);
      assert.deepEqual(h.localState('INBOX'), await serverState(device, 'INBOX'), 'exactly the server state');
      if (!forceFallback) {
        const next = h.folder('INBOX').state.highestModseq;
        assert.ok(next !== null && modseq !== null && next > modseq, 'HIGHESTMODSEQ advanced after the commit');
      }
      // Nothing changed: a CONDSTORE sync fetches nothing.
      await run();
      assert.equal(results.get('INBOX')?.added, 0);
      if (!forceFallback) assert.equal(results.get('INBOX')?.mode, 'unchanged');
    });
  }

  void it('a new UIDVALIDITY rebuilds the folder', async (t) => {
    await createMailbox(server, 'alice', 'alice-secret-1', 'Rebuilt');
    for (let i = 0; i < 3; i++) await device.append('Rebuilt', plainMessage(2000 + i), []);
    const h = new SyncHarness(server);
    t.after(() => h.close());
    await h.sync({ folders: ['Rebuilt'] });
    const v1 = h.folder('Rebuilt').state.uidValidity;
    assert.equal(h.countRows('Rebuilt'), 3);
    await device.mailboxDelete('Rebuilt');
    await createMailbox(server, 'alice', 'alice-secret-1', 'Rebuilt');
    await device.append('Rebuilt', plainMessage(2100), []);
    await h.sync({ folders: ['Rebuilt'] });
    const f = h.folder('Rebuilt');
    assert.notEqual(f.state.uidValidity, v1);
    assert.deepEqual(h.localState('Rebuilt'), await serverState(device, 'Rebuilt'));
    assert.equal(h.countRows('Rebuilt'), 1);
  });

  void it('threads by References and In-Reply-To (in any arrival order) and by subject only within 7 days', async (t) => {
    await createMailbox(server, 'alice', 'alice-secret-1', 'Threads');
    const day = 86_400_000;
    const t0 = Date.UTC(2025, 2, 1);
    // The reply to the reply arrives first; its References name the whole chain.
    await device.append('Threads', plainMessage(3002, { subject: 'Re: Re: งบประมาณ', messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'], date: new Date(t0 + 2 * day) }), []);
    await device.append('Threads', plainMessage(3000, { subject: 'งบประมาณ', messageId: '<a@x>', date: new Date(t0) }), []);
    await device.append('Threads', plainMessage(3001, { subject: 'ตอบกลับ: งบประมาณ', messageId: '<b@x>', inReplyTo: '<a@x>', date: new Date(t0 + day) }), []);
    // Same subject, no references: joins within 7 days, not after.
    await device.append('Threads', plainMessage(3003, { subject: 'RE: งบประมาณ', messageId: '<d@x>', date: new Date(t0 + 3 * day) }), []);
    await device.append('Threads', plainMessage(3004, { subject: 'Re: งบประมาณ', messageId: '<e@x>', date: new Date(t0 + 40 * day) }), []);
    await device.append('Threads', plainMessage(3005, { subject: 'งบประมาณ', messageId: '<f@x>', date: new Date(t0 + 2 * day) }), []);
    const h = new SyncHarness(server);
    t.after(() => h.close());
    await h.sync({ folders: ['Threads'] });
    const threads = new ThreadQuery(h.db);
    const byMid = new Map(h.db.prepare<[], { id: number; message_id: string }>('SELECT id, message_id FROM messages').all().map((r) => [r.message_id, r.id]));
    const conv = (mid: string) => threads.listThread(byMid.get(mid) ?? 0).map((m) => m.subject);
    assert.deepEqual(conv('<a@x>'), ['งบประมาณ', 'ตอบกลับ: งบประมาณ', 'Re: Re: งบประมาณ', 'RE: งบประมาณ'], 'oldest first');
    assert.deepEqual(conv('<c@x>'), conv('<a@x>'));
    assert.deepEqual(conv('<e@x>'), ['Re: งบประมาณ'], 'outside the subject window');
    assert.deepEqual(conv('<f@x>'), ['งบประมาณ'], 'an original with a matching subject does not join');
  });

  void it('a connection cut in the middle of a large FETCH loses nothing; the next sync is exact, without duplicates', async (t) => {
    await createMailbox(server, 'alice', 'alice-secret-1', 'Big');
    const big = 'x'.repeat(2000);
    for (let i = 0; i < 600; i++) await device.append('Big', plainMessage(4000 + i).replace('เนื้อหา', big), i % 3 ? ['\\Seen'] : []);
    const proxy = await startTcpProxy(server.imapPort);
    t.after(() => proxy.close());
    const h = new SyncHarness(server, proxy.port);
    t.after(() => h.close());
    let cut = false;
    const onProgress = (p: SyncProgress): void => {
      if (!cut && p.phase === 'headers' && p.folderPath === 'Big' && p.done >= 100) {
        cut = true;
        void proxy.down().then(() => proxy.up());
      }
    };
    await assert.rejects(h.sync({ folders: ['Big'], batchSize: 50, onProgress }));
    assert.ok(cut);
    const partial = h.countRows('Big');
    assert.ok(partial >= 100 && partial < 600, `committed batches stay (${partial})`);
    assert.equal(h.folder('Big').state.uidNext, null, 'no checkpoint for an unfinished folder');
    await h.sync({ folders: ['Big'], batchSize: 50 });
    assert.deepEqual(h.localState('Big'), await serverState(device, 'Big'));
    assert.equal(h.countRows('Big'), 600, 'no duplicates');
  });
});
