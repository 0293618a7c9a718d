// The migration list the action tests run: MIGRATIONS when it already lists 0006; otherwise (while the
// migrations numbered before it are still being written) whatever MIGRATIONS lists, then 0006 renumbered
// to follow it. Tests only.
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import type { Migration } from '../../electron/core/store/migrations/migration.js';
import { migration0005Actions } from '../../electron/core/store/migrations/0005_actions.js';

export const migrationsWithActions = (): readonly Migration[] =>
  MIGRATIONS.includes(migration0005Actions)
    ? MIGRATIONS
    : [...MIGRATIONS, { ...migration0005Actions, version: MIGRATIONS.length + 1 }];
