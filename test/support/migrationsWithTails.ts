// The migration list with 0008 (search_tails): MIGRATIONS when it already lists it; otherwise, while the
// migrations numbered before it are still being written, MIGRATIONS then 0008 renumbered to follow it.
// Tests and the benchmark only.
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import type { Migration } from '../../electron/core/store/migrations/migration.js';
import { migration0007SearchTails } from '../../electron/core/store/migrations/0007_search_tails.js';

export const migrationsWithTails = (): readonly Migration[] =>
  MIGRATIONS.includes(migration0007SearchTails)
    ? MIGRATIONS
    : [...MIGRATIONS, { ...migration0007SearchTails, version: MIGRATIONS.length + 1 }];
