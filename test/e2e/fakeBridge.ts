// A FAKE `window.raksa` for looking at the UI without a core: canned Thai accounts, folders and
// messages that follow the contract. A development and screenshot helper only; the real e2e drives the
// real core through the browser host and must never use this in its place.
//
// Every method of the contract has a canned answer, checked with `satisfies FakeHandlers` against the
// contract's own argument and result types: a method added to shared/contract/api.ts, or a changed result
// shape, stops this file from compiling instead of silently answering UNKNOWN_METHOD.
//
// Use: bundle this file for the browser (esbuild, format iife), call installFakeBridge(window, options)
// from a Playwright init script, and keep the returned controller to push events.
import type { EventName, MethodName, MethodResult } from '../../shared/contract/api.js';
import type { ErrorCode } from '../../shared/contract/result.js';
import type {
  AccountSummary,
  AppStatus,
  Folder,
  Locale,
  MessageSummary,
} from '../../shared/domain/schemas.js';
import type { SearchHit } from '../../shared/domain/search.js';
import {
  ACCOUNT_1,
  demoFolders,
  demoPolicyView,
  demoSnippet,
  demoSummary,
  demoView,
  type FakePolicyKind,
} from './fakeData.js';
import { fakeComposeHandlers } from './fakeCompose.js';
import { fail, ok, type FakeHandlers, type Wire } from './fakeWire.js';

export interface FakeBridgeOptions {
  /** Start with the demo account (default) or with none, to show the first-run form. */
  withAccounts?: boolean;
  /** Messages in the demo inbox (default 100 000, to exercise the virtual list). */
  inboxSize?: number;
  /** The first accounts.add fails with this code (e.g. AUTH_FAILED) to show the inline error. */
  addAccountError?: ErrorCode;
  /** The machine policy shown on the settings page; 'invalid' also raises the red banner. Default 'default'. */
  policy?: FakePolicyKind;
  /** Milliseconds of simulated latency per call. */
  latencyMs?: number;
  now?: number;
}

export interface FakeBridgeController {
  emit(event: EventName, payload: unknown): void;
  /** Every call made so far, in order (method and args), for checks such as "only visible pages". */
  readonly calls: { method: string; args: unknown }[];
}

const SEARCH_WINDOW = 2_000; // the fake searches the newest messages of each inbox only

export function installFakeBridge(target: object, options: FakeBridgeOptions = {}): FakeBridgeController {
  const inboxSize = options.inboxSize ?? 100_000;
  const now = options.now ?? Date.now();
  const policyView = demoPolicyView(options.policy ?? 'default');
  const accounts: AccountSummary[] = options.withAccounts === false ? [] : [ACCOUNT_1];
  const folders = new Map<number, Folder[]>(accounts.map((a) => [a.id, demoFolders(a.id, inboxSize)]));
  const read = new Set<number>();
  let locale: Locale = 'th';
  let addError = options.addAccountError;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { method: string; args: unknown }[] = [];

  const emit = (event: string, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const later = (event: EventName, payload: unknown): void => {
    setTimeout(() => emit(event, payload), 0);
  };
  const folderById = (id: number): Folder | undefined =>
    [...folders.values()].flat().find((f) => f.id === id);
  const messageById = (id: number): { folder: Folder; i: number } | null => {
    const folder = folderById(Math.floor(id / 1_000_000));
    const i = (id % 1_000_000) - 1;
    return folder && i >= 0 && i < folder.total ? { folder, i } : null;
  };
  const summary = (folder: Folder, i: number): MessageSummary => demoSummary(folder, i, now, read);
  const findMessage = (id: number): MessageSummary | null => {
    const found = messageById(id);
    return found ? summary(found.folder, found.i) : null;
  };
  const status = (): AppStatus => ({
    connection: 'online',
    lastError: null,
    accounts: accounts.length,
    policyProblem: policyView.problem,
    queuedActions: 0,
  });
  const acted = (ids: readonly number[]): Wire<MethodResult<'messages.setFlags'>> => {
    for (const a of accounts) later('mailbox.changed', { accountId: a.id, folderId: null });
    return ok({ changed: ids.length, queuedActions: 0 });
  };

  const handlers = {
    'app.status': () => ok(status()),
    'settings.getLocale': () => ok(locale),
    'settings.setLocale': (a) => {
      locale = a.locale;
      return ok(null);
    },
    'accounts.list': () => ok(accounts),
    'accounts.add': (input) => {
      if (addError) {
        const code = addError;
        addError = undefined;
        return fail(code, 'fake failure');
      }
      const account: AccountSummary = {
        id: Math.max(0, ...accounts.map((x) => x.id)) + 1,
        email: input.email,
        displayName: input.displayName ?? '',
        imap: input.imap,
        smtp: input.smtp,
        user: input.user,
      };
      accounts.push(account);
      folders.set(account.id, demoFolders(account.id, inboxSize));
      later('accounts.changed', {});
      return ok(account);
    },
    'accounts.discover': ({ email }) => {
      const domain = email.split('@')[1]?.toLowerCase() ?? '';
      if (domain === 'gmail.com')
        return fail('SERVER_NOT_ALLOWED', 'imap.gmail.com is not an allowed mail server (fake)');
      if (!domain.endsWith('.go.th')) return fail('NOT_FOUND', 'no settings found (fake)');
      return ok({
        source: 'autoconfig',
        imap: { host: `imap.${domain}`, port: 993, security: 'tls' },
        smtp: { host: `smtp.${domain}`, port: 465, security: 'tls' },
        user: email,
      });
    },
    'accounts.update': (patch) => {
      const i = accounts.findIndex((x) => x.id === patch.id);
      const current = accounts[i];
      if (!current) return fail('NOT_FOUND', 'no account');
      const next: AccountSummary = {
        ...current,
        email: patch.email ?? current.email,
        displayName: patch.displayName ?? current.displayName,
        user: patch.user ?? current.user,
        imap: { ...current.imap, ...patch.imap },
        smtp: { ...current.smtp, ...patch.smtp },
      };
      accounts[i] = next;
      later('accounts.changed', {});
      return ok(next);
    },
    'accounts.remove': ({ id }) => {
      const i = accounts.findIndex((x) => x.id === id);
      if (i === -1) return fail('NOT_FOUND', 'no account');
      accounts.splice(i, 1);
      folders.delete(id);
      later('accounts.changed', {});
      return ok(null);
    },
    'folders.list': ({ accountId }) => ok(folders.get(accountId) ?? []),
    'folders.create': ({ accountId, parentPath, name }) => {
      const list = folders.get(accountId);
      if (!list) return fail('NOT_FOUND', 'no account');
      const path = parentPath ? `${parentPath}/${name}` : name;
      const folder: Folder = {
        id: accountId * 10 + list.length + 1,
        accountId,
        path,
        name,
        delimiter: '/',
        specialUse: null,
        total: 0,
        unread: 0,
      };
      list.push(folder);
      later('mailbox.changed', { accountId, folderId: null });
      return ok(folder);
    },
    'folders.rename': ({ folderId, newName }) => {
      const folder = folderById(folderId);
      if (!folder) return fail('NOT_FOUND', 'no folder');
      folder.name = newName;
      later('mailbox.changed', { accountId: folder.accountId, folderId: null });
      return ok(folder);
    },
    'folders.delete': ({ folderId }) => {
      const folder = folderById(folderId);
      if (!folder) return fail('NOT_FOUND', 'no folder');
      const list = folders.get(folder.accountId) ?? [];
      list.splice(list.indexOf(folder), 1);
      later('mailbox.changed', { accountId: folder.accountId, folderId: null });
      return ok(null);
    },
    'messages.list': ({ folderId, offset = 0, limit = 100 }) => {
      const folder = folderById(folderId);
      if (!folder) return fail('NOT_FOUND', 'no folder');
      const items: MessageSummary[] = [];
      for (let i = offset; i < Math.min(folder.total, offset + limit); i++) items.push(summary(folder, i));
      return ok({ total: folder.total, offset, items });
    },
    'messages.get': ({ id }) => {
      const found = messageById(id);
      if (!found) return fail('NOT_FOUND', 'no message');
      read.add(id);
      return ok(demoView(summary(found.folder, found.i), found.i));
    },
    'messages.thread': ({ id }) => {
      const found = messageById(id);
      return found ? ok([summary(found.folder, found.i)]) : fail('NOT_FOUND', 'no message');
    },
    'messages.setFlags': ({ ids, seen }) => {
      for (const id of ids) {
        if (seen === true) read.add(id);
        if (seen === false) read.delete(id);
      }
      return acted(ids);
    },
    'messages.move': ({ ids }) => acted(ids),
    'messages.copy': ({ ids }) => acted(ids),
    'messages.delete': ({ ids }) => acted(ids),
    'messages.archive': ({ ids }) => acted(ids),
    'folders.emptyTrash': () => acted([]),
    'sync.now': ({ accountId }) => {
      let done = 0;
      const total = 1200;
      emit('status.changed', { ...status(), connection: 'syncing' });
      const step = (): void => {
        done = Math.min(total, done + 300);
        // Headers first, then the bodies for offline reading, as the real sync reports them.
        emit('sync.progress', {
          accountId,
          folderPath: 'INBOX',
          phase: done < total / 2 ? 'headers' : done < total ? 'bodies' : 'done',
          done,
          total,
        });
        if (done < total) setTimeout(step, 400);
        else {
          emit('status.changed', status());
          emit('mailbox.changed', { accountId, folderId: null });
        }
      };
      setTimeout(step, 200);
      return ok(null);
    },
    'policy.check': () => ok({ verdict: 'allow', recipients: [] }),
    'policy.effective': () => ok(policyView),
    'audit.export': () => ok({ entries: [], nextAfterSeq: null }),
    'audit.verify': () => ok({ ok: true, count: 0, head: '0'.repeat(64) }),
    'search.query': ({ query, offset = 0, limit = 100 }) => {
      const q = query.trim();
      if (/\bbefore:(?!\d)/u.test(q)) return fail('INVALID_ARGUMENT', `${q}: not a date (fake)`);
      const hits: SearchHit[] = [];
      for (const list of folders.values()) {
        const inbox = list.find((f) => f.specialUse === 'inbox');
        if (!inbox) continue;
        for (let i = 0; i < Math.min(inbox.total, SEARCH_WINDOW); i++) {
          const s = summary(inbox, i);
          const haystack = `${s.subject} ${s.from?.name ?? ''}`;
          if (q === '' || haystack.includes(q))
            hits.push({ ...s, folderPath: inbox.path, snippet: demoSnippet(s.subject, q) });
        }
      }
      return ok({ total: hits.length, items: hits.slice(offset, offset + limit) });
    },
    ...fakeComposeHandlers({ later, findMessage, defaultAccountId: ACCOUNT_1.id }),
    'profile.checkIntegrity': () => ok({ ok: true, problems: [] }),
    'profile.recover': () => fail('FORBIDDEN', 'not in the fake'),
    'profile.changePassphrase': () => ok(null),
    'messages.openAttachment': ({ id, index }) => {
      const found = messageById(id);
      const attachment = found
        ? demoView(summary(found.folder, found.i), found.i).attachments[index]
        : undefined;
      if (!attachment) return fail('NOT_FOUND', 'no attachment');
      return ok({
        path: `/tmp/raksa-fake/${attachment.filename}`,
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.size,
        risk: {
          dangerous: false,
          extension: attachment.filename.replace(/^.*(\.[^.]+)$/u, '$1'),
          reasons: [],
        },
      });
    },
    // The fake is the Electron bridge: it opens and saves through openAttachment, never downloads bytes.
    'messages.attachmentData': () => fail('FORBIDDEN', 'not in the fake'),
    'profile.info': () => ok({ keyProtection: 'passphrase' }),
  } satisfies FakeHandlers;

  const bridge = Object.freeze({
    call(method: string, args: unknown): Promise<unknown> {
      calls.push({ method, args });
      const handler = Object.prototype.hasOwnProperty.call(handlers, method)
        ? (handlers[method as MethodName] as (a: unknown) => Wire<unknown>)
        : undefined;
      const answer: Wire<unknown> = handler ? handler(args ?? {}) : fail('UNKNOWN_METHOD', method);
      // Through a JSON round trip, as over the real transports: no shared object references.
      const wire = JSON.parse(JSON.stringify(answer)) as unknown;
      return new Promise((resolve) => setTimeout(() => resolve(wire), options.latencyMs ?? 5));
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });
  Object.defineProperty(target, 'raksa', {
    value: bridge,
    enumerable: true,
    configurable: false,
    writable: false,
  });
  return { emit, calls };
}
