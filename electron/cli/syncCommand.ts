// `raksa sync`: the same sync the app runs. With --once it returns when every account has synced, so a
// script knows the mail is there; without it, it keeps syncing on an interval until interrupted.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreClient } from '../core/host/coreClient.js';
import type { CliCommand, CliIo } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

interface SyncSummary {
  accountId: number;
  email: string;
  ok: boolean;
  error?: { code: string; message: string };
  folders: { path: string; total: number; unread: number }[];
}

async function syncAll(
  core: CoreClient,
  io: CliIo,
  only: number | undefined,
  json: boolean,
): Promise<SyncSummary[] | null> {
  const accounts = unwrap(await core.call('accounts.list', {}), io, json);
  if (!accounts) return null;
  const chosen = accounts.filter((a) => only === undefined || a.id === only);
  if (only !== undefined && chosen.length === 0) throw new UsageError(`no account ${only} in this profile`);
  const summaries: SyncSummary[] = [];
  for (const account of chosen) {
    const result = await core.call('sync.now', { accountId: account.id });
    const folders = await core.call('folders.list', { accountId: account.id });
    summaries.push({
      accountId: account.id,
      email: account.email,
      ok: result.ok,
      ...(result.ok ? {} : { error: result.error }),
      folders: folders.ok
        ? folders.value.map((f) => ({ path: f.path, total: f.total, unread: f.unread }))
        : [],
    });
  }
  return summaries;
}

export const syncCommand: CliCommand = {
  summary: 'Synchronize the accounts of a profile with their servers',
  usage:
    'raksa sync --profile DIR [--passphrase-env VAR] [--once] [--account ID] [--interval SECONDS] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...PROFILE_FLAGS,
    { name: 'once', kind: 'boolean', description: 'sync once and exit (exit 1 if any account failed)' },
    { name: 'account', kind: 'string', valueName: 'ID', description: 'only this account' },
    {
      name: 'interval',
      kind: 'string',
      valueName: 'SECONDS',
      description: 'time between syncs without --once (default 300)',
    },
  ],
  async run(args, io) {
    const only = args.value('account') === undefined ? undefined : Number(args.value('account'));
    if (only !== undefined && !Number.isSafeInteger(only))
      throw new UsageError('--account must be an account id');
    const interval = Number(args.value('interval') ?? 300);
    if (!Number.isFinite(interval) || interval < 10)
      throw new UsageError('--interval must be at least 10 seconds');
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      core.on('sync.progress', (p) => {
        if (!json && p.phase === 'headers') io.stderr(`  ${p.folderPath}: ${p.done}/${p.total}\n`);
        // --once returns only after this phase: every body inside the offline window is cached and indexed.
        if (!json && p.phase === 'bodies') io.stderr(`  ${p.folderPath}: offline copy ${p.done}/${p.total}\n`);
      });
      const report = (summaries: SyncSummary[]) => {
        if (json) io.stdout(`${JSON.stringify(summaries)}\n`);
        else
          for (const s of summaries) {
            io.stdout(
              `${s.email}: ${s.ok ? 'synchronized' : `failed (${s.error?.code}: ${s.error?.message})`}\n`,
            );
            for (const f of s.folders) io.stdout(`  ${f.path}  ${f.total} messages, ${f.unread} unread\n`);
          }
      };
      if (args.has('once')) {
        const summaries = await syncAll(core, io, only, json);
        if (!summaries) return EXIT_FAILURE;
        report(summaries);
        return summaries.every((s) => s.ok) ? EXIT_OK : EXIT_FAILURE;
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        while (!stop.signal.aborted) {
          const summaries = await syncAll(core, io, only, json);
          if (summaries) report(summaries);
          await sleep(interval * 1000, undefined, { signal: stop.signal }).catch(() => undefined);
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      return EXIT_OK;
    });
  },
};
