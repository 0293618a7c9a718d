// A fresh encrypted profile for the benchmarks: the database migrated, and one account on the private Dovecot
// (plain IMAP on 127.0.0.1; the SMTP side is never used).
import { migrate } from '../../electron/core/store/migrate.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import { openDatabase, type SqliteDatabase } from '../../electron/core/store/openDatabase.js';
import { SqliteMailStore } from '../../electron/core/store/sqliteMailStore.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';

export interface BenchProfile {
  readonly db: SqliteDatabase;
  readonly store: SqliteMailStore;
  readonly account: AccountWithSecret;
}

export function openBenchProfile(file: string, key: Uint8Array, port: number): BenchProfile {
  const db = openDatabase(file, key);
  migrate(db, { migrations: MIGRATIONS });
  const store = new SqliteMailStore(db);
  const summary = store.addAccount({
    email: 'bench@example.go.th', displayName: 'bench', user: 'bench', password: 'bench',
    imap: { host: '127.0.0.1', port, security: 'plain' }, smtp: { host: '127.0.0.1', port: 25, security: 'plain' },
  });
  const account = store.getAccountWithSecret(summary.id);
  if (!account) throw new Error('account vanished');
  return { db, store, account };
}
