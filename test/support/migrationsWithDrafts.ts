// The migration list the drafts tests run: MIGRATIONS when it already lists 0009_drafts; otherwise (while
// the migrations numbered before it are being wired in) MIGRATIONS, then 0009 renumbered to follow it.
// Tests only.
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import type { Migration } from '../../electron/core/store/migrations/migration.js';
import { migration0009Drafts } from '../../electron/core/store/migrations/0009_drafts.js';

export const migrationsWithDrafts = (): readonly Migration[] =>
  MIGRATIONS.some((m) => m.name === migration0009Drafts.name)
    ? MIGRATIONS
    : [...MIGRATIONS, { ...migration0009Drafts, version: MIGRATIONS.length + 1 }];
