// MailStore over the encrypted SQLite database. Statements are prepared once in the constructor; every
// multi-row write is one transaction so a batch is all in or all out (a crash mid-sync leaves no half batch).
import type Database from 'better-sqlite3-multiple-ciphers';
import { CodedError } from '../../../shared/contract/result.js';
import type {
  AccountInputParsed,
  AccountSummary,
  Folder,
  MessagePage,
  MessageSummary,
} from '../../../shared/domain/schemas.js';
import type {
  AccountWithSecret,
  FolderSyncState,
  FolderUpsert,
  HeaderUpsert,
  MailStore,
} from './mailStore.js';
import { migrate } from './migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from './openDatabase.js';
import {
  toAccountSummary,
  toFolder,
  toMessageSummary,
  toPlainFolder,
  type AccountRow,
  type FolderRow,
  type MessageRow,
} from './rows.js';

const UINT32_MAX = 4294967295n;
const INT63_MAX = 9223372036854775807n;

const FOLDER_COLUMNS = `f.id, f.account_id, f.path, f.name, f.delimiter, f.special_use, f.uid_validity, f.uid_next,
  f.highest_modseq,
  (SELECT count(*) FROM messages m WHERE m.folder_id = f.id) AS total,
  (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND m.seen = 0) AS unread`;

const MESSAGE_COLUMNS = `m.id, f.account_id, m.folder_id, m.uid, m.message_id, m.date, m.from_name, m.from_addr,
  m.subject, m.seen, m.flagged, m.size, m.has_attachments, m.cached`;

const hasFlag = (flags: readonly string[], flag: string): boolean =>
  flags.some((f) => f.toLowerCase() === flag.toLowerCase());

const checkRange = (what: string, v: bigint, min: bigint, max: bigint): bigint => {
  if (v < min || v > max) throw new CodedError('INVALID_ARGUMENT', `${what} out of range`);
  return v;
};

// An unparsable Date header arrives as NaN; it sorts as the epoch rather than breaking the insert.
const toMillis = (d: number): number => (Number.isFinite(d) ? Math.trunc(d) : 0);

export class SqliteMailStore implements MailStore {
  /** Opens the database, applies pending migrations, and returns the store (closing the file on failure). */
  static open(path: string, key: Uint8Array): SqliteMailStore {
    const db = openDatabase(path, key);
    try {
      migrate(db);
      return new SqliteMailStore(db);
    } catch (e) {
      closeDatabase(db);
      throw e;
    }
  }

  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: SqliteDatabase) {
    this.s = prepare(db);
  }

  // accounts

  addAccount(input: AccountInputParsed): AccountSummary {
    try {
      const id = this.s.insertAccount.run({
        email: input.email,
        display_name: input.displayName,
        imap_host: input.imap.host,
        imap_port: input.imap.port,
        imap_security: input.imap.security,
        smtp_host: input.smtp.host,
        smtp_port: input.smtp.port,
        smtp_security: input.smtp.security,
        user: input.user,
        password: input.password,
        created_at: Date.now(),
      }).lastInsertRowid;
      const row = this.s.getAccount.get(id);
      if (!row) throw new CodedError('INTERNAL', 'account vanished after insert');
      return toAccountSummary(row);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new CodedError('ALREADY_EXISTS', 'an account with this address already exists', { cause: e });
      }
      throw e;
    }
  }

  listAccounts(): AccountSummary[] {
    return this.s.listAccounts.all().map(toAccountSummary);
  }

  getAccountWithSecret(accountId: number): AccountWithSecret | null {
    const row = this.s.getAccount.get(accountId);
    return row ? { ...toAccountSummary(row), password: row.password } : null;
  }

  updateAccount(accountId: number, input: AccountInputParsed, opts: { dropCachedMail?: boolean } = {}): AccountSummary {
    try {
      return this.db
        .transaction(() => {
          const changed = this.s.updateAccount.run({
            id: accountId,
            email: input.email,
            display_name: input.displayName,
            imap_host: input.imap.host,
            imap_port: input.imap.port,
            imap_security: input.imap.security,
            smtp_host: input.smtp.host,
            smtp_port: input.smtp.port,
            smtp_security: input.smtp.security,
            user: input.user,
            password: input.password,
          }).changes;
          if (changed === 0) throw new CodedError('NOT_FOUND', 'no such account');
          if (opts.dropCachedMail) this.s.deleteAccountFolders.run(accountId);
          const row = this.s.getAccount.get(accountId);
          if (!row) throw new CodedError('INTERNAL', 'account vanished after update');
          return toAccountSummary(row);
        })
        .immediate();
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new CodedError('ALREADY_EXISTS', 'another account already uses this address', { cause: e });
      }
      throw e;
    }
  }

  removeAccount(accountId: number): boolean {
    // folders → messages → message_sources follow through ON DELETE CASCADE (0001_initial).
    return this.s.deleteAccount.run(accountId).changes > 0;
  }

  // folders

  replaceFolders(accountId: number, folders: readonly FolderUpsert[]): void {
    this.db
      .transaction(() => {
        const keep = new Set<string>();
        for (const f of folders) {
          keep.add(f.path);
          this.s.upsertFolder.run({
            account_id: accountId,
            path: f.path,
            name: f.name,
            delimiter: f.delimiter,
            special_use: f.specialUse,
            subscribed: f.subscribed ? 1 : 0,
          });
        }
        for (const row of this.s.listFolderPaths.all(accountId)) {
          if (!keep.has(row.path)) this.s.deleteFolder.run(row.id);
        }
      })
      .immediate();
  }

  listFolders(accountId: number): Folder[] {
    return this.s.listFolders.all(accountId).map(toPlainFolder);
  }

  getFolder(folderId: number): (Folder & { state: FolderSyncState }) | null {
    const row = this.s.getFolder.get(folderId);
    return row ? toFolder(row) : null;
  }

  findFolderByPath(accountId: number, path: string): (Folder & { state: FolderSyncState }) | null {
    const row = this.s.findFolderByPath.get(accountId, path);
    return row ? toFolder(row) : null;
  }

  setUidValidity(folderId: number, uidValidity: bigint): void {
    checkRange('UIDVALIDITY', uidValidity, 1n, UINT32_MAX);
    this.db
      .transaction(() => {
        const row = this.s.getFolder.get(folderId);
        if (!row) throw new CodedError('NOT_FOUND', 'no such folder');
        if (row.uid_validity === null) {
          // First SELECT of this folder: there is no old UID space to invalidate.
          this.s.setUidValidityOnly.run(uidValidity, folderId);
          return;
        }
        if (row.uid_validity === uidValidity) return;
        // The sync state (UIDNEXT, HIGHESTMODSEQ) belongs to the old UID space and goes with its messages.
        this.s.deleteFolderMessages.run(folderId);
        this.s.resetFolderState.run(uidValidity, folderId);
      })
      .immediate();
  }

  setFolderSyncState(folderId: number, state: Partial<FolderSyncState>): void {
    this.db
      .transaction(() => {
        if (!this.s.getFolder.get(folderId)) throw new CodedError('NOT_FOUND', 'no such folder');
        if (state.uidValidity !== undefined) {
          if (state.uidValidity !== null) checkRange('UIDVALIDITY', state.uidValidity, 1n, UINT32_MAX);
          this.s.setUidValidityOnly.run(state.uidValidity, folderId);
        }
        if (state.uidNext !== undefined) this.s.setUidNext.run(state.uidNext, folderId);
        if (state.highestModseq !== undefined) {
          if (state.highestModseq !== null) checkRange('HIGHESTMODSEQ', state.highestModseq, 0n, INT63_MAX);
          this.s.setHighestModseq.run(state.highestModseq, folderId);
        }
      })
      .immediate();
  }

  // messages

  upsertHeaders(folderId: number, headers: readonly HeaderUpsert[]): void {
    this.db
      .transaction(() => {
        for (const h of headers) {
          this.s.upsertHeader.run({
            folder_id: folderId,
            uid: h.uid,
            message_id: h.messageId,
            in_reply_to: h.inReplyTo,
            date: toMillis(h.date),
            from_name: h.from?.name ?? null,
            from_addr: h.from?.address ?? null,
            to_json: JSON.stringify(h.to),
            cc_json: JSON.stringify(h.cc),
            subject: h.subject,
            seen: hasFlag(h.flags, '\\Seen') ? 1 : 0,
            flagged: hasFlag(h.flags, '\\Flagged') ? 1 : 0,
            flags_json: JSON.stringify(h.flags),
            size: h.size,
            has_attachments: h.hasAttachments ? 1 : 0,
          });
        }
      })
      .immediate();
  }

  listUids(folderId: number): number[] {
    return this.s.listUids.all(folderId);
  }

  removeUids(folderId: number, uids: readonly number[]): void {
    this.db
      .transaction(() => {
        for (const uid of uids) this.s.deleteUid.run(folderId, uid);
      })
      .immediate();
  }

  listMessages(folderId: number, offset: number, limit: number): MessagePage {
    const off = Math.max(0, Math.trunc(offset));
    const lim = Math.max(0, Math.trunc(limit));
    return this.db.transaction(() => ({
      total: this.s.countMessages.get(folderId) ?? 0,
      offset: off,
      items: this.s.listMessages.all(folderId, lim, off).map(toMessageSummary),
    }))();
  }

  getMessage(messageId: number): (MessageSummary & { messageIdHeader: string | null }) | null {
    const row = this.s.getMessage.get(messageId);
    return row ? { ...toMessageSummary(row), messageIdHeader: row.message_id } : null;
  }

  getRawSource(messageId: number): Uint8Array | null {
    return this.s.getSource.get(messageId) ?? null;
  }

  putRawSource(messageId: number, source: Uint8Array): void {
    const put = (): void => {
      if (this.s.markCached.run(messageId).changes === 0) throw new CodedError('NOT_FOUND', 'no such message');
      // Buffer view over the same memory: the driver binds Buffers as BLOBs.
      this.s.putSource.run(messageId, Buffer.from(source.buffer, source.byteOffset, source.byteLength));
    };
    // Inside the caller's transaction (the body cache writes a whole batch in one), no savepoint of its own:
    // opening one makes FTS5 flush its pending terms into a new segment for every message (xSavepoint), which
    // made indexing several times slower. The NOT_FOUND throw then rolls back the caller's whole transaction.
    if (this.db.inTransaction) put();
    else this.db.transaction(put).immediate();
  }

  // settings

  getSetting(key: string): string | null {
    return this.s.getSetting.get(key) ?? null;
  }

  setSetting(key: string, value: string): void {
    this.s.setSetting.run(key, value);
  }

  close(): void {
    closeDatabase(this.db);
  }
}

type Named = Record<string, string | number | bigint | null>;

// Typed statement helpers: better-sqlite3's Statement<Bind, Result> carries the row shape to the call sites.
const stmt = <B extends unknown[], R = unknown>(db: SqliteDatabase, sql: string): Database.Statement<B, R> =>
  db.prepare<B, R>(sql);

const prepare = (db: SqliteDatabase) => ({
  insertAccount: stmt<[Named]>(
    db,
    `INSERT INTO accounts (email, display_name, imap_host, imap_port, imap_security, smtp_host, smtp_port,
       smtp_security, user, password, created_at)
     VALUES (@email, @display_name, @imap_host, @imap_port, @imap_security, @smtp_host, @smtp_port,
       @smtp_security, @user, @password, @created_at)`,
  ),
  getAccount: stmt<[number | bigint], AccountRow>(db, 'SELECT * FROM accounts WHERE id = ?'),
  listAccounts: stmt<[], AccountRow>(db, 'SELECT * FROM accounts ORDER BY id'),
  updateAccount: stmt<[Named]>(
    db,
    `UPDATE accounts SET email = @email, display_name = @display_name, imap_host = @imap_host,
       imap_port = @imap_port, imap_security = @imap_security, smtp_host = @smtp_host, smtp_port = @smtp_port,
       smtp_security = @smtp_security, user = @user, password = @password
     WHERE id = @id`,
  ),
  deleteAccount: stmt<[number]>(db, 'DELETE FROM accounts WHERE id = ?'),
  deleteAccountFolders: stmt<[number]>(db, 'DELETE FROM folders WHERE account_id = ?'),

  upsertFolder: stmt<[Named]>(
    db,
    `INSERT INTO folders (account_id, path, name, delimiter, special_use, subscribed)
     VALUES (@account_id, @path, @name, @delimiter, @special_use, @subscribed)
     ON CONFLICT (account_id, path) DO UPDATE SET
       name = excluded.name, delimiter = excluded.delimiter, special_use = excluded.special_use,
       subscribed = excluded.subscribed`,
  ),
  listFolderPaths: stmt<[number], { id: number; path: string }>(
    db,
    'SELECT id, path FROM folders WHERE account_id = ?',
  ),
  deleteFolder: stmt<[number]>(db, 'DELETE FROM folders WHERE id = ?'),
  listFolders: stmt<[number], FolderRow>(
    db,
    `SELECT ${FOLDER_COLUMNS} FROM folders f WHERE f.account_id = ?
     ORDER BY f.special_use IS NOT 'inbox', f.path`,
  ).safeIntegers(true),
  getFolder: stmt<[number], FolderRow>(
    db,
    `SELECT ${FOLDER_COLUMNS} FROM folders f WHERE f.id = ?`,
  ).safeIntegers(true),
  findFolderByPath: stmt<[number, string], FolderRow>(
    db,
    `SELECT ${FOLDER_COLUMNS} FROM folders f WHERE f.account_id = ? AND f.path = ?`,
  ).safeIntegers(true),
  resetFolderState: stmt<[bigint, number]>(
    db,
    'UPDATE folders SET uid_validity = ?, uid_next = NULL, highest_modseq = NULL WHERE id = ?',
  ),
  setUidValidityOnly: stmt<[bigint | null, number]>(db, 'UPDATE folders SET uid_validity = ? WHERE id = ?'),
  setUidNext: stmt<[number | null, number]>(db, 'UPDATE folders SET uid_next = ? WHERE id = ?'),
  setHighestModseq: stmt<[bigint | null, number]>(db, 'UPDATE folders SET highest_modseq = ? WHERE id = ?'),
  deleteFolderMessages: stmt<[number]>(db, 'DELETE FROM messages WHERE folder_id = ?'),

  // Re-delivering a header updates it in place: the row id (and with it the cached source) survives.
  upsertHeader: stmt<[Named]>(
    db,
    `INSERT INTO messages (folder_id, uid, message_id, in_reply_to, date, from_name, from_addr, to_json, cc_json,
       subject, seen, flagged, flags_json, size, has_attachments)
     VALUES (@folder_id, @uid, @message_id, @in_reply_to, @date, @from_name, @from_addr, @to_json, @cc_json,
       @subject, @seen, @flagged, @flags_json, @size, @has_attachments)
     ON CONFLICT (folder_id, uid) DO UPDATE SET
       message_id = excluded.message_id, in_reply_to = excluded.in_reply_to, date = excluded.date,
       from_name = excluded.from_name, from_addr = excluded.from_addr, to_json = excluded.to_json,
       cc_json = excluded.cc_json, subject = excluded.subject, seen = excluded.seen, flagged = excluded.flagged,
       flags_json = excluded.flags_json, size = excluded.size, has_attachments = excluded.has_attachments`,
  ),
  listUids: stmt<[number], number>(db, 'SELECT uid FROM messages WHERE folder_id = ? ORDER BY uid').pluck(),
  deleteUid: stmt<[number, number]>(db, 'DELETE FROM messages WHERE folder_id = ? AND uid = ?'),
  countMessages: stmt<[number], number>(db, 'SELECT count(*) FROM messages WHERE folder_id = ?').pluck(),
  listMessages: stmt<[number, number, number], MessageRow>(
    db,
    `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id
     WHERE m.folder_id = ? ORDER BY m.date DESC, m.uid DESC LIMIT ? OFFSET ?`,
  ),
  getMessage: stmt<[number], MessageRow>(
    db,
    `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?`,
  ),
  markCached: stmt<[number]>(db, 'UPDATE messages SET cached = 1 WHERE id = ?'),
  putSource: stmt<[number, Buffer]>(
    db,
    'INSERT INTO message_sources (message_id, source) VALUES (?, ?) ON CONFLICT (message_id) DO UPDATE SET source = excluded.source',
  ),
  getSource: stmt<[number], Buffer>(db, 'SELECT source FROM message_sources WHERE message_id = ?').pluck(),

  getSetting: stmt<[string], string>(db, 'SELECT value FROM settings WHERE key = ?').pluck(),
  setSetting: stmt<[string, string]>(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ),
});
