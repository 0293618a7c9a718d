// The first schema: settings, accounts, folders, message headers and cached raw sources.
// The account password is a plain column because the whole database is encrypted (DESIGN.md §3); it never
// leaves the core (AccountSummary has no password).
import type { Migration } from './migration.js';

export const migration0001Initial: Migration = {
  version: 1,
  name: '0001_initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accounts (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL DEFAULT '',
        imap_host     TEXT NOT NULL,
        imap_port     INTEGER NOT NULL CHECK (imap_port BETWEEN 1 AND 65535),
        imap_security TEXT NOT NULL CHECK (imap_security IN ('tls', 'starttls', 'plain')),
        smtp_host     TEXT NOT NULL,
        smtp_port     INTEGER NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
        smtp_security TEXT NOT NULL CHECK (smtp_security IN ('tls', 'starttls', 'plain')),
        user          TEXT NOT NULL,
        password      TEXT NOT NULL,
        created_at    INTEGER NOT NULL
      ) STRICT;

      -- uid_validity is 32-bit unsigned (RFC 3501) and highest_modseq 63-bit unsigned (RFC 7162 §7): both fit
      -- SQLite's signed 64-bit INTEGER and are read back with safe integers (BigInt), never through a double.
      CREATE TABLE folders (
        id             INTEGER PRIMARY KEY,
        account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        path           TEXT NOT NULL,
        name           TEXT NOT NULL,
        delimiter      TEXT NOT NULL,
        special_use    TEXT CHECK (special_use IN ('inbox','sent','drafts','trash','junk','archive','all','flagged')),
        subscribed     INTEGER NOT NULL DEFAULT 1 CHECK (subscribed IN (0, 1)),
        uid_validity   INTEGER CHECK (uid_validity BETWEEN 1 AND 4294967295),
        uid_next       INTEGER CHECK (uid_next >= 1),
        highest_modseq INTEGER CHECK (highest_modseq >= 0),
        UNIQUE (account_id, path)
      ) STRICT;

      CREATE TABLE messages (
        id              INTEGER PRIMARY KEY,
        folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        uid             INTEGER NOT NULL CHECK (uid BETWEEN 1 AND 4294967295),
        message_id      TEXT,
        in_reply_to     TEXT,
        date            INTEGER NOT NULL,
        from_name       TEXT,
        from_addr       TEXT,
        to_json         TEXT NOT NULL DEFAULT '[]',
        cc_json         TEXT NOT NULL DEFAULT '[]',
        subject         TEXT NOT NULL DEFAULT '',
        seen            INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1)),
        flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
        flags_json      TEXT NOT NULL DEFAULT '[]',
        size            INTEGER NOT NULL DEFAULT 0,
        has_attachments INTEGER NOT NULL DEFAULT 0 CHECK (has_attachments IN (0, 1)),
        cached          INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
        UNIQUE (folder_id, uid)
      ) STRICT;

      -- The message list: newest first within a folder, ties broken by UID.
      CREATE INDEX messages_folder_date ON messages (folder_id, date DESC, uid DESC);
      -- Unread counts read only the unread rows of a folder instead of scanning the folder.
      CREATE INDEX messages_folder_unread ON messages (folder_id) WHERE seen = 0;
      -- Threading looks messages up by their Message-ID header.
      CREATE INDEX messages_message_id ON messages (message_id) WHERE message_id IS NOT NULL;

      CREATE TABLE message_sources (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        source     BLOB NOT NULL
      ) STRICT;
    `);
  },
};
