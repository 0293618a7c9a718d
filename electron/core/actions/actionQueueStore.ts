// SQL over the action tables of migration 0006, on the store's own connection (the core is the single writer).
// How a pending action looks locally, so the UI shows its result at once and nothing doubles or vanishes when
// sync runs before the server has confirmed:
// - flags: the row's seen/flagged change in place; after a sync (which mirrors the server) they are applied
//   again while the action still waits (reapplyPendingFlags).
// - move: the row itself (its id, cached source and search entry) moves to the target folder under a
//   placeholder UID, and the source UID is recorded as hidden. Sync counts hidden UIDs as known and skips
//   placeholder UIDs (pendingAwareStore.ts), so it neither shows the message twice nor drops the placeholder.
// - copy: a new row (with the source and search entry) under a placeholder UID in the target.
// - expunge: the rows go; their UIDs are hidden until the server has expunged them.
// When the server answers, the placeholder takes the real UID (UIDPLUS COPYUID) and the hidden UIDs go.
import type { SqliteDatabase } from '../store/openDatabase.js';
import {
  actionFromRow,
  PLACEHOLDER_UID_FLOOR,
  PLACEHOLDER_UID_TOP,
  type NewAction,
  type QueuedAction,
} from './queuedAction.js';

export interface MessageRef {
  readonly id: number;
  readonly accountId: number;
  readonly folderId: number;
  readonly folderPath: string;
  readonly folderUidValidity: number | null;
  readonly specialUse: string | null;
  readonly uid: number;
  readonly seen: boolean;
  readonly flagged: boolean;
}

export interface FolderRef {
  readonly id: number;
  readonly accountId: number;
  readonly path: string;
  readonly specialUse: string | null;
  readonly uidValidity: number | null;
}

interface FolderRefRow {
  id: number;
  account_id: number;
  path: string;
  special_use: string | null;
  uid_validity: number | bigint | null;
}

const toFolderRef = (r: FolderRefRow): FolderRef => ({
  id: r.id,
  accountId: r.account_id,
  path: r.path,
  specialUse: r.special_use,
  uidValidity: r.uid_validity === null ? null : Number(r.uid_validity),
});

interface QueueRow {
  id: number;
  account_id: number;
  kind: string;
  folder_path: string;
  uid_validity: number | null;
  payload: string;
  attempts: number;
}

interface PlaceholderRow {
  message_id: number;
  source_uid: number;
  origin_folder_id: number | null;
  origin_uid: number | null;
}

const PLACEHOLDER_SEQ_KEY = 'actions.placeholderUid';

export class ActionQueueStore {
  private statements: ReturnType<typeof prepare> | null = null;
  private messageColumns: string | null = null;

  constructor(private readonly db: SqliteDatabase) {}

  private get s(): ReturnType<typeof prepare> {
    this.statements ??= prepare(this.db);
    return this.statements;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // the queue

  count(accountId?: number): number {
    return accountId === undefined ? (this.s.countAll.get() ?? 0) : (this.s.countAccount.get(accountId) ?? 0);
  }

  accountsWithActions(): number[] {
    return this.s.accountsWithActions.all();
  }

  list(accountId: number): QueuedAction[] {
    return this.s.listAccount
      .all(accountId)
      .map(actionFromRow)
      .filter((a): a is QueuedAction => a !== null);
  }

  /** The oldest action of the account; a row that no longer parses is dropped rather than blocking the queue. */
  next(accountId: number): QueuedAction | null {
    for (;;) {
      const row = this.s.nextAccount.get(accountId);
      if (!row) return null;
      const action = actionFromRow(row);
      if (action) return action;
      this.s.deleteAction.run(row.id);
    }
  }

  enqueue(action: NewAction): number {
    return Number(
      this.s.insertAction.run(
        action.accountId,
        action.kind,
        action.folderPath,
        action.uidValidity,
        JSON.stringify(action.payload),
        Date.now(),
      ).lastInsertRowid,
    );
  }

  /** Removes the action; its hidden UIDs and placeholder records go with it (ON DELETE CASCADE). */
  remove(actionId: number): void {
    this.s.deleteAction.run(actionId);
  }

  /**
   * The copy half of a COPY + UID EXPUNGE move is done: what is left is an expunge of the same UIDs, so a retry
   * after a failure never copies the messages a second time.
   */
  convertToExpunge(actionId: number, uids: readonly number[]): void {
    this.s.toExpunge.run(JSON.stringify({ uids }), actionId);
  }

  bumpAttempts(actionId: number): number {
    this.s.bumpAttempts.run(actionId);
    return this.s.attempts.get(actionId) ?? 0;
  }

  // messages as the actions see them

  messageRefs(ids: readonly number[]): MessageRef[] {
    const out: MessageRef[] = [];
    for (const id of ids) {
      const r = this.s.messageRef.get(id);
      if (r) out.push(toRef(r));
    }
    return out;
  }

  folderRefs(folderId: number): MessageRef[] {
    return this.s.folderRefs.all(folderId).map(toRef);
  }

  folder(folderId: number): FolderRef | null {
    const r = this.s.folder.get(folderId);
    return r ? toFolderRef(r) : null;
  }

  folderByRole(accountId: number, role: string): FolderRef | null {
    const r = this.s.folderByRole.get(accountId, role);
    return r ? toFolderRef(r) : null;
  }

  findFolderId(accountId: number, path: string): number | null {
    return this.s.folderByPath.get(accountId, path) ?? null;
  }

  setLocalFlags(messageId: number, flag: '\\Seen' | '\\Flagged', on: boolean): void {
    const flags = this.s.flagsJson.get(messageId);
    if (flags === undefined) return;
    let list: string[] = [];
    try {
      const v: unknown = JSON.parse(flags);
      if (Array.isArray(v)) list = v.filter((f): f is string => typeof f === 'string');
    } catch {
      // a damaged flag list is rebuilt from what we know
    }
    const rest = list.filter((f) => f.toLowerCase() !== flag.toLowerCase());
    const next = JSON.stringify(on ? [...rest, flag] : rest);
    if (flag === '\\Seen') this.s.setSeen.run(on ? 1 : 0, next, messageId);
    else this.s.setFlagged.run(on ? 1 : 0, next, messageId);
  }

  hide(folderId: number, uid: number, actionId: number): void {
    this.s.hide.run(folderId, uid, actionId);
  }

  deleteMessage(messageId: number): void {
    this.s.deleteMessage.run(messageId);
  }

  /** A fresh placeholder UID: a profile-wide counter going down from 2^32-1, skipping any UID already used. */
  allocatePlaceholderUid(folderId: number): number {
    const stored = Number(this.s.getSetting.get(PLACEHOLDER_SEQ_KEY) ?? PLACEHOLDER_UID_TOP + 1);
    let uid = Number.isInteger(stored) && stored > PLACEHOLDER_UID_FLOOR ? stored - 1 : PLACEHOLDER_UID_TOP;
    while (this.s.uidTaken.get(folderId, uid, folderId, uid) !== undefined) uid--;
    this.s.setSetting.run(PLACEHOLDER_SEQ_KEY, String(uid));
    return uid;
  }

  /** Moves an existing row under a placeholder UID into another folder (its id, source and search entry stay). */
  moveRow(ref: MessageRef, targetFolderId: number, placeholderUid: number, actionId: number): void {
    this.s.deletePlaceholder.run(ref.id);
    this.s.moveRow.run(targetFolderId, placeholderUid, ref.id);
    this.s.insertPlaceholder.run(ref.id, actionId, ref.uid, ref.folderId, ref.uid);
  }

  /** Copies a row (every column, its cached source and search entry) under a placeholder UID into a folder. */
  copyRow(ref: MessageRef, targetFolderId: number, placeholderUid: number, actionId: number): number {
    const cols = this.copyableColumns();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO messages (folder_id, uid, ${cols}) SELECT ?, ?, ${cols} FROM messages WHERE id = ?`,
        )
        .run(targetFolderId, placeholderUid, ref.id).lastInsertRowid,
    );
    this.s.copySource.run(id, ref.id);
    this.s.copySearchDoc.run(id, ref.id);
    this.s.insertPlaceholder.run(id, actionId, ref.uid, null, null);
    return id;
  }

  // replay bookkeeping

  placeholdersOf(actionId: number): PlaceholderRow[] {
    return this.s.placeholdersOf.all(actionId);
  }

  /** A placeholder row becomes the real message: it takes the server's UID (dropping a copy sync may have made). */
  settlePlaceholder(messageId: number, folderId: number, uid: number): void {
    this.s.deleteOtherAtUid.run(folderId, uid, messageId);
    this.s.setUid.run(uid, messageId);
    this.s.deletePlaceholder.run(messageId);
  }

  /** Puts a moved row back where it was (the server refused the move); false when that is no longer possible. */
  restoreRow(p: PlaceholderRow): boolean {
    if (p.origin_folder_id === null || p.origin_uid === null) return false;
    if (this.s.rowAtUid.get(p.origin_folder_id, p.origin_uid) !== undefined) return false;
    this.s.moveRow.run(p.origin_folder_id, p.origin_uid, p.message_id);
    this.s.deletePlaceholder.run(p.message_id);
    return true;
  }

  /**
   * The server gave placeholder `from` in folder `path` the real UID `to`: later actions that name it (they were
   * queued while it was a placeholder) and the hidden and placeholder records keyed on it follow.
   */
  renameUid(accountId: number, afterActionId: number, path: string, from: number, to: number): void {
    const folderId = this.findFolderId(accountId, path);
    for (const row of this.s.laterInFolder.all(accountId, afterActionId, path)) {
      const action = actionFromRow(row);
      if (!action || !action.payload.uids.includes(from)) continue;
      const swap = (u: number): number => (u === from ? to : u);
      const payload =
        action.kind === 'move' || action.kind === 'copy'
          ? {
              ...action.payload,
              uids: action.payload.uids.map(swap),
              placeholders: action.payload.placeholders.map(([s, p]) => [swap(s), p]),
            }
          : { ...action.payload, uids: action.payload.uids.map(swap) };
      this.s.setPayload.run(JSON.stringify(payload), action.id);
      this.s.renamePlaceholderSource.run(to, action.id, from);
    }
    if (folderId !== null) this.s.renameHidden.run(to, folderId, from);
  }

  /**
   * Sync mirrors the server's flags; while a flag action still waits, its change is laid over them again so
   * the UI does not flip back and forth. Returns how many rows it touched.
   */
  reapplyPendingFlags(accountId: number): number {
    let touched = 0;
    this.transaction(() => {
      for (const action of this.list(accountId)) {
        if (action.kind !== 'flags') continue;
        const folderId = this.findFolderId(accountId, action.folderPath);
        if (folderId === null) continue;
        for (const uid of action.payload.uids) {
          const id = this.s.rowAtUid.get(folderId, uid);
          if (id === undefined) continue;
          const row = this.s.messageRef.get(id);
          for (const [flags, on] of [[action.payload.add, true], [action.payload.remove, false]] as const) {
            for (const flag of flags) {
              if (flag !== '\\Seen' && flag !== '\\Flagged') continue;
              const current = flag === '\\Seen' ? row?.seen === 1 : row?.flagged === 1;
              if (current === on) continue;
              this.setLocalFlags(id, flag, on);
              touched++;
            }
          }
        }
      }
    });
    return touched;
  }

  // what sync must know

  hiddenUids(folderId: number): number[] {
    return this.s.hiddenUids.all(folderId);
  }

  placeholderUids(folderId: number): number[] {
    return this.s.placeholderUids.all(folderId);
  }

  forgetHidden(folderId: number, uids: readonly number[]): void {
    for (const uid of uids) this.s.unhide.run(folderId, uid);
  }

  private copyableColumns(): string {
    if (this.messageColumns === null) {
      // Read from the schema so a column added by a later migration is copied too.
      const cols = (this.db.prepare('PRAGMA table_info(messages)').all() as { name: string }[])
        .map((c) => c.name)
        .filter((n) => n !== 'id' && n !== 'folder_id' && n !== 'uid');
      this.messageColumns = cols.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
    }
    return this.messageColumns;
  }
}

interface RefRow {
  id: number;
  account_id: number;
  folder_id: number;
  path: string;
  uid_validity: number | bigint | null;
  special_use: string | null;
  uid: number;
  seen: number;
  flagged: number;
}

const toRef = (r: RefRow): MessageRef => ({
  id: r.id,
  accountId: r.account_id,
  folderId: r.folder_id,
  folderPath: r.path,
  folderUidValidity: r.uid_validity === null ? null : Number(r.uid_validity),
  specialUse: r.special_use,
  uid: r.uid,
  seen: r.seen === 1,
  flagged: r.flagged === 1,
});

const REF_COLUMNS = `m.id, f.account_id, m.folder_id, f.path, f.uid_validity, f.special_use, m.uid, m.seen, m.flagged`;

const prepare = (db: SqliteDatabase) => ({
  countAll: db.prepare<[], number>('SELECT count(*) FROM action_queue').pluck(),
  countAccount: db.prepare<[number], number>('SELECT count(*) FROM action_queue WHERE account_id = ?').pluck(),
  accountsWithActions: db.prepare<[], number>('SELECT DISTINCT account_id FROM action_queue ORDER BY 1').pluck(),
  listAccount: db.prepare<[number], QueueRow>('SELECT * FROM action_queue WHERE account_id = ? ORDER BY id'),
  nextAccount: db.prepare<[number], QueueRow>('SELECT * FROM action_queue WHERE account_id = ? ORDER BY id LIMIT 1'),
  laterInFolder: db.prepare<[number, number, string], QueueRow>(
    'SELECT * FROM action_queue WHERE account_id = ? AND id > ? AND folder_path = ? ORDER BY id',
  ),
  insertAction: db.prepare<[number, string, string, number | null, string, number]>(
    `INSERT INTO action_queue (account_id, kind, folder_path, uid_validity, payload, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  deleteAction: db.prepare<[number]>('DELETE FROM action_queue WHERE id = ?'),
  bumpAttempts: db.prepare<[number]>('UPDATE action_queue SET attempts = attempts + 1 WHERE id = ?'),
  attempts: db.prepare<[number], number>('SELECT attempts FROM action_queue WHERE id = ?').pluck(),
  toExpunge: db.prepare<[string, number]>("UPDATE action_queue SET kind = 'expunge', payload = ? WHERE id = ?"),
  setPayload: db.prepare<[string, number]>('UPDATE action_queue SET payload = ? WHERE id = ?'),

  messageRef: db.prepare<[number], RefRow>(
    `SELECT ${REF_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?`,
  ),
  folderRefs: db.prepare<[number], RefRow>(
    `SELECT ${REF_COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.folder_id = ? ORDER BY m.uid`,
  ),
  folder: db.prepare<[number], FolderRefRow>(
    'SELECT id, account_id, path, special_use, uid_validity FROM folders WHERE id = ?',
  ),
  // Two folders may claim a role (a server flag and a name guess); the first by path is used consistently.
  folderByRole: db.prepare<[number, string], FolderRefRow>(
    `SELECT id, account_id, path, special_use, uid_validity FROM folders WHERE account_id = ? AND special_use = ?
     ORDER BY path LIMIT 1`,
  ),
  folderByPath: db.prepare<[number, string], number>('SELECT id FROM folders WHERE account_id = ? AND path = ?').pluck(),
  flagsJson: db.prepare<[number], string>('SELECT flags_json FROM messages WHERE id = ?').pluck(),
  setSeen: db.prepare<[number, string, number]>('UPDATE messages SET seen = ?, flags_json = ? WHERE id = ?'),
  setFlagged: db.prepare<[number, string, number]>('UPDATE messages SET flagged = ?, flags_json = ? WHERE id = ?'),
  deleteMessage: db.prepare<[number]>('DELETE FROM messages WHERE id = ?'),
  moveRow: db.prepare<[number, number, number]>('UPDATE messages SET folder_id = ?, uid = ? WHERE id = ?'),
  setUid: db.prepare<[number, number]>('UPDATE messages SET uid = ? WHERE id = ?'),
  rowAtUid: db.prepare<[number, number], number>('SELECT id FROM messages WHERE folder_id = ? AND uid = ?').pluck(),
  deleteOtherAtUid: db.prepare<[number, number, number]>(
    'DELETE FROM messages WHERE folder_id = ? AND uid = ? AND id <> ?',
  ),
  uidTaken: db.prepare<[number, number, number, number], number>(
    `SELECT 1 FROM messages WHERE folder_id = ? AND uid = ?
     UNION ALL SELECT 1 FROM action_hidden WHERE folder_id = ? AND uid = ? LIMIT 1`,
  ).pluck(),
  copySource: db.prepare<[number, number]>(
    'INSERT INTO message_sources (message_id, source) SELECT ?, source FROM message_sources WHERE message_id = ?',
  ),
  copySearchDoc: db.prepare<[number, number]>(
    `INSERT INTO search_docs (message_id, has_body, subject, sender, recipients, body, attachments)
     SELECT ?, has_body, subject, sender, recipients, body, attachments FROM search_docs WHERE message_id = ?`,
  ),

  hide: db.prepare<[number, number, number]>(
    `INSERT INTO action_hidden (folder_id, uid, action_id) VALUES (?, ?, ?)
     ON CONFLICT (folder_id, uid) DO UPDATE SET action_id = excluded.action_id`,
  ),
  unhide: db.prepare<[number, number]>('DELETE FROM action_hidden WHERE folder_id = ? AND uid = ?'),
  renameHidden: db.prepare<[number, number, number]>(
    'UPDATE OR REPLACE action_hidden SET uid = ? WHERE folder_id = ? AND uid = ?',
  ),
  hiddenUids: db.prepare<[number], number>('SELECT uid FROM action_hidden WHERE folder_id = ? ORDER BY uid').pluck(),

  insertPlaceholder: db.prepare<[number, number, number, number | null, number | null]>(
    `INSERT INTO action_placeholders (message_id, action_id, source_uid, origin_folder_id, origin_uid)
     VALUES (?, ?, ?, ?, ?)`,
  ),
  deletePlaceholder: db.prepare<[number]>('DELETE FROM action_placeholders WHERE message_id = ?'),
  placeholdersOf: db.prepare<[number], PlaceholderRow>(
    'SELECT message_id, source_uid, origin_folder_id, origin_uid FROM action_placeholders WHERE action_id = ?',
  ),
  renamePlaceholderSource: db.prepare<[number, number, number]>(
    'UPDATE action_placeholders SET source_uid = ? WHERE action_id = ? AND source_uid = ?',
  ),
  placeholderUids: db.prepare<[number], number>(
    `SELECT m.uid FROM action_placeholders p JOIN messages m ON m.id = p.message_id WHERE m.folder_id = ?
     ORDER BY m.uid`,
  ).pluck(),

  getSetting: db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck(),
  setSetting: db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ),
});
