// `raksa folder list|create|rename|delete`: folder management through the core, as the UI does it. Folders are
// named by path (as `raksa list --folder` takes them); the account is the first one unless --account is given.
import type { Folder } from '../../shared/domain/schemas.js';
import type { CoreClient } from '../core/host/coreClient.js';
import type { CliCommand, CliIo, FlagSpec } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

const ACCOUNT_FLAG: FlagSpec = { name: 'account', kind: 'string', valueName: 'ID', description: 'account id (default: the first account)' };

async function accountId(core: CoreClient, io: CliIo, wanted: string | undefined, json: boolean): Promise<number | null> {
  if (wanted !== undefined && !/^\d+$/u.test(wanted)) throw new UsageError('--account must be an account id');
  const accounts = unwrap(await core.call('accounts.list', {}), io, json);
  if (!accounts) return null;
  const account = wanted === undefined ? accounts[0] : accounts.find((a) => a.id === Number(wanted));
  if (!account) {
    io.stderr('raksa: no such account in this profile\n');
    return null;
  }
  return account.id;
}

async function folderByPath(core: CoreClient, io: CliIo, account: number, path: string, json: boolean): Promise<Folder | null> {
  const folders = unwrap(await core.call('folders.list', { accountId: account }), io, json);
  if (!folders) return null;
  const folder = folders.find((f) => f.path === path);
  if (!folder) io.stderr(`raksa: no folder ${path} (run raksa sync first)\n`);
  return folder ?? null;
}

const printFolder = (io: CliIo, json: boolean, f: Folder): void =>
  io.stdout(json ? `${JSON.stringify(f)}\n` : `${f.path}\t${f.specialUse ?? ''}\t${f.total} messages, ${f.unread} unread\n`);

export const folderList: CliCommand = {
  summary: 'List the folders of an account',
  usage: 'raksa folder list --profile DIR [--account ID] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [...PROFILE_FLAGS, ACCOUNT_FLAG],
  async run(args, io) {
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const id = await accountId(core, io, args.value('account'), json);
      if (id === null) return EXIT_FAILURE;
      const folders = unwrap(await core.call('folders.list', { accountId: id }), io, json);
      if (!folders) return EXIT_FAILURE;
      if (json) io.stdout(`${JSON.stringify(folders)}\n`);
      else for (const f of folders) printFolder(io, false, f);
      return EXIT_OK;
    });
  },
};

export const folderCreate: CliCommand = {
  summary: 'Create a folder on the server (subscribed)',
  usage: 'raksa folder create --profile DIR NAME [--parent PATH] [--account ID] [--json]',
  positionals: { min: 1, max: 1, names: 'NAME' },
  flags: [...PROFILE_FLAGS, ACCOUNT_FLAG, { name: 'parent', kind: 'string', valueName: 'PATH', description: 'create it inside this folder' }],
  async run(args, io) {
    const json = args.has('json');
    const name = args.positionals[0] ?? '';
    return withProfile(args, io, async (core) => {
      const id = await accountId(core, io, args.value('account'), json);
      if (id === null) return EXIT_FAILURE;
      const parent = args.value('parent');
      const created = unwrap(await core.call('folders.create', { accountId: id, name, ...(parent ? { parentPath: parent } : {}) }), io, json);
      if (!created) return EXIT_FAILURE;
      printFolder(io, json, created);
      return EXIT_OK;
    });
  },
};

export const folderRename: CliCommand = {
  summary: 'Rename a folder (its messages stay cached)',
  usage: 'raksa folder rename --profile DIR PATH NEWNAME [--account ID] [--json]',
  positionals: { min: 2, max: 2, names: 'PATH NEWNAME' },
  flags: [...PROFILE_FLAGS, ACCOUNT_FLAG],
  async run(args, io) {
    const json = args.has('json');
    const [path = '', newName = ''] = args.positionals;
    return withProfile(args, io, async (core) => {
      const id = await accountId(core, io, args.value('account'), json);
      if (id === null) return EXIT_FAILURE;
      const folder = await folderByPath(core, io, id, path, json);
      if (!folder) return EXIT_FAILURE;
      const renamed = unwrap(await core.call('folders.rename', { folderId: folder.id, newName }), io, json);
      if (!renamed) return EXIT_FAILURE;
      printFolder(io, json, renamed);
      return EXIT_OK;
    });
  },
};

export const folderDelete: CliCommand = {
  summary: 'Delete a folder and its messages on the server',
  usage: 'raksa folder delete --profile DIR PATH [--account ID] [--json]',
  positionals: { min: 1, max: 1, names: 'PATH' },
  flags: [...PROFILE_FLAGS, ACCOUNT_FLAG],
  async run(args, io) {
    const json = args.has('json');
    const path = args.positionals[0] ?? '';
    return withProfile(args, io, async (core) => {
      const id = await accountId(core, io, args.value('account'), json);
      if (id === null) return EXIT_FAILURE;
      const folder = await folderByPath(core, io, id, path, json);
      if (!folder) return EXIT_FAILURE;
      const result = await core.call('folders.delete', { folderId: folder.id });
      // The value is null on success too, so the Result itself is checked.
      if (!result.ok) {
        unwrap(result, io, json);
        return EXIT_FAILURE;
      }
      io.stdout(json ? `${JSON.stringify({ deleted: path })}\n` : `deleted ${path}\n`);
      return EXIT_OK;
    });
  },
};
