import type { SqliteDatabase } from '../openDatabase.js';

/**
 * One schema step. `up` runs inside a transaction opened by `migrate`, together with the `user_version` bump,
 * so a failing step leaves the database exactly at the previous version.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: SqliteDatabase): void;
}
