// Push against a private Dovecot (issue 4 §2): a watcher IDLEs on INBOX on its own connection; "another device"
// delivers, flags and expunges while it idles, and the change reaches the store and the UI events (mail.new,
// mailbox.changed) without anyone asking. A cut connection is retried with backoff and the status shows
// offline, then online. stopAccount stops one account's sync and watcher.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImapFlow } from 'imapflow';
import type { AppStatus } from '../../shared/domain/schemas.js';
import type { EventPayload } from '../../shared/contract/api.js';
import { StatusTracker } from '../../electron/core/api/statusTracker.js';
import { SyncService, type WatcherHooks } from '../../electron/core/api/syncService.js';
import { connectIdleImap } from '../../electron/core/imap/connectIdleImap.js';
import { AccountWatcher } from '../../electron/core/sync/accountWatcher.js';
import { Backoff } from '../../electron/core/sync/backoff.js';
import { startDovecot, type PlainDovecotServer } from '../servers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../servers/tcpProxy.js';
import { otherDevice, plainMessage, serverState, SyncHarness, waitFor } from './syncHarness.js';

/** A bound on waiting, not a timing assertion: push normally lands well within a second. */
const PUSH_WAIT_MS = 10_000;

interface Rig {
  h: SyncHarness;
  sync: SyncService;
  statuses: AppStatus[];
  newMail: EventPayload<'mail.new'>[];
  changed: (number | null)[];
  watchers: AccountWatcher[];
}

function rig(server: PlainDovecotServer, port: number): Rig {
  const h = new SyncHarness(server, port);
  const statuses: AppStatus[] = [];
  const newMail: EventPayload<'mail.new'>[] = [];
  const changed: (number | null)[] = [];
  const watchers: AccountWatcher[] = [];
  const status = new StatusTracker(() => 1, (s) => statuses.push(s));
  const sync = new SyncService({
    getAccount: (id) => h.store.getAccountWithSecret(id),
    run: (account, onProgress, opts) =>
      h.sync({ onProgress, signal: opts.signal, onFolderSynced: opts.onFolderSynced, ...(opts.folders ? { folders: opts.folders } : {}) }).then(() => {
        void account;
      }),
    status,
    onProgress: () => undefined,
    onFolderChanged: (_a, folderId) => changed.push(folderId),
    onNewMail: (e) => newMail.push(e),
    store: h.store,
    createWatcher: (accountId, hooks: WatcherHooks) => {
      // Short, jitter-free retry steps so the reconnect test does not wait a real minute.
      const w = new AccountWatcher({ ...hooks, backoff: new Backoff(() => 0.5, [200, 400]), connect: () => connectIdleImap(h.store.getAccountWithSecret(accountId)!) });
      watchers.push(w);
      return w;
    },
  });
  return { h, sync, statuses, newMail, changed, watchers };
}

void describe('push: IDLE on INBOX with another device changing the mailbox', () => {
  let server: PlainDovecotServer;
  let device: ImapFlow;
  let proxy: TcpProxy;

  before(async () => {
    server = await startDovecot({ tls: false });
    device = await otherDevice(server);
    for (let i = 1; i <= 5; i++) await device.append('INBOX', plainMessage(i), ['\\Seen']);
    proxy = await startTcpProxy(server.imapPort);
  });
  after(async () => {
    await proxy?.close();
    await device?.logout().catch(() => device.close());
    await server?.stop();
  });

  void it('new mail, flags and expunges from another device are pushed to the store and the UI', async (t) => {
    const r = rig(server, server.imapPort);
    t.after(async () => {
      await r.sync.close();
      r.h.close();
    });
    await r.sync.sync(r.h.account.id);
    assert.equal(r.newMail.length, 0, 'the first sync of a folder is not new mail');
    const inbox = r.h.folder('INBOX').id;
    await waitFor('the watcher to connect', () => r.watchers[0]?.connected === true, PUSH_WAIT_MS);

    await device.append('INBOX', plainMessage(100, { subject: 'ด่วนที่สุด ประชุม' }), []);
    await waitFor('mail.new', () => r.newMail.length > 0, PUSH_WAIT_MS);
    assert.deepEqual(r.newMail[0], { accountId: r.h.account.id, folderId: inbox, count: 1, latest: { from: 'sender100', subject: 'ด่วนที่สุด ประชุม' } });
    assert.ok(r.changed.includes(inbox), 'mailbox.changed names the folder');
    await waitFor('the store to match', () => r.h.countRows('INBOX') === 6);

    r.changed.length = 0;
    const uids = [...(await serverState(device, 'INBOX')).keys()];
    await device.mailboxOpen('INBOX');
    await device.messageFlagsAdd({ uid: String(uids[0]) }, ['\\Flagged'], { uid: true });
    await waitFor('a pushed flag change', () => r.h.localState('INBOX').get(uids[0]!)?.includes('Flagged') === true, PUSH_WAIT_MS);
    await device.messageDelete({ uid: String(uids[1]) }, { uid: true });
    await waitFor('a pushed expunge', () => !r.h.localState('INBOX').has(uids[1]!), PUSH_WAIT_MS);
    assert.ok(r.changed.includes(inbox));
    assert.deepEqual(r.h.localState('INBOX'), await serverState(device, 'INBOX'));
    assert.equal(r.newMail.length, 1, 'flags and expunges are not new mail');
  });

  void it('a dropped connection shows offline, reconnects with backoff, and catches up on what arrived meanwhile', async (t) => {
    const r = rig(server, proxy.port);
    t.after(async () => {
      await r.sync.close();
      r.h.close();
    });
    await r.sync.sync(r.h.account.id);
    await waitFor('the watcher to connect', () => r.watchers[0]?.connected === true, PUSH_WAIT_MS);
    await proxy.down();
    await waitFor('offline status', () => r.statuses.at(-1)?.connection === 'offline', PUSH_WAIT_MS);
    await device.append('INBOX', plainMessage(200), []);
    const attempts = proxy.accepted;
    await new Promise((res) => setTimeout(res, 700));
    await proxy.up();
    await waitFor('a reconnect', () => r.watchers[0]?.connected === true && proxy.accepted > attempts, PUSH_WAIT_MS);
    await waitFor('online status', () => r.statuses.at(-1)?.connection === 'online', PUSH_WAIT_MS);
    await waitFor('the missed message', () => r.newMail.some((e) => e.latest?.from === 'sender200'), PUSH_WAIT_MS);
    assert.deepEqual(r.h.localState('INBOX'), await serverState(device, 'INBOX'));
  });

  void it('stopAccount aborts that account’s running sync and stops its watcher', async (t) => {
    for (let i = 0; i < 300; i++) await device.append('INBOX', plainMessage(300 + i), []);
    const r = rig(server, server.imapPort);
    t.after(async () => {
      await r.sync.close();
      r.h.close();
    });
    const running = r.sync.sync(r.h.account.id);
    await r.sync.stopAccount(r.h.account.id);
    await assert.rejects(running);
    assert.equal(r.watchers.length, 0, 'an aborted run starts no watcher');
    // A later sync of the same account runs normally and starts push.
    await r.sync.sync(r.h.account.id);
    assert.deepEqual(r.h.localState('INBOX'), await serverState(device, 'INBOX'));
    await waitFor('the watcher to connect', () => r.watchers[0]?.connected === true, PUSH_WAIT_MS);
    await r.sync.stopAccount(r.h.account.id);
    assert.equal(r.watchers[0]?.connected, false);
  });
});
