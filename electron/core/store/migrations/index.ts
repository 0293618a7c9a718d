// The ordered list of every schema step. Append only: a released migration is never edited, a fix is a new
// numbered file with its own test that starts from the previous version with rows in place.
import type { Migration } from './migration.js';
import { migration0001Initial } from './0001_initial.js';

export const MIGRATIONS: readonly Migration[] = [migration0001Initial];
