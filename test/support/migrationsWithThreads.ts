// The migration list the thread and sync tests run: MIGRATIONS when it already lists 0007_threads; otherwise
// (while the migrations numbered before it are being wired in) MIGRATIONS, then 0007 renumbered to follow it.
// Tests and benchmarks only.
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import type { Migration } from '../../electron/core/store/migrations/migration.js';
import { migration0006Threads } from '../../electron/core/store/migrations/0006_threads.js';

export const migrationsWithThreads = (): readonly Migration[] =>
  MIGRATIONS.some((m) => m.name === migration0006Threads.name)
    ? MIGRATIONS
    : [...MIGRATIONS, { ...migration0006Threads, version: MIGRATIONS.length + 1 }];
