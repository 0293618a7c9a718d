// Opens a profile for one CLI verb and always closes it: the core worker owns the database, and a verb
// that forgot to close it would leave the WAL un-checkpointed.
import { isCodedError } from '../../shared/contract/result.js';
import type { Result } from '../../shared/contract/result.js';
import type { CoreClient } from '../core/host/coreClient.js';
import { openProfile } from '../core/profile/openProfile.js';
import type { ParsedArgs } from './args.js';
import { EXIT_FAILURE, UsageError, type CliIo, type FlagSpec } from './command.js';

export const PROFILE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'profile',
    kind: 'string',
    valueName: 'DIR',
    description: 'the profile directory (created if new)',
  },
  {
    name: 'passphrase-env',
    kind: 'string',
    valueName: 'VAR',
    description: 'environment variable holding the profile passphrase (default RAKSA_PASSPHRASE)',
  },
  {
    name: 'ca-file',
    kind: 'string',
    repeatable: true,
    valueName: 'PEM',
    description: "an extra CA certificate to trust for the mail servers (e.g. the agency's own CA)",
  },
  { name: 'json', kind: 'boolean', description: 'machine-readable output' },
];

export async function withProfile(
  args: ParsedArgs,
  io: CliIo,
  fn: (core: CoreClient) => Promise<number>,
): Promise<number> {
  const profileDir = args.value('profile');
  if (!profileDir) throw new UsageError('--profile DIR is required');
  const envVar = args.value('passphrase-env') ?? 'RAKSA_PASSPHRASE';
  const passphrase = io.env[envVar];
  if (passphrase === undefined || passphrase === '') {
    throw new UsageError(`the passphrase variable ${envVar} is not set (use --passphrase-env VAR)`);
  }
  const trustedCaPem = await Promise.all(args.values('ca-file').map((f) => io.readFile(f)));
  let core: CoreClient;
  try {
    core = await openProfile({ profileDir, passphrase, trustedCaPem });
  } catch (e) {
    io.stderr(`raksa: cannot open the profile: ${isCodedError(e) ? `${e.code}: ${e.message}` : String(e)}\n`);
    return EXIT_FAILURE;
  }
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

/** Unwraps a Result or prints its error (code and message) and returns null. */
export function unwrap<T>(result: Result<T>, io: CliIo, json: boolean): T | null {
  if (result.ok) return result.value;
  if (json) io.stdout(`${JSON.stringify({ error: result.error })}\n`);
  io.stderr(`raksa: ${result.error.code}: ${result.error.message}\n`);
  return null;
}
