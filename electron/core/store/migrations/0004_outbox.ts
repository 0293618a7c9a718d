// The outbox (issue 5 §2): every message the user sends, from the moment the send gate let it through
// until it is filed in Sent. The Message-ID and the final MIME bytes are written once, when queued, so a
// retry after a failure or a restart sends exactly the same message (docs/sending.md).
import type { Migration } from './migration.js';

export const migration0004Outbox: Migration = {
  version: 4,
  name: '0004_outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id                INTEGER PRIMARY KEY,
        -- Removing an account removes its unsent mail with it: there is no server left to send it through.
        account_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        message_id        TEXT NOT NULL UNIQUE,
        state             TEXT NOT NULL CHECK (state IN
                            ('queued','sending','accepted','filed','failed','held','uncertain','cancelled')),
        subject           TEXT NOT NULL,
        -- The exact RFC 5322 bytes handed to SMTP and appended to Sent; never rebuilt.
        raw               BLOB NOT NULL,
        -- {from, to[], cc[], bcc[]}: the SMTP envelope and what the policy is re-checked on at send time.
        envelope_json     TEXT NOT NULL,
        -- The ComposeInput it was built from (outbox.toDraft gives it back to compose).
        compose_json      TEXT NOT NULL,
        classification    TEXT NOT NULL CHECK (classification IN ('none','confidential','secret','top-secret')),
        -- The verdict the user confirmed at submit; a stronger verdict at send time holds the message.
        confirmed_verdict TEXT NOT NULL CHECK (confirmed_verdict IN ('allow','warn','justify','block')),
        justification     TEXT,
        attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at   INTEGER,
        last_error_code   TEXT,
        last_error        TEXT,
        rejected_json     TEXT NOT NULL DEFAULT '[]',
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        accepted_at       INTEGER,
        filed_at          INTEGER
      ) STRICT;

      -- The runner looks for due work by state and time.
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_account ON outbox (account_id, created_at);
    `);
  },
};
