// The store's interface as the rest of the core sees it. The SQLite implementation lives beside it;
// sync and the API handlers depend only on this, so they can be tested against the real store in a
// temp profile without knowing its tables.
import type {
  AccountInputParsed,
  AccountSummary,
  Folder,
  Mailbox,
  MessagePage,
  MessageSummary,
  SpecialUse,
} from '../../../shared/domain/schemas.js';

/** An account with its secret, for the code that logs in. Never leaves the core. */
export interface AccountWithSecret extends AccountSummary {
  readonly password: string;
}

export interface FolderUpsert {
  readonly path: string;
  readonly name: string;
  readonly delimiter: string;
  readonly specialUse: SpecialUse | null;
  readonly subscribed: boolean;
}

export interface FolderSyncState {
  readonly uidValidity: bigint | null;
  readonly uidNext: number | null;
  readonly highestModseq: bigint | null;
}

/** One message header as sync writes it; keyed on (folder, uid) under the folder's UIDVALIDITY. */
export interface HeaderUpsert {
  readonly uid: number;
  readonly messageId: string | null;
  readonly date: number;
  readonly from: Mailbox | null;
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
  readonly subject: string;
  readonly flags: readonly string[];
  readonly size: number;
  readonly hasAttachments: boolean;
  readonly inReplyTo: string | null;
}

export interface MailStore {
  // accounts
  addAccount(input: AccountInputParsed): AccountSummary;
  listAccounts(): AccountSummary[];
  getAccountWithSecret(accountId: number): AccountWithSecret | null;
  /**
   * Replaces an account's settings (throws NOT_FOUND, or ALREADY_EXISTS for another account's address).
   * `dropCachedMail`: the mailbox behind it changed (server or login), so its cached folders and
   * messages go too; UIDs from one mailbox mean nothing in another.
   */
  updateAccount(accountId: number, input: AccountInputParsed, opts?: { dropCachedMail?: boolean }): AccountSummary;
  /** Deletes the account and, by cascade, its folders, messages and cached sources; false if absent. */
  removeAccount(accountId: number): boolean;

  // folders
  /** Inserts or updates folders by path; folders no longer on the server are removed with their messages. */
  replaceFolders(accountId: number, folders: readonly FolderUpsert[]): void;
  listFolders(accountId: number): Folder[];
  getFolder(folderId: number): (Folder & { state: FolderSyncState }) | null;
  findFolderByPath(accountId: number, path: string): (Folder & { state: FolderSyncState }) | null;
  /**
   * Records a new UIDVALIDITY. When it differs from the stored one, every cached message of the folder is
   * dropped first (RFC 3501 §2.3.1.1: old UIDs mean nothing under a new UIDVALIDITY).
   */
  setUidValidity(folderId: number, uidValidity: bigint): void;
  setFolderSyncState(folderId: number, state: Partial<FolderSyncState>): void;

  // messages
  /** One transaction per call: a batch is all in or all out. Idempotent on (folder, uid). */
  upsertHeaders(folderId: number, headers: readonly HeaderUpsert[]): void;
  /** UIDs already stored for the folder, ascending. */
  listUids(folderId: number): number[];
  removeUids(folderId: number, uids: readonly number[]): void;
  listMessages(folderId: number, offset: number, limit: number): MessagePage;
  getMessage(messageId: number): (MessageSummary & { messageIdHeader: string | null }) | null;
  /** The raw RFC 5322 source, cached encrypted in the database, or null if not downloaded yet. */
  getRawSource(messageId: number): Uint8Array | null;
  putRawSource(messageId: number, source: Uint8Array): void;

  // settings
  getSetting(key: string): string | null;
  setSetting(key: string, value: string): void;

  close(): void;
}
