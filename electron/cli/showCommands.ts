// `raksa list` and `raksa show`: read the local (encrypted) cache through the core, as the UI does.
import type { CliCommand } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

const positiveInt = (value: string | undefined, what: string): number => {
  const n = Number(value);
  if (!value || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${what} must be a positive whole number`);
  return n;
};

export const listCommand: CliCommand = {
  summary: 'List the messages of a folder, newest first',
  usage: 'raksa list --profile DIR [--account ID] [--folder PATH] [--limit N] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...PROFILE_FLAGS,
    {
      name: 'account',
      kind: 'string',
      valueName: 'ID',
      description: 'account id (default: the first account)',
    },
    { name: 'folder', kind: 'string', valueName: 'PATH', description: 'folder path (default INBOX)' },
    {
      name: 'limit',
      kind: 'string',
      valueName: 'N',
      description: 'at most N messages (default 100, max 500)',
    },
  ],
  async run(args, io) {
    const limit = args.value('limit') === undefined ? 100 : positiveInt(args.value('limit'), '--limit');
    if (limit > 500) throw new UsageError('--limit must be at most 500');
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const accounts = unwrap(await core.call('accounts.list', {}), io, json);
      if (!accounts) return EXIT_FAILURE;
      const wanted = args.value('account');
      const account = wanted === undefined ? accounts[0] : accounts.find((a) => a.id === Number(wanted));
      if (!account) {
        io.stderr('raksa: no such account in this profile\n');
        return EXIT_FAILURE;
      }
      const folders = unwrap(await core.call('folders.list', { accountId: account.id }), io, json);
      if (!folders) return EXIT_FAILURE;
      const path = args.value('folder') ?? 'INBOX';
      const folder = folders.find((f) => f.path === path);
      if (!folder) {
        io.stderr(`raksa: no folder ${path} (run raksa sync first)\n`);
        return EXIT_FAILURE;
      }
      const page = unwrap(
        await core.call('messages.list', { folderId: folder.id, offset: 0, limit }),
        io,
        json,
      );
      if (!page) return EXIT_FAILURE;
      if (json) io.stdout(`${JSON.stringify(page)}\n`);
      else
        for (const m of page.items)
          io.stdout(
            `${m.id}\t${new Date(m.date).toISOString()}\t${m.unread ? '*' : ' '}\t${m.from?.address ?? ''}\t${m.subject}\n`,
          );
      return EXIT_OK;
    });
  },
};

export const showCommand: CliCommand = {
  summary: 'Show one message (downloads and caches it if needed)',
  usage: 'raksa show --profile DIR ID [--json]',
  positionals: { min: 1, max: 1, names: 'ID' },
  flags: PROFILE_FLAGS,
  async run(args, io) {
    const id = positiveInt(args.positionals[0], 'ID');
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const view = unwrap(await core.call('messages.get', { id }), io, json);
      if (!view) return EXIT_FAILURE;
      if (json) {
        io.stdout(`${JSON.stringify(view)}\n`);
        return EXIT_OK;
      }
      const who = (m: { name: string; address: string } | null) =>
        m ? (m.name ? `${m.name} <${m.address}>` : m.address) : '';
      io.stdout(`From: ${who(view.summary.from)}\n`);
      io.stdout(`To: ${view.to.map(who).join(', ')}\n`);
      if (view.cc.length) io.stdout(`Cc: ${view.cc.map(who).join(', ')}\n`);
      io.stdout(`Date: ${new Date(view.summary.date).toISOString()}\nSubject: ${view.summary.subject}\n`);
      for (const a of view.attachments)
        io.stdout(`Attachment: ${a.filename} (${a.contentType}, ${a.size} bytes)\n`);
      io.stdout(`\n${view.text ?? '(HTML only: use --json to get the HTML)'}\n`);
      return EXIT_OK;
    });
  },
};
