// A profile for the sync engine tests (test/integration/sync*.test.ts): the encrypted store with the thread
// migration, the fast writer, an account on a private Dovecot (optionally through a TCP proxy that a test can
// cut), and a second IMAP session straight to Dovecot acting as "another device".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import { SqliteSyncWriter } from '../../electron/core/store/sqliteSyncWriter.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { syncAccount, type SyncAccountParams } from '../../electron/core/sync/syncAccount.js';
import { connectImap as connectTestImap, type AnyDovecotServer as DovecotServer } from '../servers/dovecot.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';

export class SyncHarness {
  readonly db: SqliteDatabase;
  readonly store: SqliteMailStore;
  readonly writer: SqliteSyncWriter;
  readonly account: AccountWithSecret;
  private readonly dir: string;

  constructor(
    readonly server: DovecotServer,
    /** Where the client connects: Dovecot's plaintext port, or a proxy in front of it. */
    port: number = server.imapPort,
    user = 'alice',
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'raksa-synceng-'));
    this.db = openDatabase(join(this.dir, 'raksa.db'), randomBytes(32));
    migrate(this.db, { migrations: MIGRATIONS });
    this.store = new SqliteMailStore(this.db);
    this.writer = new SqliteSyncWriter(this.db);
    const u = server.users.find((x) => x.user === user);
    assert.ok(u);
    const summary = this.store.addAccount({
      email: `${user}@example.go.th`,
      displayName: user,
      // plaintext to 127.0.0.1: loopback only (imapOptions refuses anything else), so a proxy can sit in between
      imap: { host: '127.0.0.1', port, security: 'plain' },
      smtp: { host: '127.0.0.1', port: 25, security: 'plain' },
      user: u.user,
      password: u.password,
    });
    const withSecret = this.store.getAccountWithSecret(summary.id);
    assert.ok(withSecret);
    this.account = withSecret;
  }

  sync(extra: Partial<SyncAccountParams> = {}): Promise<void> {
    return syncAccount({ store: this.store, writer: this.writer, account: this.account, ...extra });
  }

  folder(path: string) {
    const f = this.store.findFolderByPath(this.account.id, path);
    assert.ok(f, `folder ${path} is in the store`);
    return f;
  }

  /** UID → sorted flags, as stored. */
  localState(path: string): Map<number, string> {
    const rows = this.db
      .prepare<[number], { uid: number; flags_json: string }>('SELECT uid, flags_json FROM messages WHERE folder_id = ? ORDER BY uid')
      .all(this.folder(path).id);
    return new Map(rows.map((r) => [r.uid, JSON.stringify((JSON.parse(r.flags_json) as string[]).filter((f) => f !== '\\Recent').sort())]));
  }

  countRows(path: string): number {
    return this.db.prepare<[number], number>('SELECT count(*) FROM messages WHERE folder_id = ?').pluck().get(this.folder(path).id) ?? 0;
  }

  close(): void {
    closeDatabase(this.db);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** "Another device": a second session straight to Dovecot. */
export function otherDevice(server: DovecotServer, user = 'alice'): Promise<ImapFlow> {
  const u = server.users.find((x) => x.user === user);
  assert.ok(u);
  return connectTestImap(server, u.user, u.password);
}

/** UID → sorted flags on the server (without \Recent, which depends on the session). */
export async function serverState(device: ImapFlow, path: string): Promise<Map<number, string>> {
  const lock = await device.getMailboxLock(path, { readOnly: true });
  try {
    const out = new Map<number, string>();
    if (device.mailbox && device.mailbox.exists > 0) {
      for await (const m of device.fetch('1:*', { uid: true, flags: true }, { uid: true })) {
        out.set(m.uid, JSON.stringify([...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort()));
      }
    }
    return out;
  } finally {
    lock.release();
  }
}

export function plainMessage(i: number, opts: { subject?: string; messageId?: string; inReplyTo?: string; references?: string[]; date?: Date } = {}): string {
  const date = opts.date ?? new Date(Date.UTC(2025, 0, 1) + i * 60_000);
  return [
    `From: sender${i} <sender${i}@example.go.th>`,
    'To: alice@example.go.th',
    `Subject: =?UTF-8?B?${Buffer.from(opts.subject ?? `ข้อความ ${i}`).toString('base64')}?=`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${opts.messageId ?? `<eng-${i}@example.go.th>`}`,
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`] : []),
    ...(opts.references ? [`References: ${opts.references.join('\r\n ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `เนื้อหา ${i}`,
    '',
  ].join('\r\n');
}

export async function waitFor(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
