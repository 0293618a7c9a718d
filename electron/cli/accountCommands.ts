// `raksa account add`: the same path as the UI's setup form (accounts.add through the core), so an
// account is stored only after it logged in, and the password is read from the environment, never argv.
import { Security } from '../../shared/domain/schemas.js';
import type { CliCommand } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

const portOf = (value: string | undefined, flag: string): number => {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`--${flag} must be a port (1-65535)`);
  return n;
};

const securityOf = (value: string | undefined, fallback: string | undefined, flag: string) => {
  const parsed = Security.safeParse(value ?? fallback ?? 'tls');
  if (!parsed.success) throw new UsageError(`--${flag} must be tls, starttls or plain`);
  return parsed.data;
};

export const accountAdd: CliCommand = {
  summary: 'Add a mail account to a profile (logs in first; stores nothing if that fails)',
  usage:
    'raksa account add --profile DIR --email A --imap-host H --imap-port P --smtp-host H --smtp-port P --security tls|starttls|plain --user U --password-env VAR [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...PROFILE_FLAGS,
    { name: 'email', kind: 'string', valueName: 'ADDRESS', description: 'the account address' },
    {
      name: 'display-name',
      kind: 'string',
      valueName: 'NAME',
      description: 'your name as recipients see it',
    },
    { name: 'imap-host', kind: 'string', valueName: 'HOST', description: 'IMAP server' },
    {
      name: 'imap-port',
      kind: 'string',
      valueName: 'PORT',
      description: 'IMAP port (993 for tls, 143 for starttls)',
    },
    { name: 'smtp-host', kind: 'string', valueName: 'HOST', description: 'SMTP server' },
    {
      name: 'smtp-port',
      kind: 'string',
      valueName: 'PORT',
      description: 'SMTP port (465 for tls, 587 for starttls)',
    },
    {
      name: 'security',
      kind: 'string',
      valueName: 'MODE',
      description: 'tls (default), starttls, or plain (only for a server on this computer)',
    },
    {
      name: 'imap-security',
      kind: 'string',
      valueName: 'MODE',
      description: 'IMAP only; overrides --security',
    },
    {
      name: 'smtp-security',
      kind: 'string',
      valueName: 'MODE',
      description: 'SMTP only; overrides --security',
    },
    { name: 'user', kind: 'string', valueName: 'USER', description: 'login name (default: the address)' },
    {
      name: 'password-env',
      kind: 'string',
      valueName: 'VAR',
      description: 'environment variable holding the password',
    },
  ],
  async run(args, io) {
    const email = args.value('email');
    const imapHost = args.value('imap-host');
    const smtpHost = args.value('smtp-host');
    if (!email || !imapHost || !smtpHost)
      throw new UsageError('--email, --imap-host and --smtp-host are required');
    const passwordVar = args.value('password-env');
    if (!passwordVar)
      throw new UsageError(
        '--password-env VAR is required (the password is never taken on the command line)',
      );
    const password = io.env[passwordVar];
    if (!password) throw new UsageError(`the password variable ${passwordVar} is not set`);
    const input = {
      email,
      displayName: args.value('display-name') ?? '',
      imap: {
        host: imapHost,
        port: portOf(args.value('imap-port'), 'imap-port'),
        security: securityOf(args.value('imap-security'), args.value('security'), 'imap-security'),
      },
      smtp: {
        host: smtpHost,
        port: portOf(args.value('smtp-port'), 'smtp-port'),
        security: securityOf(args.value('smtp-security'), args.value('security'), 'smtp-security'),
      },
      user: args.value('user') ?? email,
      password,
    };
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const account = unwrap(await core.call('accounts.add', input), io, json);
      if (!account) return EXIT_FAILURE;
      io.stdout(json ? `${JSON.stringify(account)}\n` : `Added account ${account.id}: ${account.email}\n`);
      return EXIT_OK;
    });
  },
};
