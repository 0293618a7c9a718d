// Drafts (issue 5 §1): each draft is kept whole in the encrypted database (the ComposeInput with its
// attachments and markings, so a reopened draft has everything) and, as a copy, in the server's Drafts
// folder. The server copy is named by (path, UIDVALIDITY, UID) so the next save can replace exactly it.
// draft_server_deletes remembers server copies that could not be removed yet (offline), so no stale
// copy is left behind once the server is reachable again.
import type { Migration } from './migration.js';

export const migration0008Drafts: Migration = {
  version: 8,
  name: '0008_drafts',
  up(db) {
    db.exec(`
      CREATE TABLE drafts (
        id                      INTEGER PRIMARY KEY,
        account_id              INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        -- The ComposeInput (JSON), attachments included.
        compose_json            TEXT NOT NULL,
        -- The class of the message replied to or forwarded: lowering below it needs a justification.
        original_classification TEXT CHECK (original_classification IN ('none','confidential','secret','top-secret')),
        subject                 TEXT NOT NULL DEFAULT '',
        -- The server copy of the current version, if any.
        server_path             TEXT,
        server_uid_validity     INTEGER,
        server_uid              INTEGER,
        -- 1 while the server copy is older than the local draft.
        dirty                   INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
        server_error_code       TEXT,
        server_error            TEXT,
        created_at              INTEGER NOT NULL,
        updated_at              INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX drafts_account ON drafts (account_id, updated_at DESC);

      CREATE TABLE draft_server_deletes (
        id           INTEGER PRIMARY KEY,
        account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        path         TEXT NOT NULL,
        uid_validity INTEGER NOT NULL,
        uid          INTEGER NOT NULL,
        UNIQUE (account_id, path, uid_validity, uid)
      ) STRICT;
    `);
  },
};
