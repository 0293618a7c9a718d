// 0007 migrates from the version before it with documents in place (their tails are backfilled), keeps
// the tails in step with search_docs, and makes 1–2 character Thai queries exact: on a random corpus built
// to put the query at every position (start, middle, last two characters, columns of one or two
// characters), the trigram-vocabulary path returns exactly what the old LIKE scan returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountInput } from '../../../../shared/domain/schemas.js';
import { getSchemaVersion, migrate } from '../migrate.js';
import type { SqliteDatabase } from '../openDatabase.js';
import { SqliteMailStore } from '../sqliteMailStore.js';
import { SearchIndex } from '../../search/searchIndex.js';
import { MessageSearch } from '../../search/messageSearch.js';
import { localStartOfDay } from '../../search/compileQuery.js';
import { migration0007SearchTails } from './0007_search_tails.js';
import { MIGRATIONS } from './index.js';
import { databaseBefore, openTempDatabase } from './migrationTesting.js';

const all = MIGRATIONS;
const mine = all.find((m) => m.name === migration0007SearchTails.name);
const before = all.slice(0, all.indexOf(mine ?? migration0007SearchTails));

// A seeded generator: reproducible corpora.
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const ALPHABET = ['ก', 'ข', 'ค', 'ด', 'ฎ', 'ี', '่', 'า', 'เ', 'ม', ' ', 'A', 'b', '.'];

// current: through SearchIndex (today's schema); otherwise plain SQL, as the schema of 0006 takes it.
const fill = (db: SqliteDatabase, n: number, seed: number, current = true) => {
  const store = new SqliteMailStore(db);
  const a = store.addAccount(
    AccountInput.parse({ email: 'a@x.go.th', imap: { host: '127.0.0.1', port: 1, security: 'tls' }, smtp: { host: '127.0.0.1', port: 1, security: 'tls' }, user: 'a', password: 'p' }),
  );
  store.replaceFolders(a.id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
  const folder = store.findFolderByPath(a.id, 'INBOX');
  assert.ok(folder);
  const random = rng(seed);
  const text = (max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
  store.upsertHeaders(
    folder.id,
    Array.from({ length: n }, (_, i) => ({ uid: i + 1, messageId: null, date: 1_700_000_000_000 + i, from: null, to: [], cc: [], subject: '', flags: [], size: 1, hasAttachments: false, inReplyTo: null })),
  );
  const put = current
    ? (id: number, d: { subject: string; sender: string; recipients: string; body: string; attachments: string }) =>
        new SearchIndex(db).putDoc(id, { ...d, classification: 'none' }, true)
    : (id: number, d: { subject: string; sender: string; recipients: string; body: string; attachments: string }) =>
        db.prepare('INSERT INTO search_docs (message_id, has_body, subject, sender, recipients, body, attachments) VALUES (?, 1, ?, ?, ?, ?, ?)')
          .run(id, d.subject, d.sender, d.recipients, d.body, d.attachments);
  const ids = store.listMessages(folder.id, 0, n).items.map((m) => m.id);
  for (const id of ids) {
    // Short columns (0–4 characters) are common on purpose: they are the edge cases.
    put(id, { subject: text(4), sender: text(6), recipients: text(3), body: text(random() < 0.5 ? 3 : 60), attachments: text(2) });
  }
  return ids;
};

const ids = (search: MessageSearch, query: string) =>
  new Set(search.search({ query, limit: 1000, offset: 0 }).items.map((i) => i.id));

void test(`0007 backfills the tails of a filled database of version ${before.length}`, (t) => {
  const db = databaseBefore(t, migration0007SearchTails.name);
  const messageIds = fill(db, 40, 7, false);
  const docs = db.prepare('SELECT count(*) FROM search_docs').pluck().get();
  migrate(db, { migrations: all, target: before.length + 1 });
  assert.equal(getSchemaVersion(db), before.length + 1);
  assert.equal(db.prepare('SELECT count(*) FROM search_tails').pluck().get(), docs, 'one tail row per document');
  const mismatched = db
    .prepare(`SELECT count(*) FROM search_docs d JOIN search_tails s USING (message_id)
      WHERE s.subject IS NOT substr(d.subject, -2) OR s.body IS NOT substr(d.body, -2) OR s.attachments IS NOT substr(d.attachments, -2)`)
    .pluck()
    .get();
  assert.equal(mismatched, 0);
  const first = messageIds[0] ?? 0;
  db.prepare('DELETE FROM messages WHERE id = ?').run(first);
  assert.equal(db.prepare('SELECT count(*) FROM search_tails WHERE message_id = ?').pluck().get(first), 0, 'removed with the message');
});

void test('1–2 character Thai queries: the trigram-vocabulary path finds exactly what LIKE finds, in every field', (t) => {
  const db = openTempDatabase(t);
  migrate(db, { migrations: all });
  fill(db, 400, 42);
  const fast = new MessageSearch(db);
  // No shortTerm: compileQuery falls back to LIKE over search_docs, the reference.
  const like = new MessageSearch(db, { startOfDay: localStartOfDay, shortTerm: undefined });
  const random = rng(99);
  const thai = ALPHABET.filter((c) => /[\u0E00-\u0E7F]/u.test(c));
  const queries = [
    ...thai,
    // Thai pairs only: a term mixing scripts is split between the two indexes (0009), LIKE has no such notion.
    ...Array.from({ length: 30 }, () => `${thai[Math.floor(random() * thai.length)]}${thai[Math.floor(random() * thai.length)]}`),
  ];
  let nonEmpty = 0;
  for (const q of queries) {
    for (const query of [q, `subject:${q}`, `from:${q}`, `to:${q}`]) {
      const expected = ids(like, query);
      assert.deepEqual(ids(fast, query), expected, query);
      if (expected.size > 0) nonEmpty++;
    }
  }
  assert.ok(nonEmpty > queries.length, 'the corpus produces matches (a test of empty sets would prove nothing)');
  // The fast path really is the trigram path: the vocabulary table exists only once it was used.
  assert.equal(db.prepare("SELECT count(*) FROM temp.sqlite_schema WHERE name = 'search_tri_vocab'").pluck().get(), 1);
});
