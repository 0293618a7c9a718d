// `raksa account list|edit|remove`: the same core methods the UI's account settings use, so an edit is
// checked against the policy and logs in before it is saved, and a removal deletes the cached mail.
import type { AccountSummary } from '../../shared/domain/schemas.js';
import type { CoreClient } from '../core/host/coreClient.js';
import type { CliCommand, CliIo } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { ACCOUNT_SETTING_FLAGS, describeServer, passwordFrom, serverFlags } from './accountCommands.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

const ACCOUNT_ARG = { min: 1, max: 1, names: 'ACCOUNT' } as const;

/** ACCOUNT is the numeric id or the address (case-insensitive). */
async function findAccount(core: CoreClient, ref: string, io: CliIo, json: boolean): Promise<AccountSummary | null> {
  const accounts = unwrap(await core.call('accounts.list', {}), io, json);
  if (!accounts) return null;
  const byId = /^\d+$/.test(ref) ? accounts.find((a) => a.id === Number(ref)) : undefined;
  const found = byId ?? accounts.find((a) => a.email.toLowerCase() === ref.toLowerCase());
  if (!found) {
    if (json) io.stdout(`${JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such account' } })}\n`);
    io.stderr(`raksa: NOT_FOUND: no account ${ref} in this profile\n`);
  }
  return found ?? null;
}

const line = (a: AccountSummary): string =>
  `${a.id}\t${a.email}\tIMAP ${describeServer(a.imap)}\tSMTP ${describeServer(a.smtp)}\tuser ${a.user}\n`;

export const accountList: CliCommand = {
  summary: 'List the accounts of a profile (never their passwords)',
  usage: 'raksa account list --profile DIR [--json]',
  positionals: { min: 0, max: 0 },
  flags: PROFILE_FLAGS,
  async run(args, io) {
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const accounts = unwrap(await core.call('accounts.list', {}), io, json);
      if (!accounts) return EXIT_FAILURE;
      if (json) io.stdout(`${JSON.stringify(accounts)}\n`);
      else if (accounts.length === 0) io.stdout('No accounts.\n');
      else for (const a of accounts) io.stdout(line(a));
      return EXIT_OK;
    });
  },
};

export const accountEdit: CliCommand = {
  summary: 'Change an account (checked against the policy and logged in before it is saved)',
  usage:
    'raksa account edit --profile DIR ACCOUNT [--email A] [--display-name N] [--imap-host H] [--imap-port P] [--smtp-host H] [--smtp-port P] [--security MODE] [--user U] [--password-env VAR] [--json]',
  positionals: ACCOUNT_ARG,
  flags: [...PROFILE_FLAGS, ...ACCOUNT_SETTING_FLAGS],
  async run(args, io) {
    const ref = args.positionals[0] ?? '';
    const imap = serverFlags(args, 'imap');
    const smtp = serverFlags(args, 'smtp');
    const password = passwordFrom(args, io);
    const email = args.value('email');
    const displayName = args.value('display-name');
    const user = args.value('user');
    const patch = {
      ...(email !== undefined ? { email } : {}),
      ...(displayName !== undefined ? { displayName } : {}),
      ...(Object.keys(imap).length > 0 ? { imap } : {}),
      ...(Object.keys(smtp).length > 0 ? { smtp } : {}),
      ...(user !== undefined ? { user } : {}),
      ...(password !== undefined ? { password } : {}),
    };
    if (Object.keys(patch).length === 0) throw new UsageError('nothing to change: give at least one option');
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const account = await findAccount(core, ref, io, json);
      if (!account) return EXIT_FAILURE;
      const saved = unwrap(await core.call('accounts.update', { id: account.id, ...patch }), io, json);
      if (!saved) return EXIT_FAILURE;
      io.stdout(json ? `${JSON.stringify(saved)}\n` : `Changed account ${saved.id}: ${line(saved)}`);
      return EXIT_OK;
    });
  },
};

export const accountRemove: CliCommand = {
  summary: 'Remove an account and delete its cached mail from the profile',
  usage: 'raksa account remove --profile DIR ACCOUNT [--json]',
  positionals: ACCOUNT_ARG,
  flags: PROFILE_FLAGS,
  async run(args, io) {
    const ref = args.positionals[0] ?? '';
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const account = await findAccount(core, ref, io, json);
      if (!account) return EXIT_FAILURE;
      // The method answers null on success, so the Result is checked itself rather than unwrapped.
      const removed = await core.call('accounts.remove', { id: account.id });
      if (!removed.ok) {
        unwrap(removed, io, json);
        return EXIT_FAILURE;
      }
      io.stdout(json ? `${JSON.stringify({ removed: account.id })}\n` : `Removed account ${account.id}: ${account.email}\n`);
      return EXIT_OK;
    });
  },
};
