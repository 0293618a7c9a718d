// The drafts table (migration 0009): the whole ComposeInput, attachments and markings included, in the
// encrypted database, plus where the current server copy is (path, UIDVALIDITY, UID) so the next save
// replaces exactly that message and nothing else.
import { ComposeInput, type ComposeInputParsed } from '../../../shared/domain/compose.js';
import type { DraftItem } from '../../../shared/domain/composeSupport.js';
import type { Classification } from '../../../shared/policy/types.js';
import type { SqliteDatabase } from '../store/openDatabase.js';

export interface ServerCopy {
  readonly path: string;
  readonly uidValidity: bigint;
  readonly uid: number;
}

export interface DraftRecord {
  readonly id: number;
  readonly accountId: number;
  readonly compose: ComposeInputParsed;
  readonly originalClassification: Classification | null;
  readonly server: ServerCopy | null;
  readonly dirty: boolean;
  readonly serverError: { code: string; message: string } | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PendingServerDelete extends ServerCopy {
  readonly id: number;
  readonly accountId: number;
}

interface Row {
  id: number;
  account_id: number;
  compose_json: string;
  original_classification: Classification | null;
  server_path: string | null;
  server_uid_validity: bigint | null;
  server_uid: number | null;
  dirty: number;
  server_error_code: string | null;
  server_error: string | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (r: Row): DraftRecord => ({
  id: r.id,
  accountId: r.account_id,
  // Parsed again on the way out: a draft always reopens as a valid ComposeInput (defaults filled in).
  compose: ComposeInput.parse(JSON.parse(r.compose_json)),
  originalClassification: r.original_classification,
  server:
    r.server_path !== null && r.server_uid_validity !== null && r.server_uid !== null
      ? { path: r.server_path, uidValidity: BigInt(r.server_uid_validity), uid: r.server_uid }
      : null,
  dirty: r.dirty === 1,
  serverError: r.server_error_code !== null ? { code: r.server_error_code, message: r.server_error ?? '' } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toDraftItem = (d: DraftRecord): DraftItem => ({
  id: d.id,
  accountId: d.accountId,
  subject: d.compose.subject,
  to: [...d.compose.to, ...d.compose.cc, ...d.compose.bcc],
  classification: d.compose.classification,
  urgency: d.compose.urgency,
  attachments: d.compose.attachments.length,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  onServer: d.server !== null && !d.dirty,
  serverError: d.serverError,
});

const COLUMNS = `id, account_id, compose_json, original_classification, server_path, server_uid_validity, server_uid,
  dirty, server_error_code, server_error, created_at, updated_at`;

export class DraftStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: number): DraftRecord | null {
    // UIDVALIDITY is up to 2^32-1: read as BigInt-safe by reading that one column with safe integers.
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM drafts WHERE id = ?`).safeIntegers(true).get(BigInt(id)) as
      | Record<keyof Row, unknown>
      | undefined;
    if (!row) return null;
    const num = (v: unknown): number | null => (v === null ? null : Number(v));
    return toRecord({
      id: num(row.id) as number,
      account_id: num(row.account_id) as number,
      compose_json: row.compose_json as string,
      original_classification: row.original_classification as Classification | null,
      server_path: row.server_path as string | null,
      server_uid_validity: row.server_uid_validity as bigint | null,
      server_uid: num(row.server_uid),
      dirty: num(row.dirty) as number,
      server_error_code: row.server_error_code as string | null,
      server_error: row.server_error as string | null,
      created_at: num(row.created_at) as number,
      updated_at: num(row.updated_at) as number,
    });
  }

  list(accountId?: number): DraftRecord[] {
    const ids = (
      accountId === undefined
        ? this.db.prepare('SELECT id FROM drafts ORDER BY updated_at DESC, id DESC').pluck().all()
        : this.db.prepare('SELECT id FROM drafts WHERE account_id = ? ORDER BY updated_at DESC, id DESC').pluck().all(accountId)
    ) as number[];
    return ids.flatMap((id) => {
      const d = this.get(id);
      return d ? [d] : [];
    });
  }

  /** The draft whose current server copy is exactly `copy`, if one is. */
  findByServerCopy(accountId: number, copy: ServerCopy): DraftRecord | null {
    const id = this.db
      .prepare('SELECT id FROM drafts WHERE account_id = ? AND server_path = ? AND server_uid_validity = ? AND server_uid = ?')
      .pluck()
      .get(accountId, copy.path, copy.uidValidity, copy.uid) as number | undefined;
    return id === undefined ? null : this.get(id);
  }

  /** Inserts or replaces the content; the server copy, if any, becomes stale (dirty). */
  save(id: number | undefined, compose: ComposeInputParsed, originalClassification: Classification | null): DraftRecord {
    const t = this.now();
    const json = JSON.stringify(compose);
    let draftId = id;
    if (draftId === undefined || !this.get(draftId)) {
      const info = this.db
        .prepare(
          `INSERT INTO drafts (account_id, compose_json, original_classification, subject, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(compose.accountId, json, originalClassification, compose.subject, t, t);
      draftId = Number(info.lastInsertRowid);
    } else {
      this.db
        .prepare(
          `UPDATE drafts SET account_id = ?, compose_json = ?, original_classification = ?, subject = ?, dirty = 1,
             updated_at = ? WHERE id = ?`,
        )
        .run(compose.accountId, json, originalClassification, compose.subject, t, draftId);
    }
    const saved = this.get(draftId);
    if (!saved) throw new Error('draft vanished while saving');
    return saved;
  }

  /** Records the new server copy, but only if the content uploaded is still the current one. */
  markUploaded(id: number, copy: ServerCopy, uploadedAt: number): void {
    this.db
      .prepare(
        `UPDATE drafts SET server_path = ?, server_uid_validity = ?, server_uid = ?,
           dirty = CASE WHEN updated_at <= ? THEN 0 ELSE 1 END, server_error_code = NULL, server_error = NULL
         WHERE id = ?`,
      )
      .run(copy.path, copy.uidValidity, copy.uid, uploadedAt, id);
  }

  markUploadFailed(id: number, error: { code: string; message: string }): void {
    this.db.prepare('UPDATE drafts SET server_error_code = ?, server_error = ? WHERE id = ?').run(error.code, error.message, id);
  }

  /** Removes the local draft; returns what was removed (its server copy is then for the caller to delete). */
  remove(id: number): DraftRecord | null {
    const d = this.get(id);
    if (d) this.db.prepare('DELETE FROM drafts WHERE id = ?').run(id);
    return d;
  }

  addPendingDelete(accountId: number, copy: ServerCopy): void {
    this.db
      .prepare('INSERT OR IGNORE INTO draft_server_deletes (account_id, path, uid_validity, uid) VALUES (?, ?, ?, ?)')
      .run(accountId, copy.path, copy.uidValidity, copy.uid);
  }

  pendingDeletes(accountId: number): PendingServerDelete[] {
    const rows = this.db
      .prepare('SELECT id, account_id, path, uid_validity, uid FROM draft_server_deletes WHERE account_id = ?')
      .safeIntegers(true)
      .all(BigInt(accountId)) as { id: bigint; account_id: bigint; path: string; uid_validity: bigint; uid: bigint }[];
    return rows.map((r) => ({ id: Number(r.id), accountId: Number(r.account_id), path: r.path, uidValidity: r.uid_validity, uid: Number(r.uid) }));
  }

  donePendingDelete(id: number): void {
    this.db.prepare('DELETE FROM draft_server_deletes WHERE id = ?').run(id);
  }
}
