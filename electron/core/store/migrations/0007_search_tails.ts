// Version 8: the last two characters of every search document column (docs/search.md, "Short Thai
// queries"). A one- or two-character query is answered from the trigram vocabulary (every trigram that
// starts with it) plus this table: an occurrence not at the start of some trigram lies in a column's last
// two characters (or in a column shorter than three, which has no trigrams at all), and this table holds
// exactly those. So the short query stays exact (recall 1.0) without a LIKE scan over whole bodies.
// Kept in step by triggers on search_docs, and removed with it (which cascades from messages).
import type { Migration } from './migration.js';

const TAILS = `substr(new.subject, -2), substr(new.sender, -2), substr(new.recipients, -2), substr(new.body, -2),
  substr(new.attachments, -2)`;

export const migration0007SearchTails: Migration = {
  version: 7,
  name: '0007_search_tails',
  up(db) {
    db.exec(`
      CREATE TABLE search_tails (
        message_id  INTEGER PRIMARY KEY REFERENCES search_docs(message_id) ON DELETE CASCADE,
        subject     TEXT NOT NULL,
        sender      TEXT NOT NULL,
        recipients  TEXT NOT NULL,
        body        TEXT NOT NULL,
        attachments TEXT NOT NULL
      ) STRICT;

      -- Delete, then insert: an upsert's conflict handling would otherwise apply to the trigger's own insert.
      CREATE TRIGGER search_tails_ai AFTER INSERT ON search_docs BEGIN
        DELETE FROM search_tails WHERE message_id = new.message_id;
        INSERT INTO search_tails VALUES (new.message_id, ${TAILS});
      END;
      CREATE TRIGGER search_tails_au AFTER UPDATE ON search_docs BEGIN
        DELETE FROM search_tails WHERE message_id = old.message_id OR message_id = new.message_id;
        INSERT INTO search_tails VALUES (new.message_id, ${TAILS});
      END;

      INSERT INTO search_tails
        SELECT message_id, substr(subject, -2), substr(sender, -2), substr(recipients, -2), substr(body, -2),
               substr(attachments, -2)
        FROM search_docs;
    `);
  },
};
