// `raksa profile passphrase|recover|check` and `raksa attachment save`: the key and database lifecycle of
// docs/storage.md, for IT and support. Passphrases come from environment variables (never the command line,
// which other users can read in the process list).
import { copyFile, constants as fsConstants } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, isCodedError } from '../../shared/contract/result.js';
import { DEFAULT_DATABASE_FILE as DATABASE_FILE, recoverProfile, type RecoveryReport } from '../core/recovery/recoverProfile.js';
import { keyFileExists } from '../core/secrets/keyFile.js';
import { PassphraseSecretStorage } from '../core/secrets/passphraseSecretStorage.js';
import { profileInUseBy } from '../core/recovery/profileInUse.js';
import type { CliCommand, CliIo } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';
import type { ParsedArgs } from './args.js';

const profileDirOf = (args: ParsedArgs): string => {
  const dir = args.value('profile');
  if (!dir) throw new UsageError('--profile DIR is required');
  return dir;
};

const envValue = (io: CliIo, variable: string, what: string): string => {
  const value = io.env[variable];
  if (value === undefined || value === '') throw new UsageError(`${what}: the variable ${variable} is not set`);
  return value;
};

const fail = (io: CliIo, e: unknown, json: boolean): number => {
  const error = isCodedError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String(e) };
  if (json) io.stdout(`${JSON.stringify({ error })}\n`);
  io.stderr(`raksa: ${error.code}: ${error.message}\n`);
  return EXIT_FAILURE;
};

const LOCAL_FLAGS = PROFILE_FLAGS.filter((f) => f.name !== 'ca-file');

export const profilePassphraseCommand: CliCommand = {
  summary: "Change a profile's passphrase (the database is not re-encrypted: its key is rewrapped)",
  usage: 'raksa profile passphrase --profile DIR [--passphrase-env VAR] [--new-passphrase-env VAR] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...LOCAL_FLAGS,
    {
      name: 'new-passphrase-env',
      kind: 'string',
      valueName: 'VAR',
      description: 'environment variable holding the new passphrase (default RAKSA_NEW_PASSPHRASE)',
    },
  ],
  async run(args, io) {
    const profileDir = profileDirOf(args);
    const json = args.has('json');
    const oldVar = args.value('passphrase-env') ?? 'RAKSA_PASSPHRASE';
    const newVar = args.value('new-passphrase-env') ?? 'RAKSA_NEW_PASSPHRASE';
    const oldPassphrase = envValue(io, oldVar, 'the current passphrase');
    const newPassphrase = envValue(io, newVar, 'the new passphrase');
    if (oldPassphrase === newPassphrase) throw new UsageError('the new passphrase is the same as the current one');
    try {
      await new PassphraseSecretStorage({ profileDir, passphrase: oldPassphrase }).changePassphrase(
        oldPassphrase,
        newPassphrase,
      );
    } catch (e) {
      return fail(io, e, json);
    }
    io.stdout(json ? `${JSON.stringify({ changed: true })}\n` : 'The passphrase was changed.\n');
    return EXIT_OK;
  },
};

const printReport = (io: CliIo, report: RecoveryReport, json: boolean): void => {
  if (json) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return;
  }
  io.stdout(
    report.keyLost
      ? 'A new key and an empty database were created. Add the accounts again; mail downloads at the next sync.\n'
      : `The database was rebuilt. ${report.accounts} account(s) kept; mail downloads again at the next sync.\n`,
  );
  for (const t of report.tables) {
    io.stdout(`  ${t.table}: ${t.copied} kept${t.unreadable + t.rejected > 0 ? `, ${t.unreadable + t.rejected} lost` : ''}\n`);
  }
  io.stdout(`The old files are kept in ${report.movedTo}\n`);
};

export const profileRecoverCommand: CliCommand = {
  summary: 'Rebuild a damaged profile database from the server, keeping the local-only data that can be read',
  usage: 'raksa profile recover --profile DIR [--passphrase-env VAR] [--key-lost] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...LOCAL_FLAGS,
    {
      name: 'key-lost',
      kind: 'boolean',
      description:
        'the passphrase is lost: keep the old files aside, start with a new key and an empty database (accounts must be added again)',
    },
  ],
  async run(args, io) {
    const profileDir = profileDirOf(args);
    const json = args.has('json');
    const passphraseVar = args.value('passphrase-env') ?? 'RAKSA_PASSPHRASE';
    const passphrase = envValue(io, passphraseVar, 'the passphrase');
    try {
      const running = profileInUseBy(path.join(profileDir, DATABASE_FILE));
      if (running !== null) {
        throw new CodedError('STORE_UNAVAILABLE', `the profile is open in another process (pid ${running}); close it first`);
      }
      const secrets = new PassphraseSecretStorage({ profileDir, passphrase });
      if (args.has('key-lost')) {
        const report = recoverProfile(profileDir, null, { databaseFile: DATABASE_FILE });
        // The new key, under the passphrase given now; the core creates the empty database at first open.
        (await secrets.loadOrCreateDatabaseKey()).fill(0);
        printReport(io, report, json);
        return EXIT_OK;
      }
      if (!(await keyFileExists(profileDir))) throw new CodedError('NOT_FOUND', 'this profile has no key file');
      let key: Uint8Array;
      try {
        key = await secrets.loadOrCreateDatabaseKey();
      } catch (e) {
        if (isCodedError(e) && e.code === 'WRONG_PASSPHRASE') {
          throw new CodedError(
            'WRONG_PASSPHRASE',
            'the passphrase does not unlock this profile. If it is lost, run again with --key-lost ' +
              '(the old files are kept aside; accounts must be added again).',
          );
        }
        throw e;
      }
      try {
        printReport(io, recoverProfile(profileDir, key, { databaseFile: DATABASE_FILE }), json);
      } finally {
        key.fill(0);
      }
      return EXIT_OK;
    } catch (e) {
      return fail(io, e, json);
    }
  },
};

export const profileCheckCommand: CliCommand = {
  summary: "Check the profile database's integrity (every page is read and authenticated)",
  usage: 'raksa profile check --profile DIR [--passphrase-env VAR] [--full] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [...PROFILE_FLAGS, { name: 'full', kind: 'boolean', description: 'also cross-check every index (slower)' }],
  async run(args, io) {
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const r = unwrap(await core.call('profile.checkIntegrity', { kind: args.has('full') ? 'full' : 'quick' }), io, json);
      if (!r) return EXIT_FAILURE;
      if (json) io.stdout(`${JSON.stringify(r)}\n`);
      else io.stdout(r.ok ? 'ok\n' : `damaged:\n${r.problems.map((p) => `  ${p}\n`).join('')}`);
      return r.ok ? EXIT_OK : EXIT_FAILURE;
    });
  },
};

const index = (value: string | undefined, what: string, min: number): number => {
  const n = Number(value);
  if (value === undefined || !/^\d+$/u.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${what} must be a whole number ≥ ${min}`);
  return n;
};

export const attachmentSaveCommand: CliCommand = {
  summary: 'Save a decrypted copy of an attachment to a file',
  usage: 'raksa attachment save --profile DIR ID INDEX --out FILE [--force] [--json]',
  positionals: { min: 2, max: 2, names: 'ID INDEX' },
  flags: [
    ...PROFILE_FLAGS,
    { name: 'out', kind: 'string', valueName: 'FILE', description: 'where to write the attachment' },
    { name: 'force', kind: 'boolean', description: 'overwrite FILE if it exists' },
  ],
  async run(args, io) {
    const id = index(args.positionals[0], 'ID', 1);
    const n = index(args.positionals[1], 'INDEX', 0);
    const out = args.value('out');
    if (!out) throw new UsageError('--out FILE is required');
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const opened = unwrap(await core.call('messages.openAttachment', { id, index: n, purpose: 'save' }), io, json);
      if (!opened) return EXIT_FAILURE;
      try {
        await copyFile(opened.path, out, args.has('force') ? 0 : fsConstants.COPYFILE_EXCL);
      } catch (e) {
        return fail(io, new CodedError('INVALID_ARGUMENT', `cannot write ${out}: ${(e as { code?: string }).code ?? String(e)}`), json);
      }
      const result = { out, filename: opened.filename, contentType: opened.contentType, size: opened.size, risk: opened.risk };
      if (json) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        io.stdout(`Saved ${opened.filename} (${opened.size} bytes) to ${out}\n`);
        if (opened.risk.dangerous) io.stderr(`raksa: warning: ${opened.filename} is a risky type (${opened.risk.reasons.join(', ')}); do not open it unless you trust it\n`);
      }
      return EXIT_OK;
    });
  },
};
