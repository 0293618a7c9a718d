// Row shapes as SQLite returns them and their mapping to domain objects. Folder rows are read with safe
// integers (every INTEGER arrives as a BigInt) so UIDVALIDITY and HIGHESTMODSEQ never pass through a double.
import type {
  AccountSummary,
  Folder,
  Mailbox,
  MessageSummary,
  Security,
  SpecialUse,
} from '../../../shared/domain/schemas.js';
import type { FolderSyncState } from './mailStore.js';

export interface AccountRow {
  id: number;
  email: string;
  display_name: string;
  imap_host: string;
  imap_port: number;
  imap_security: string;
  smtp_host: string;
  smtp_port: number;
  smtp_security: string;
  user: string;
  password: string;
}

export interface FolderRow {
  id: bigint;
  account_id: bigint;
  path: string;
  name: string;
  delimiter: string;
  special_use: string | null;
  uid_validity: bigint | null;
  uid_next: bigint | null;
  highest_modseq: bigint | null;
  total: bigint;
  unread: bigint;
}

export interface MessageRow {
  id: number;
  account_id: number;
  folder_id: number;
  uid: number;
  message_id: string | null;
  date: number;
  from_name: string | null;
  from_addr: string | null;
  subject: string;
  seen: number;
  flagged: number;
  size: number;
  has_attachments: number;
  cached: number;
}

// The CHECK constraints of 0001_initial only admit these values, so the casts below cannot widen a type.
const security = (s: string): Security => s as Security;

export const toAccountSummary = (r: AccountRow): AccountSummary => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  imap: { host: r.imap_host, port: r.imap_port, security: security(r.imap_security) },
  smtp: { host: r.smtp_host, port: r.smtp_port, security: security(r.smtp_security) },
  user: r.user,
});

export const toFolder = (r: FolderRow): Folder & { state: FolderSyncState } => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  path: r.path,
  name: r.name,
  delimiter: r.delimiter,
  specialUse: r.special_use as SpecialUse | null,
  total: Number(r.total),
  unread: Number(r.unread),
  state: {
    uidValidity: r.uid_validity,
    uidNext: r.uid_next === null ? null : Number(r.uid_next),
    highestModseq: r.highest_modseq,
  },
});

/** listFolders answers the Folder shape exactly (a strict zod object on the API), without the sync state. */
export const toPlainFolder = (r: FolderRow): Folder => {
  const { state: _state, ...folder } = toFolder(r);
  return folder;
};

const toMailbox = (name: string | null, address: string | null): Mailbox | null =>
  address === null ? null : { name: name ?? '', address };

export const toMessageSummary = (r: MessageRow): MessageSummary => ({
  id: r.id,
  accountId: r.account_id,
  folderId: r.folder_id,
  uid: r.uid,
  date: r.date,
  from: toMailbox(r.from_name, r.from_addr),
  subject: r.subject,
  unread: r.seen === 0,
  flagged: r.flagged === 1,
  hasAttachments: r.has_attachments === 1,
  size: r.size,
  cached: r.cached === 1,
});
