// A profile with the action queue, against a private Dovecot reached through a TCP proxy that a test can take
// down (offline) and bring back, plus a second IMAP session straight to Dovecot acting as "another device".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { ActionService } from '../../electron/core/actions/actionService.js';
import type { Clock } from '../../electron/core/actions/actionRunner.js';
import { connectImap } from '../../electron/core/imap/connectImap.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { migrate } from '../../electron/core/store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { syncAccount } from '../../electron/core/sync/syncAccount.js';
import type { MessageSummary } from '../../shared/domain/schemas.js';
import { connectImap as connectTestImap, type DovecotServer } from '../servers/dovecot.js';
import type { TcpProxy } from '../servers/tcpProxy.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';

/** Retries fire only when the test says so. */
export class ManualClock implements Clock {
  private next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.ms);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const p of due) p.fn();
  }
}

export const mail = (tag: string, day = 1): string =>
  [
    'From: =?UTF-8?B?' + Buffer.from('สมหญิง ทดสอบ').toString('base64') + '?= <somying@moph.go.th>',
    'To: alice@example.go.th',
    `Subject: =?UTF-8?B?${Buffer.from(`เรื่อง ${tag}`).toString('base64')}?=`,
    `Date: ${new Date(Date.UTC(2025, 0, day, 9)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${tag}@moph.go.th>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `เนื้อหา ${tag}`,
    '',
  ].join('\r\n');

export interface ServerMessage {
  uid: number;
  messageId: string;
  flags: string[];
}

/** The server's view of a folder, read by "another device" straight from Dovecot. */
export async function serverFolder(server: DovecotServer, path: string): Promise<ServerMessage[]> {
  return withDevice(server, async (c) => {
    const lock = await c.getMailboxLock(path, { readOnly: true });
    try {
      if (!c.mailbox || c.mailbox.exists === 0) return [];
      const out: ServerMessage[] = [];
      for await (const m of c.fetch('1:*', { uid: true, flags: true, envelope: true }, { uid: true })) {
        out.push({ uid: m.uid, messageId: m.envelope?.messageId ?? '', flags: [...(m.flags ?? [])].sort() });
      }
      return out;
    } finally {
      lock.release();
    }
  });
}

export async function withDevice<T>(server: DovecotServer, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const [alice] = server.users;
  assert.ok(alice);
  const c = await connectTestImap(server, alice.user, alice.password);
  try {
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

export interface ProfileOptions {
  readonly clock?: Clock;
  readonly forceCopyFallback?: boolean;
}

export class ActionProfile {
  readonly served: { code: string | null }[] = [];
  queued = 0;
  private constructor(
    readonly db: SqliteDatabase,
    readonly store: SqliteMailStore,
    readonly actions: ActionService,
    readonly account: AccountWithSecret,
    private readonly caPem: string,
  ) {}

  static dir(): { path: string; key: Buffer; remove(): void } {
    const d = mkdtempSync(join(tmpdir(), 'raksa-actions-'));
    return { path: join(d, 'p.db'), key: randomBytes(32), remove: () => rmSync(d, { recursive: true, force: true }) };
  }

  /** Opens (or reopens) the profile; the first open adds the account, pointed at the proxy. */
  static open(
    file: { path: string; key: Buffer },
    server: DovecotServer,
    proxy: TcpProxy,
    opts: ProfileOptions = {},
  ): ActionProfile {
    const db = openDatabase(file.path, file.key);
    migrate(db, { migrations: MIGRATIONS });
    const store = new SqliteMailStore(db);
    const [alice] = server.users;
    assert.ok(alice);
    if (store.listAccounts().length === 0) {
      store.addAccount({
        email: 'alice@example.go.th',
        displayName: 'อลิซ',
        imap: { host: '127.0.0.1', port: proxy.port, security: 'tls' },
        smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
        user: alice.user,
        password: alice.password,
      });
    }
    const account = store.getAccountWithSecret(1);
    assert.ok(account);
    const imapOpts = { trustedCaPem: [server.caPem], timeouts: { connectionTimeout: 3000, greetingTimeout: 3000 } };
    let profile: ActionProfile | undefined = undefined;
    const actions = new ActionService({
      db,
      store,
      log: createLogger({ level: 'error', sink: () => undefined }),
      connect: (a) => connectImap(a, imapOpts),
      mailboxChanged: () => undefined,
      queueChanged: (n) => {
        if (profile) profile.queued = n;
      },
      serverReached: (e) => profile?.served.push({ code: e?.code ?? null }),
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.forceCopyFallback ? { forceCopyFallback: true } : {}),
    });
    profile = new ActionProfile(db, store, actions, account, server.caPem);
    return profile;
  }

  sync(): Promise<void> {
    return this.actions.runSync(this.account.id, () =>
      syncAccount({ store: this.actions.syncStore, account: this.account, imapOpts: { trustedCaPem: [this.caPem] } }),
    );
  }

  /** Waits until every replay already triggered has finished. */
  settle(): Promise<void> {
    return this.actions.runner.exclusive(this.account.id, () => Promise.resolve());
  }

  folderId(path: string): number {
    const f = this.store.findFolderByPath(this.account.id, path);
    assert.ok(f, `folder ${path}`);
    return f.id;
  }

  list(path: string): MessageSummary[] {
    return this.store.listMessages(this.folderId(path), 0, 1000).items;
  }

  /** Message-ID headers of a folder's rows, sorted. */
  ids(path: string): string[] {
    return this.list(path)
      .map((m) => this.store.getMessage(m.id)?.messageIdHeader ?? '')
      .sort();
  }

  byMessageId(path: string, messageId: string): MessageSummary {
    const found = this.list(path).find((m) => this.store.getMessage(m.id)?.messageIdHeader === messageId);
    assert.ok(found, `${messageId} in ${path}`);
    return found;
  }

  async close(): Promise<void> {
    await this.actions.close();
    closeDatabase(this.db);
  }
}
