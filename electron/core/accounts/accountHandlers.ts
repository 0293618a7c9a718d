// The account-management methods of the contract: add, discovery, edit and removal. An edit goes through
// the same gates as an add (policy allowlist, plaintext only to loopback, then a real login) before anything
// is saved, so a changed account can never be stored in a state that was not allowed or does not work.
// Every add, edit and removal, and every refusal by those rules, is audited here (accountAudit.ts): the UI
// and the CLI both reach accounts only through these handlers, so neither can skip the record.
import type { ApiHandlers, EventSink } from '../../../shared/contract/client.js';
import { CodedError } from '../../../shared/contract/result.js';
import type { AccountDiscovery, AccountUpdateParsed } from '../../../shared/domain/accounts.js';
import {
  AccountInput,
  type AccountInputParsed,
  type ServerSettings,
} from '../../../shared/domain/schemas.js';
import type { EffectivePolicyView } from '../../../shared/domain/machinePolicy.js';
import type { StatusTracker } from '../api/statusTracker.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import {
  accountAddEntry,
  accountEditEntry,
  accountRefusedEntry,
  accountRemoveEntry,
  checkPlaintextAllowed,
  refusalOf,
  type AccountOperation,
} from './accountAudit.js';

export interface AccountHandlerDeps {
  readonly store: MailStore;
  readonly status: StatusTracker;
  readonly emit: EventSink;
  readonly audit: AuditLog;
  /** The machine policy in force; its hash is recorded with each entry. */
  readonly effectivePolicy: EffectivePolicyView;
  verifyAccount(account: AccountWithSecret): Promise<void>;
  checkServersAllowed(account: Pick<AccountInputParsed, 'imap' | 'smtp'>): void;
  discoverAccount(email: string): Promise<AccountDiscovery>;
  /** Resolves once nothing (a running sync) still uses the account, before its data is replaced or removed. */
  releaseAccount?(accountId: number): Promise<void>;
}

type AccountMethods = 'accounts.add' | 'accounts.discover' | 'accounts.update' | 'accounts.remove';

const withoutUndefined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

const sameHost = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
const sameMailbox = (a: ServerSettings, b: ServerSettings): boolean =>
  sameHost(a.host, b.host) && a.port === b.port;

function merge(current: AccountWithSecret, patch: AccountUpdateParsed): AccountInputParsed {
  const parsed = AccountInput.safeParse({
    email: patch.email ?? current.email,
    displayName: patch.displayName ?? current.displayName,
    imap: { ...current.imap, ...withoutUndefined(patch.imap) },
    smtp: { ...current.smtp, ...withoutUndefined(patch.smtp) },
    user: patch.user ?? current.user,
    password: patch.password ?? current.password,
  });
  if (!parsed.success) {
    throw new CodedError(
      'INVALID_ARGUMENT',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

export function createAccountHandlers(deps: AccountHandlerDeps): Pick<ApiHandlers, AccountMethods> {
  const { store, audit } = deps;
  const policyHash = (): string => deps.effectivePolicy.hash;
  const changed = (): void => {
    deps.emit('accounts.changed', {});
    deps.status.accountsChanged();
  };
  /** Runs the rule checks; a refusal is recorded (account-refused) before it reaches the caller. */
  const gate = (
    operation: AccountOperation,
    email: string,
    attempted: Pick<AccountInputParsed, 'imap' | 'smtp'>,
    withPlaintext: boolean,
  ): void => {
    try {
      deps.checkServersAllowed(attempted);
      if (withPlaintext) checkPlaintextAllowed(attempted);
    } catch (e) {
      const refusal = refusalOf(e, attempted);
      if (refusal) audit.append(accountRefusedEntry(operation, email, attempted, refusal, policyHash()));
      throw e;
    }
  };

  return {
    'accounts.add': async (input) => {
      const email = input.email.toLowerCase();
      if (store.listAccounts().some((a) => a.email.toLowerCase() === email)) {
        throw new CodedError('ALREADY_EXISTS', 'This account has already been added.');
      }
      gate('add', input.email, input, true);
      // Log in before storing anything: an account that cannot connect is never saved half-made.
      await deps.verifyAccount({ ...input, id: 0 });
      const account = audit.recordChange(
        () => store.addAccount(input),
        (added) => accountAddEntry(added, policyHash()),
      );
      changed();
      return account;
    },

    'accounts.discover': async ({ email }) => {
      const found = await deps.discoverAccount(email);
      // Discovery already skips hosts outside the allowlist; this is the gate that cannot be forgotten.
      // Plaintext is not judged here: what was found is only a proposal, checked again by add.
      gate('discover', email, found, false);
      return found;
    },

    'accounts.update': async (patch) => {
      const current = store.getAccountWithSecret(patch.id);
      if (!current) throw new CodedError('NOT_FOUND', `No account ${patch.id}.`);
      const next = merge(current, patch);
      const email = next.email.toLowerCase();
      if (store.listAccounts().some((a) => a.id !== current.id && a.email.toLowerCase() === email)) {
        throw new CodedError('ALREADY_EXISTS', 'Another account already uses this address.');
      }
      gate('edit', current.email, next, true);
      const mailboxChanged = !sameMailbox(current.imap, next.imap) || current.user !== next.user;
      const loginChanged =
        mailboxChanged || current.imap.security !== next.imap.security || current.password !== next.password;
      // Log in with the new settings before saving them, exactly as accounts.add does.
      if (loginChanged) await deps.verifyAccount({ ...next, id: current.id });
      if (mailboxChanged) await deps.releaseAccount?.(current.id);
      const account = audit.recordChange(
        () => store.updateAccount(current.id, next, { dropCachedMail: mailboxChanged }),
        () => accountEditEntry(current.id, current, next, mailboxChanged, policyHash()),
      );
      changed();
      if (mailboxChanged) deps.emit('mailbox.changed', { accountId: current.id, folderId: null });
      return account;
    },

    'accounts.remove': async ({ id }) => {
      const current = store.getAccountWithSecret(id);
      if (!current) throw new CodedError('NOT_FOUND', `No account ${id}.`);
      await deps.releaseAccount?.(id);
      audit.recordChange(
        () => store.removeAccount(id),
        (removed) => (removed ? accountRemoveEntry(id, current, policyHash()) : null),
      );
      changed();
      return null;
    },
  };
}
