// Applies pending schema migrations, one transaction each, recording progress in PRAGMA user_version (a field
// of the database header: it is written by the same transaction as the schema change, so the two cannot
// disagree after a crash).
import { CodedError } from '../../../shared/contract/result.js';
import type { SqliteDatabase } from './openDatabase.js';
import type { Migration } from './migrations/migration.js';
import { MIGRATIONS } from './migrations/index.js';

export interface MigrateResult {
  readonly from: number;
  readonly to: number;
}

export interface MigrateOptions {
  /** Stop at this version instead of the latest (migration tests start from the previous version). */
  readonly target?: number;
  readonly migrations?: readonly Migration[];
}

export const getSchemaVersion = (db: SqliteDatabase): number => {
  const v: unknown = db.pragma('user_version', { simple: true });
  return Number(v);
};

const checkSequence = (migrations: readonly Migration[]): void => {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new CodedError('INTERNAL', `migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
};

export const migrate = (db: SqliteDatabase, options: MigrateOptions = {}): MigrateResult => {
  const migrations = options.migrations ?? MIGRATIONS;
  checkSequence(migrations);
  const latest = migrations.length;
  const target = options.target ?? latest;
  if (!Number.isInteger(target) || target < 0 || target > latest) {
    throw new CodedError('INVALID_ARGUMENT', `no migration to version ${target}`);
  }
  const from = getSchemaVersion(db);
  // A database written by a newer build has tables this build does not know; writing to it could corrupt
  // what the newer build relies on, so refuse rather than guess.
  if (from > latest) {
    throw new CodedError('STORE_UNAVAILABLE', `database schema ${from} is newer than this build (${latest})`);
  }
  for (const m of migrations.slice(from, target)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, target) };
};
