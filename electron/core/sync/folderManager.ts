// Create, rename and delete folders (issue 4 §2): on the server first, then the local folder list is re-read
// from LIST so the store mirrors exactly what the server now has. A renamed folder keeps its cached messages
// (RFC 3501 §6.3.5: RENAME keeps the UIDs, and Dovecot keeps UIDVALIDITY), so its rows are re-pathed rather
// than dropped and downloaded again. INBOX and the role folders (Sent, Drafts, Trash, Junk, Archive) cannot be
// renamed or deleted here: the client files mail into them and other clients expect them.
import type { ImapFlow } from 'imapflow';
import { CodedError } from '../../../shared/contract/result.js';
import type { Folder } from '../../../shared/domain/schemas.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import { closeImap } from '../imap/connectImap.js';
import { mapImapError } from '../imap/mapImapError.js';
import { toFolderUpserts } from './folderUpserts.js';

export interface FolderManagerDeps {
  readonly store: MailStore;
  connect(account: AccountWithSecret): Promise<ImapFlow>;
  /** Re-paths a folder and its subfolders in the store, keeping their messages. */
  renameLocal(accountId: number, oldPath: string, newPath: string, delimiter: string): void;
  /** Called after the folder list changed (the UI refetches). */
  changed(accountId: number): void;
}

export class FolderManager {
  constructor(private readonly deps: FolderManagerDeps) {}

  async create(accountId: number, name: string, parentPath?: string): Promise<Folder> {
    const { store } = this.deps;
    const parent = parentPath === undefined ? null : store.findFolderByPath(accountId, parentPath);
    if (parentPath !== undefined && !parent) throw new CodedError('NOT_FOUND', 'The parent folder does not exist.');
    const delimiter = parent?.delimiter ?? store.listFolders(accountId)[0]?.delimiter ?? '/';
    checkName(name, delimiter);
    const path = parent ? `${parent.path}${delimiter}${name}` : name;
    if (store.findFolderByPath(accountId, path)) throw new CodedError('ALREADY_EXISTS', 'A folder with this name already exists.');
    const created = await this.withServer(accountId, async (client) => {
      await client.mailboxCreate(path);
      // A folder the user creates is one they want to see: subscribed, so sync follows it (RFC 3501 §6.3.6).
      await client.mailboxSubscribe(path);
      return path;
    });
    return this.folderAt(accountId, created);
  }

  async rename(folderId: number, newName: string): Promise<Folder> {
    const folder = this.editable(folderId);
    checkName(newName, folder.delimiter);
    const cut = folder.path.lastIndexOf(folder.delimiter);
    const newPath = cut >= 0 ? `${folder.path.slice(0, cut + 1)}${newName}` : newName;
    if (newPath === folder.path) return this.folderAt(folder.accountId, folder.path);
    if (this.deps.store.findFolderByPath(folder.accountId, newPath)) {
      throw new CodedError('ALREADY_EXISTS', 'A folder with this name already exists.');
    }
    const renamed = await this.withServer(folder.accountId, async (client) => {
      await client.mailboxRename(folder.path, newPath);
      // Servers differ on whether RENAME carries the subscription; make it explicit either way.
      await client.mailboxUnsubscribe(folder.path).catch(() => undefined);
      await client.mailboxSubscribe(newPath);
      this.deps.renameLocal(folder.accountId, folder.path, newPath, folder.delimiter);
      return newPath;
    });
    return this.folderAt(folder.accountId, renamed);
  }

  async delete(folderId: number): Promise<void> {
    const folder = this.editable(folderId);
    await this.withServer(folder.accountId, async (client) => {
      await client.mailboxDelete(folder.path);
      await client.mailboxUnsubscribe(folder.path).catch(() => undefined);
      return null;
    });
  }

  private editable(folderId: number): Folder {
    const folder = this.deps.store.getFolder(folderId);
    if (!folder) throw new CodedError('NOT_FOUND', `No folder ${folderId}.`);
    if (folder.specialUse !== null && folder.specialUse !== 'flagged' && folder.specialUse !== 'all') {
      throw new CodedError('FORBIDDEN', 'INBOX and the Sent, Drafts, Trash, Junk and Archive folders cannot be renamed or deleted.');
    }
    if (folder.path.toUpperCase() === 'INBOX') throw new CodedError('FORBIDDEN', 'INBOX cannot be renamed or deleted.');
    return folder;
  }

  /** Runs the server change, then mirrors the server's folder list; answers the path `fn` returned. */
  private async withServer(accountId: number, fn: (client: ImapFlow) => Promise<string | null>): Promise<string | null> {
    const account = this.deps.store.getAccountWithSecret(accountId);
    if (!account) throw new CodedError('NOT_FOUND', `No account ${accountId}.`);
    const client = await this.deps.connect(account);
    try {
      let path: string | null;
      try {
        path = await fn(client);
      } catch (e) {
        throw mapFolderError(e);
      }
      this.deps.store.replaceFolders(accountId, toFolderUpserts(await client.list()));
      this.deps.changed(accountId);
      return path;
    } finally {
      await closeImap(client);
    }
  }

  private folderAt(accountId: number, path: string | null): Folder {
    const folder = path === null ? null : this.deps.store.findFolderByPath(accountId, path);
    if (!folder) throw new CodedError('PROTOCOL', 'The server did not list the folder after the change.');
    const { state: _state, ...plain } = folder;
    return plain;
  }
}

function checkName(name: string, delimiter: string): void {
  if (delimiter && name.includes(delimiter)) {
    throw new CodedError('INVALID_ARGUMENT', `A folder name cannot contain "${delimiter}".`);
  }
  if (name.toUpperCase() === 'INBOX') throw new CodedError('INVALID_ARGUMENT', 'INBOX is reserved.');
}

/** A NO to CREATE/RENAME/DELETE (exists already, not permitted) is the user's to read, not a protocol failure. */
function mapFolderError(e: unknown): CodedError {
  const text = (e as { responseText?: unknown }).responseText;
  const code = (e as { serverResponseCode?: unknown }).serverResponseCode;
  if (code === 'ALREADYEXISTS') return new CodedError('ALREADY_EXISTS', 'A folder with this name already exists on the server.');
  if (code === 'NONEXISTENT') return new CodedError('NOT_FOUND', 'The folder no longer exists on the server.');
  if (typeof text === 'string' && text !== '') return new CodedError('PROTOCOL', `The server refused: ${text.slice(0, 200)}`);
  return mapImapError(e);
}
