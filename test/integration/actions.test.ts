// Local actions against a private Dovecot: each applies here at once, reaches the server in order with UID
// commands, survives a restart while the server is unreachable, merges per flag with another device, never
// resurrects a message deleted elsewhere, and removes only the intended messages (UID MOVE, and the
// UID COPY + UID EXPUNGE fallback next to a message another device marked \Deleted).
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendMessage, createMailbox, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../servers/tcpProxy.js';
import { readFixture, thaiPlain } from '../fixtures/index.js';
import { PLACEHOLDER_UID_FLOOR } from '../../electron/core/actions/queuedAction.js';
import { ActionProfile, ManualClock, mail, serverFolder, withDevice } from './actionsHarness.js';

const id = (tag: string): string => `<${tag}@moph.go.th>`;

void describe('local actions and their replay', () => {
  let server: DovecotServer;
  let proxy: TcpProxy;
  let file: ReturnType<typeof ActionProfile.dir>;
  const open: ActionProfile[] = [];
  const profile = (opts: Parameters<typeof ActionProfile.open>[3] = {}): ActionProfile => {
    const p = ActionProfile.open(file, server, proxy, opts);
    open.push(p);
    return p;
  };
  const seed = async (tags: string[], folders: string[] = ['Trash', 'Archive', 'Work']): Promise<void> => {
    const [alice] = server.users;
    assert.ok(alice);
    for (const f of folders) await createMailbox(server, alice.user, alice.password, f);
    for (const [i, tag] of tags.entries()) await appendMessage(server, alice.user, alice.password, 'INBOX', mail(tag, i + 1));
  };

  beforeEach(async () => {
    server = await startDovecot();
    proxy = await startTcpProxy(server.imapsPort);
    file = ActionProfile.dir();
  });

  afterEach(async () => {
    for (const p of open.splice(0)) await p.close().catch(() => undefined);
    await proxy.close();
    await server.stop();
    file.remove();
  });

  it('applies at once, replays in order with UID commands, and the next sync neither doubles nor loses', async () => {
    await seed(['a', 'b', 'c', 'd']);
    const [alice] = server.users;
    assert.ok(alice);
    await appendMessage(server, alice.user, alice.password, 'INBOX', readFixture(thaiPlain));
    const p = profile();
    await p.sync();
    assert.equal(p.list('INBOX').length, 5);

    const a = p.byMessageId('INBOX', id('a'));
    const c = p.byMessageId('INBOX', id('c'));
    const thai = p.byMessageId('INBOX', thaiPlain.messageId);
    p.actions.local.setFlags([a.id, thai.id], { seen: true });
    // Order matters: c is flagged in INBOX, then moved to Work, then from Work to Archive while the first
    // move may still be waiting; the server must end with a flagged c in Archive.
    p.actions.local.setFlags([c.id], { flagged: true });
    p.actions.local.move([c.id], p.folderId('Work'));
    // The UI sees the result before any server round trip.
    assert.equal(p.byMessageId('INBOX', id('a')).unread, false);
    assert.ok(!p.ids('INBOX').includes(id('c')), 'c left INBOX locally');
    const placeholder = p.byMessageId('Work', id('c'));
    assert.equal(placeholder.id, c.id, 'the row itself moved: same id, same cached source');
    p.actions.local.move([c.id], p.folderId('Archive'));
    p.actions.local.delete([p.byMessageId('INBOX', id('d')).id]);
    assert.deepEqual(p.ids('Trash'), [id('d')]);

    await p.settle();
    assert.equal(p.actions.count(), 0, 'queue drained');

    const inbox = await serverFolder(server, 'INBOX');
    assert.deepEqual(inbox.map((m) => m.messageId).sort(), [id('a'), id('b'), thaiPlain.messageId].sort());
    assert.ok(inbox.find((m) => m.messageId === id('a'))?.flags.includes('\\Seen'));
    assert.ok(inbox.find((m) => m.messageId === thaiPlain.messageId)?.flags.includes('\\Seen'));
    assert.ok(!inbox.find((m) => m.messageId === id('b'))?.flags.includes('\\Seen'));
    assert.deepEqual(await serverFolder(server, 'Work'), []);
    const archived = await serverFolder(server, 'Archive');
    assert.deepEqual(archived.map((m) => m.messageId), [id('c')]);
    assert.ok(archived[0]?.flags.includes('\\Flagged'), 'the flag was stored before the moves');
    assert.deepEqual((await serverFolder(server, 'Trash')).map((m) => m.messageId), [id('d')]);

    // Local rows carry the server's UIDs now, so a sync finds nothing to add or remove.
    const archivedRow = p.byMessageId('Archive', id('c'));
    assert.equal(archivedRow.uid, archived[0]?.uid);
    assert.equal(archivedRow.id, c.id);
    await p.sync();
    assert.deepEqual(p.ids('INBOX'), [id('a'), id('b'), thaiPlain.messageId].sort());
    assert.deepEqual(p.ids('Work'), []);
    assert.deepEqual(p.ids('Archive'), [id('c')]);
    assert.deepEqual(p.ids('Trash'), [id('d')]);
    assert.equal(p.byMessageId('Archive', id('c')).id, c.id, 'no second row after sync');

    // Delete in Trash deletes for good (UID EXPUNGE); archive moves to the Archive folder; copy copies.
    p.actions.local.delete([p.byMessageId('Trash', id('d')).id]);
    p.actions.local.archive([p.byMessageId('INBOX', id('b')).id]);
    p.actions.local.copy([p.byMessageId('INBOX', id('a')).id], p.folderId('Work'));
    await p.settle();
    assert.deepEqual(await serverFolder(server, 'Trash'), []);
    assert.deepEqual((await serverFolder(server, 'Archive')).map((m) => m.messageId).sort(), [id('b'), id('c')]);
    assert.deepEqual((await serverFolder(server, 'Work')).map((m) => m.messageId), [id('a')]);
    assert.ok((await serverFolder(server, 'INBOX')).some((m) => m.messageId === id('a')), 'a copy leaves the original');
    await p.sync();
    assert.deepEqual(p.ids('Work'), [id('a')]);
    assert.deepEqual(p.ids('Trash'), []);
  });

  it('queues while the server is unreachable, survives a restart, and replays by itself when it is back', async () => {
    await seed(['a', 'b', 'c']);
    const clock = new ManualClock();
    let p = profile({ clock });
    await p.sync();
    const a = p.byMessageId('INBOX', id('a'));
    const b = p.byMessageId('INBOX', id('b'));

    await proxy.down();
    p.actions.local.setFlags([a.id], { seen: true });
    p.actions.local.move([b.id], p.folderId('Work'));
    await p.settle();
    assert.equal(p.actions.count(), 2, 'both actions wait');
    assert.equal(p.queued, 2, 'the status hears the count');
    assert.equal(p.served.at(-1)?.code, 'HOST_UNREACHABLE', 'the status hears offline');
    assert.equal(clock.pending.size, 1, 'a retry is scheduled');
    // Offline, the local store already shows both changes.
    assert.equal(p.byMessageId('INBOX', id('a')).unread, false);
    assert.deepEqual(p.ids('Work'), [id('b')]);
    assert.ok(p.byMessageId('Work', id('b')).uid >= PLACEHOLDER_UID_FLOOR, 'a placeholder until the server answers');

    // A retry while still offline backs off further.
    clock.fireAll();
    await p.settle();
    const [second] = clock.delays();
    assert.ok(second !== undefined && second > 1000, `backoff grew: ${clock.delays().join(',')}`);
    // A sync while offline fails but must not lose or double anything.
    await assert.rejects(p.sync());
    assert.deepEqual(p.ids('INBOX'), [id('a'), id('c')]);

    // Restart the profile with the queue in the database.
    await p.close();
    const clock2 = new ManualClock();
    p = profile({ clock: clock2 });
    assert.equal(p.actions.count(), 2, 'the queue survived the restart');
    await proxy.up();
    p.actions.start();
    await p.settle();
    assert.equal(p.actions.count(), 0);
    assert.equal(p.served.at(-1)?.code, null, 'the status hears online');

    const inbox = await serverFolder(server, 'INBOX');
    assert.deepEqual(inbox.map((m) => m.messageId).sort(), [id('a'), id('c')]);
    assert.ok(inbox.find((m) => m.messageId === id('a'))?.flags.includes('\\Seen'));
    assert.deepEqual((await serverFolder(server, 'Work')).map((m) => m.messageId), [id('b')]);
    await p.sync();
    assert.deepEqual(p.ids('INBOX'), [id('a'), id('c')]);
    assert.deepEqual(p.ids('Work'), [id('b')]);
    assert.ok(p.byMessageId('Work', id('b')).uid < PLACEHOLDER_UID_FLOOR, 'the placeholder took the real UID');
  });

  it('a sync after coming back replays first, so pending flags are not overwritten by the server state', async () => {
    await seed(['a']);
    const p = profile({ clock: new ManualClock() });
    await p.sync();
    const a = p.byMessageId('INBOX', id('a'));
    await proxy.down();
    p.actions.local.setFlags([a.id], { seen: true, flagged: true });
    await p.settle();
    await proxy.up();
    await p.sync();
    assert.equal(p.actions.count(), 0);
    const row = p.byMessageId('INBOX', id('a'));
    assert.equal(row.unread, false);
    assert.equal(row.flagged, true);
    const [onServer] = await serverFolder(server, 'INBOX');
    assert.deepEqual(onServer?.flags, ['\\Flagged', '\\Seen']);
  });

  it('merges per flag with another device and does not resurrect what it deleted meanwhile', async () => {
    await seed(['a', 'b', 'c']);
    const p = profile({ clock: new ManualClock() });
    await p.sync();
    const a = p.byMessageId('INBOX', id('a'));
    const b = p.byMessageId('INBOX', id('b'));
    const c = p.byMessageId('INBOX', id('c'));

    await proxy.down();
    p.actions.local.setFlags([a.id], { seen: true });
    p.actions.local.move([b.id], p.folderId('Work'));
    p.actions.local.setFlags([c.id], { flagged: true });
    await p.settle();
    // Meanwhile another device flags a, and deletes b and c for good.
    const serverUids = new Map((await serverFolder(server, 'INBOX')).map((m) => [m.messageId, m.uid]));
    await withDevice(server, async (d) => {
      const lock = await d.getMailboxLock('INBOX');
      try {
        await d.messageFlagsAdd(String(serverUids.get(id('a'))), ['\\Flagged', '$Important'], { uid: true });
        await d.messageDelete(`${serverUids.get(id('b'))},${serverUids.get(id('c'))}`, { uid: true });
      } finally {
        lock.release();
      }
    });

    await proxy.up();
    await p.sync();
    assert.equal(p.actions.count(), 0, 'the actions on vanished messages were dropped, not retried');
    const inbox = await serverFolder(server, 'INBOX');
    assert.deepEqual(inbox.map((m) => m.messageId), [id('a')]);
    assert.deepEqual(inbox[0]?.flags, ['$Important', '\\Flagged', '\\Seen'], 'both devices’ flags kept');
    assert.deepEqual(await serverFolder(server, 'Work'), [], 'b was not resurrected in Work');
    assert.deepEqual(p.ids('Work'), [], 'nor locally');
    assert.deepEqual(p.ids('INBOX'), [id('a')]);
    const row = p.byMessageId('INBOX', id('a'));
    assert.equal(row.unread, false);
    assert.equal(row.flagged, true);
  });

  for (const fallback of [false, true]) {
    it(`${fallback ? 'UID COPY + UID EXPUNGE fallback' : 'UID MOVE'} removes only the intended message`, async () => {
      await seed(['keep', 'go', 'marked']);
      const p = profile({ forceCopyFallback: fallback });
      await p.sync();
      // Another device marks a message \Deleted without expunging it: a plain EXPUNGE would remove it too.
      const uids = new Map((await serverFolder(server, 'INBOX')).map((m) => [m.messageId, m.uid]));
      await withDevice(server, async (d) => {
        const lock = await d.getMailboxLock('INBOX');
        try {
          await d.messageFlagsAdd(String(uids.get(id('marked'))), ['\\Deleted'], { uid: true });
        } finally {
          lock.release();
        }
        assert.ok(d.capabilities.has('MOVE') && d.capabilities.has('UIDPLUS'), 'Dovecot offers MOVE and UIDPLUS');
      });
      p.actions.local.move([p.byMessageId('INBOX', id('go')).id], p.folderId('Work'));
      await p.settle();
      const inbox = await serverFolder(server, 'INBOX');
      assert.deepEqual(inbox.map((m) => m.messageId).sort(), [id('keep'), id('marked')]);
      assert.ok(inbox.find((m) => m.messageId === id('marked'))?.flags.includes('\\Deleted'));
      const work = await serverFolder(server, 'Work');
      assert.deepEqual(work.map((m) => m.messageId), [id('go')]);
      assert.equal(p.byMessageId('Work', id('go')).uid, work[0]?.uid, 'COPYUID gave the placeholder its UID');
      await p.sync();
      assert.deepEqual(p.ids('Work'), [id('go')]);
      assert.deepEqual(p.ids('INBOX'), [id('keep'), id('marked')]);
    });
  }

  it('empty trash removes exactly what was in the Trash, by UID', async () => {
    await seed(['a', 'b', 'c']);
    const p = profile();
    await p.sync();
    p.actions.local.delete([p.byMessageId('INBOX', id('a')).id, p.byMessageId('INBOX', id('b')).id]);
    // Emptied while the moves to Trash may still be pending: placeholder UIDs are resolved first.
    assert.equal(p.actions.local.emptyTrash(p.account.id), 2);
    assert.deepEqual(p.ids('Trash'), []);
    await p.settle();
    assert.deepEqual(await serverFolder(server, 'Trash'), []);
    assert.deepEqual((await serverFolder(server, 'INBOX')).map((m) => m.messageId), [id('c')]);
    await p.sync();
    assert.deepEqual(p.ids('Trash'), []);
    assert.deepEqual(p.ids('INBOX'), [id('c')]);
  });

  it('a folder recreated on the server (new UIDVALIDITY) drops only the actions on its old UIDs', async () => {
    await seed(['a', 'w'], ['Trash', 'Work']);
    const p = profile({ clock: new ManualClock() });
    await p.sync();
    p.actions.local.move([p.byMessageId('INBOX', id('w')).id], p.folderId('Work'));
    await p.settle();
    await p.sync();
    const w = p.byMessageId('Work', id('w'));

    await proxy.down();
    p.actions.local.setFlags([w.id], { flagged: true });
    p.actions.local.setFlags([p.byMessageId('INBOX', id('a')).id], { seen: true });
    await p.settle();
    const [alice] = server.users;
    assert.ok(alice);
    await withDevice(server, async (d) => {
      await d.mailboxDelete('Work');
      await d.mailboxCreate('Work');
    });
    await appendMessage(server, alice.user, alice.password, 'Work', mail('new-in-work'));

    await proxy.up();
    await p.sync();
    assert.equal(p.actions.count(), 0);
    const work = await serverFolder(server, 'Work');
    assert.deepEqual(work.map((m) => m.messageId), [id('new-in-work')]);
    assert.ok(!work[0]?.flags.includes('\\Flagged'), 'the old UID was not applied to a new message');
    assert.ok((await serverFolder(server, 'INBOX'))[0]?.flags.includes('\\Seen'), 'the INBOX action was kept');
    assert.deepEqual(p.ids('Work'), [id('new-in-work')]);
  });
});
