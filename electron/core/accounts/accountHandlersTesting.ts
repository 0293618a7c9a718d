// Test support for the account handler tests (*.test.ts beside it), not app code: nothing the build bundles
// imports it. The handlers over a real encrypted store and a real audit log on the same connection, the
// real policy gate, with only the login and discovery faked so each rule can be driven.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EventName } from '../../../shared/contract/api.js';
import type { EventSink } from '../../../shared/contract/client.js';
import { CodedError, type ErrorCode } from '../../../shared/contract/result.js';
import { AccountUpdate, type AccountDiscovery } from '../../../shared/domain/accounts.js';
import { AccountInput } from '../../../shared/domain/schemas.js';
import { DEFAULT_POLICY, type Policy } from '../../../shared/policy/index.js';
import { StatusTracker } from '../api/statusTracker.js';
import { AuditLog } from '../audit/auditLog.js';
import { builtInMachinePolicy, effectivePolicyView } from '../policy/effectivePolicy.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase } from '../store/openDatabase.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { createAccountHandlers } from './accountHandlers.js';
import { checkAccountServers } from './checkAccountServers.js';

export const GO_TH_ONLY: Policy = { ...DEFAULT_POLICY, allowedMailServers: ['*.go.th'] };

/** The stored account every harness starts with. */
export const SEEDED = {
  email: 'somchai@moph.go.th',
  imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
  smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
  user: 'somchai',
  password: 'old-pass',
} as const;

export interface HarnessOptions {
  readonly policy?: Policy;
  readonly discovery?: AccountDiscovery;
  readonly loginFails?: ErrorCode;
}

export function accountHandlersHarness(t: { after: (fn: () => void) => void }, opts: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-acc-h-'));
  const db = openDatabase(join(dir, 'mail.db'), randomBytes(32));
  t.after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  migrate(db);
  const store = new SqliteMailStore(db);
  const audit = new AuditLog(db);
  const policy = opts.policy ?? DEFAULT_POLICY;
  const effectivePolicy = effectivePolicyView(builtInMachinePolicy(policy));
  const events: EventName[] = [];
  const logins: AccountWithSecret[] = [];
  const released: number[] = [];
  const emit: EventSink = (event) => void events.push(event);
  const handlers = createAccountHandlers({
    store,
    status: new StatusTracker(
      () => store.listAccounts().length,
      () => undefined,
    ),
    emit,
    audit,
    effectivePolicy,
    verifyAccount: (account) => {
      logins.push(account);
      return opts.loginFails ? Promise.reject(new CodedError(opts.loginFails, 'no')) : Promise.resolve();
    },
    checkServersAllowed: (account) => checkAccountServers(policy, account),
    discoverAccount: () =>
      opts.discovery ? Promise.resolve(opts.discovery) : Promise.reject(new CodedError('NOT_FOUND', 'none')),
    releaseAccount: (id) => {
      released.push(id);
      return Promise.resolve();
    },
  });
  // Seeded straight into the store (not through accounts.add), so the log starts empty.
  const account = store.addAccount(AccountInput.parse(SEEDED));
  store.replaceFolders(account.id, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
  ]);
  const update = (patch: unknown) => handlers['accounts.update'](AccountUpdate.parse(patch));
  const add = (input: unknown) => handlers['accounts.add'](AccountInput.parse(input));
  /** Every entry, in chain order. */
  const entries = () => [...audit.export()];
  return {
    store,
    audit,
    policyHash: effectivePolicy.hash,
    handlers,
    update,
    add,
    entries,
    events,
    logins,
    released,
    account,
  };
}
