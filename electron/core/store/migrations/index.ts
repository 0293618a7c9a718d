// The ordered list of every schema step. Append only: a released migration is never edited, a fix is a new
// numbered file with its own test that starts from the previous version with rows in place.
import type { Migration } from './migration.js';
import { migration0001Initial } from './0001_initial.js';
import { migration0002Search } from './0002_search.js';
import { migration0003Audit } from './0003_audit.js';
import { migration0004Outbox } from './0004_outbox.js';
import { migration0005Actions } from './0005_actions.js';
import { migration0006Threads } from './0006_threads.js';
import { migration0007SearchTails } from './0007_search_tails.js';
import { migration0008Drafts } from './0008_drafts.js';
import { migration0009SearchSplit } from './0009_search_split.js';
import { migration0010FromDate } from './0010_from_date.js';
import { migration0011FtsAutomerge } from './0011_fts_automerge.js';
import { migration0012DropMessageIdIndex } from './0012_drop_message_id_index.js';

export const MIGRATIONS: readonly Migration[] = [
  migration0001Initial,
  migration0002Search,
  migration0003Audit,
  migration0004Outbox,
  migration0005Actions,
  migration0006Threads,
  migration0007SearchTails,
  migration0008Drafts,
  migration0009SearchSplit,
  migration0010FromDate,
  migration0011FtsAutomerge,
  migration0012DropMessageIdIndex,
];
