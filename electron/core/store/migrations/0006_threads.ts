// Conversations (issue 4 §2): messages.refs keeps the References header (space-separated Message-IDs, RFC 5322
// §3.6.4) next to In-Reply-To, messages.thread_id groups a conversation, and messages.thread_subject is the
// normalized subject (no Re:/Fwd:/ตอบกลับ:/ส่งต่อ:) for the short-window subject fallback.
// thread_msgids maps every Message-ID seen in an account (a message's own and the ones it refers to) to its
// thread, so a reply that arrives before its parent still lands in the same conversation (JWZ-style).
// Rows already stored become one-message threads, joined to a parent they name in In-Reply-To; the next
// sync threads new mail with the full References chain.
import type { Migration } from './migration.js';

export const migration0006Threads: Migration = {
  version: 6,
  name: '0006_threads',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN refs TEXT;
      ALTER TABLE messages ADD COLUMN thread_id INTEGER;
      ALTER TABLE messages ADD COLUMN thread_subject TEXT;

      CREATE TABLE thread_msgids (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        msgid      TEXT NOT NULL,
        thread_id  INTEGER NOT NULL,
        PRIMARY KEY (account_id, msgid)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX thread_msgids_thread ON thread_msgids (thread_id);

      UPDATE messages SET thread_id = id;
      INSERT OR IGNORE INTO thread_msgids (account_id, msgid, thread_id)
        SELECT f.account_id, m.message_id, m.id FROM messages m JOIN folders f ON f.id = m.folder_id
        WHERE m.message_id IS NOT NULL ORDER BY m.date, m.id;
      UPDATE messages SET thread_id = (
          SELECT t.thread_id FROM thread_msgids t JOIN folders f ON f.id = messages.folder_id
          WHERE t.account_id = f.account_id AND t.msgid = messages.in_reply_to)
        WHERE in_reply_to IS NOT NULL AND EXISTS (
          SELECT 1 FROM thread_msgids t JOIN folders f ON f.id = messages.folder_id
          WHERE t.account_id = f.account_id AND t.msgid = messages.in_reply_to);

      CREATE INDEX messages_thread ON messages (thread_id);
      CREATE INDEX messages_thread_subject ON messages (thread_subject, date) WHERE thread_subject IS NOT NULL;
    `);
  },
};
