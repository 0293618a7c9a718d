// The persistent queue of local actions (electron/core/actions/, docs in actionQueueStore.ts). It lives in the
// encrypted database with the mail, so a queued move or flag survives a restart and reveals nothing at rest.
// - action_queue: one row per server command group, replayed in id order (AUTOINCREMENT: an id is never
//   reused, so a newer action can never sort before an older one after deletes).
// - action_hidden: server UIDs a pending action has taken out of a folder (moved away, deleted). Sync counts
//   them as known, so it neither shows them again nor re-downloads them before the server confirms.
// - action_placeholders: rows standing in a folder before the server has given them a UID (the target of a
//   pending move or copy). Sync leaves them alone; the replay gives them their real UID (UIDPLUS COPYUID).
import type { Migration } from './migration.js';

export const migration0005Actions: Migration = {
  version: 5,
  name: '0005_actions',
  up(db) {
    db.exec(`
      CREATE TABLE action_queue (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        kind         TEXT NOT NULL CHECK (kind IN ('flags', 'move', 'copy', 'expunge')),
        folder_path  TEXT NOT NULL,
        -- The UIDVALIDITY the UIDs in payload belong to; NULL when the folder was never opened (placeholders only).
        uid_validity INTEGER CHECK (uid_validity BETWEEN 1 AND 4294967295),
        payload      TEXT NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX action_queue_account ON action_queue (account_id, id);

      CREATE TABLE action_hidden (
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        uid       INTEGER NOT NULL CHECK (uid BETWEEN 1 AND 4294967295),
        action_id INTEGER NOT NULL REFERENCES action_queue(id) ON DELETE CASCADE,
        PRIMARY KEY (folder_id, uid)
      ) STRICT;
      CREATE INDEX action_hidden_action ON action_hidden (action_id);

      CREATE TABLE action_placeholders (
        message_id       INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        action_id        INTEGER NOT NULL REFERENCES action_queue(id) ON DELETE CASCADE,
        -- The UID in the action's source folder this row stands for.
        source_uid       INTEGER NOT NULL,
        -- Where the row was before a move, to put it back if the server refuses the move.
        origin_folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
        origin_uid       INTEGER
      ) STRICT;
      CREATE INDEX action_placeholders_action ON action_placeholders (action_id);
    `);
  },
};
