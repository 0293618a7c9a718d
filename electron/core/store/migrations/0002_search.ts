// Full-text search (docs/search.md). One plain table holds the searchable text of each message; two FTS5
// indexes read it as their external content:
// - search_tri, trigram tokenizer: every 3-character substring, so a Thai word is found wherever it occurs
//   inside an unspaced run (`เรียน` in `นักเรียน`), which no word tokenizer can do;
// - search_words, unicode61: whole words with prefix matching for English and other spaced scripts.
// Triggers keep both indexes equal to search_docs, and search_docs hangs off messages with ON DELETE
// CASCADE, so a message removed by sync (expunge, UIDVALIDITY reset, folder gone) leaves no index entry.
// Everything lives in the encrypted database, so the index is encrypted at rest like the mail itself.
import { classificationFromSubject } from '../../../../shared/search/classificationOf.js';
import type { SqliteDatabase } from '../openDatabase.js';
import type { Migration } from './migration.js';

const DOC_COLUMNS = 'subject, sender, recipients, body, attachments';
const NEW_VALUES = 'new.subject, new.sender, new.recipients, new.body, new.attachments';
const OLD_VALUES = 'old.subject, old.sender, old.recipients, old.body, old.attachments';

const ftsTriggers = (fts: string): string => `
  CREATE TRIGGER ${fts}_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO ${fts} (rowid, ${DOC_COLUMNS}) VALUES (new.message_id, ${NEW_VALUES});
  END;
  CREATE TRIGGER ${fts}_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO ${fts} (${fts}, rowid, ${DOC_COLUMNS}) VALUES ('delete', old.message_id, ${OLD_VALUES});
  END;
  CREATE TRIGGER ${fts}_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO ${fts} (${fts}, rowid, ${DOC_COLUMNS}) VALUES ('delete', old.message_id, ${OLD_VALUES});
    INSERT INTO ${fts} (rowid, ${DOC_COLUMNS}) VALUES (new.message_id, ${NEW_VALUES});
  END;`;

interface HeaderRow {
  id: number;
  subject: string;
  from_name: string | null;
  from_addr: string | null;
  to_json: string;
  cc_json: string;
}

const mailboxesText = (json: string): string => {
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return '';
    return list
      .map((m: { name?: unknown; address?: unknown }) =>
        [m.name, m.address].filter((v) => typeof v === 'string' && v).join(' '),
      )
      .join('\n');
  } catch {
    return '';
  }
};

/**
 * Header-only documents for the messages already cached by 0001, so search works on an upgraded profile
 * before its next sync. Bodies are indexed by the next sync (has_body = 0 marks them as pending).
 */
const backfill = (db: SqliteDatabase): void => {
  const insert = db.prepare(
    `INSERT INTO search_docs (message_id, has_body, ${DOC_COLUMNS}) VALUES (?, 0, ?, ?, ?, '', '')`,
  );
  const classify = db.prepare('UPDATE messages SET classification = ? WHERE id = ?');
  // Pages by id: better-sqlite3 cannot write while a statement is still iterating.
  const page = db.prepare<[number], HeaderRow>(
    'SELECT id, subject, from_name, from_addr, to_json, cc_json FROM messages WHERE id > ? ORDER BY id LIMIT 2000',
  );
  for (let last = 0; ; ) {
    const rows = page.all(last);
    if (rows.length === 0) break;
    for (const row of rows) {
      const sender = [row.from_name, row.from_addr].filter(Boolean).join(' ');
      const recipients = [mailboxesText(row.to_json), mailboxesText(row.cc_json)].filter(Boolean).join('\n');
      insert.run(row.id, row.subject, sender, recipients);
      const c = classificationFromSubject(row.subject);
      if (c !== 'none') classify.run(c, row.id);
      last = row.id;
    }
  }
};

export const migration0002Search: Migration = {
  version: 2,
  name: '0002_search',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN classification TEXT NOT NULL DEFAULT 'none'
        CHECK (classification IN ('none', 'confidential', 'secret', 'top-secret'));

      -- Search listings across every folder, newest first, and from: by exact address.
      CREATE INDEX messages_date ON messages (date DESC, uid DESC);
      CREATE INDEX messages_from_addr ON messages (from_addr COLLATE NOCASE) WHERE from_addr IS NOT NULL;

      -- has_body = 0: only header fields are indexed (body not cached yet, or cached but not yet parsed).
      CREATE TABLE search_docs (
        message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        has_body    INTEGER NOT NULL DEFAULT 0 CHECK (has_body IN (0, 1)),
        subject     TEXT NOT NULL DEFAULT '',
        sender      TEXT NOT NULL DEFAULT '',
        recipients  TEXT NOT NULL DEFAULT '',
        body        TEXT NOT NULL DEFAULT '',
        attachments TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX search_docs_pending ON search_docs (message_id) WHERE has_body = 0;

      CREATE VIRTUAL TABLE search_tri USING fts5(
        ${DOC_COLUMNS}, content = 'search_docs', content_rowid = 'message_id', tokenize = 'trigram'
      );
      CREATE VIRTUAL TABLE search_words USING fts5(
        ${DOC_COLUMNS}, content = 'search_docs', content_rowid = 'message_id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      ${ftsTriggers('search_tri')}
      ${ftsTriggers('search_words')}
    `);
    backfill(db);
  },
};
