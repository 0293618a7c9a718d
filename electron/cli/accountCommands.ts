// `raksa account add`: the same path as the UI's setup form (accounts.add through the core), so an
// account is stored only after it logged in, and the password is read from the environment, never argv.
// With --autoconfig the servers come from accounts.discover; any host/port/security flag still wins.
import type { AccountDiscovery } from '../../shared/domain/accounts.js';
import { Security, type ServerSettings } from '../../shared/domain/schemas.js';
import type { ParsedArgs } from './args.js';
import type { CliCommand, CliIo, FlagSpec } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

const portOf = (value: string | undefined, flag: string): number => {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`--${flag} must be a port (1-65535)`);
  return n;
};

const securityOf = (value: string, flag: string): Security => {
  const parsed = Security.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag} must be tls, starttls or plain`);
  return parsed.data;
};

/** The server, login and password options shared by `account add` and `account edit`. */
export const ACCOUNT_SETTING_FLAGS: readonly FlagSpec[] = [
  { name: 'email', kind: 'string', valueName: 'ADDRESS', description: 'the account address' },
  { name: 'display-name', kind: 'string', valueName: 'NAME', description: 'your name as recipients see it' },
  { name: 'imap-host', kind: 'string', valueName: 'HOST', description: 'IMAP server' },
  { name: 'imap-port', kind: 'string', valueName: 'PORT', description: 'IMAP port (993 for tls, 143 for starttls)' },
  { name: 'smtp-host', kind: 'string', valueName: 'HOST', description: 'SMTP server' },
  { name: 'smtp-port', kind: 'string', valueName: 'PORT', description: 'SMTP port (465 for tls, 587 for starttls)' },
  {
    name: 'security',
    kind: 'string',
    valueName: 'MODE',
    description: 'tls (default), starttls, or plain (only for a server on this computer)',
  },
  { name: 'imap-security', kind: 'string', valueName: 'MODE', description: 'IMAP only; overrides --security' },
  { name: 'smtp-security', kind: 'string', valueName: 'MODE', description: 'SMTP only; overrides --security' },
  { name: 'user', kind: 'string', valueName: 'USER', description: 'login name (default: the address)' },
  { name: 'password-env', kind: 'string', valueName: 'VAR', description: 'environment variable holding the password' },
];

/** Only the server fields given on the command line (for merging over discovered or stored settings). */
export function serverFlags(args: ParsedArgs, side: 'imap' | 'smtp'): Partial<ServerSettings> {
  const host = args.value(`${side}-host`);
  const port = args.value(`${side}-port`);
  const security = args.value(`${side}-security`) ?? args.value('security');
  return {
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined ? { port: portOf(port, `${side}-port`) } : {}),
    ...(security !== undefined ? { security: securityOf(security, `${side}-security`) } : {}),
  };
}

/** The password from --password-env, or undefined when the flag is absent. */
export function passwordFrom(args: ParsedArgs, io: CliIo): string | undefined {
  const passwordVar = args.value('password-env');
  if (!passwordVar) return undefined;
  const password = io.env[passwordVar];
  if (!password) throw new UsageError(`the password variable ${passwordVar} is not set`);
  return password;
}

const complete = (side: 'imap' | 'smtp', s: Partial<ServerSettings>): ServerSettings => {
  if (!s.host) throw new UsageError(`--${side}-host is required (or use --autoconfig)`);
  if (!s.port) throw new UsageError(`--${side}-port is required (or use --autoconfig)`);
  return { host: s.host, port: s.port, security: s.security ?? 'tls' };
};

export const describeServer = (s: ServerSettings): string => `${s.host}:${s.port} (${s.security})`;

export const accountAdd: CliCommand = {
  summary: 'Add a mail account to a profile (logs in first; stores nothing if that fails)',
  usage:
    'raksa account add --profile DIR --email A (--autoconfig | --imap-host H --imap-port P --smtp-host H --smtp-port P --security tls|starttls|plain) [--user U] --password-env VAR [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...PROFILE_FLAGS,
    ...ACCOUNT_SETTING_FLAGS,
    {
      name: 'autoconfig',
      kind: 'boolean',
      description: "find the servers from the address (the domain's autoconfig, SRV records, then guesses)",
    },
  ],
  async run(args, io) {
    const email = args.value('email');
    if (!email) throw new UsageError('--email is required');
    const autoconfig = args.has('autoconfig');
    const imapFlags = serverFlags(args, 'imap');
    const smtpFlags = serverFlags(args, 'smtp');
    if (!autoconfig) {
      complete('imap', imapFlags);
      complete('smtp', smtpFlags);
    }
    if (!args.value('password-env'))
      throw new UsageError('--password-env VAR is required (the password is never taken on the command line)');
    const password = passwordFrom(args, io) ?? '';
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      let found: AccountDiscovery | undefined;
      if (autoconfig) {
        found = unwrap(await core.call('accounts.discover', { email }), io, json) ?? undefined;
        if (!found) return EXIT_FAILURE;
        if (!json) {
          io.stderr(
            `Found (${found.source}): IMAP ${describeServer(found.imap)}, SMTP ${describeServer(found.smtp)}\n`,
          );
        }
      }
      const input = {
        email,
        displayName: args.value('display-name') ?? '',
        imap: complete('imap', { ...found?.imap, ...imapFlags }),
        smtp: complete('smtp', { ...found?.smtp, ...smtpFlags }),
        user: args.value('user') ?? found?.user ?? email,
        password,
      };
      const account = unwrap(await core.call('accounts.add', input), io, json);
      if (!account) return EXIT_FAILURE;
      io.stdout(json ? `${JSON.stringify(account)}\n` : `Added account ${account.id}: ${account.email}\n`);
      return EXIT_OK;
    });
  },
};
