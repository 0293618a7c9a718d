// 0010 migrates a filled database of the version before it: from: keeps finding the same messages, newest
// first, now read from the (address, date) index without sorting or a row lookup per message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSchemaVersion, migrate } from '../migrate.js';
import { MessageSearch } from '../../search/messageSearch.js';
import { MIGRATIONS } from './index.js';
import { databaseBefore, insertAccountAndInbox, migrationNamed } from './migrationTesting.js';

const { mine, previous } = migrationNamed('0010_from_date');

void test('0010 indexes senders with their dates, and from: finds the same messages newest first', (t) => {
  const db = databaseBefore(t, mine.name);
  insertAccountAndInbox(db);
  const insert = db.prepare('INSERT INTO messages (id, folder_id, uid, date, from_addr, subject) VALUES (?, 1, ?, ?, ?, ?)');
  // [id, date, sender]: ids not in date order, senders in mixed case, one message without a sender.
  const rows: [number, number, string | null][] = [
    [1, 30, 'Finance@CGD.go.th'], [2, 10, 'finance@cgd.go.th'], [3, 20, 'other@moe.go.th'], [4, 40, null], [5, 50, 'finance@cgd.go.th'],
  ];
  for (const [id, date, from] of rows) insert.run(id, id, date, from, `m${id}`);
  const found = (q: string): { total: number; ids: number[] } => {
    const r = new MessageSearch(db).search({ query: q, limit: 50, offset: 0 });
    return { total: r.total, ids: r.items.map((i) => i.id) };
  };
  const before = found('from:finance@cgd.go.th');
  assert.deepEqual(before, { total: 3, ids: [5, 1, 2] });

  assert.deepEqual(migrate(db, { migrations: MIGRATIONS, target: mine.version }), { from: previous, to: mine.version });
  assert.equal(getSchemaVersion(db), mine.version);
  assert.deepEqual(found('from:finance@cgd.go.th'), before);
  assert.deepEqual(found('from:FINANCE@cgd.go.th after:1970-01-01'), before);
  const indexes = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'messages'").pluck().all();
  assert.ok(indexes.includes('messages_from_date'));
  assert.ok(!indexes.includes('messages_from_addr'), 'the address-only index is replaced, not kept beside');
  // The page comes from the index in order: no sort of the sender's messages.
  const plan = db
    .prepare<[], { detail: string }>(
      `EXPLAIN QUERY PLAN SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id
       WHERE m.from_addr = 'finance@cgd.go.th' COLLATE NOCASE ORDER BY m.date DESC, m.uid DESC LIMIT 50`,
    )
    .all()
    .map((r) => r.detail)
    .join('\n');
  assert.match(plan, /messages_from_date/u);
  assert.doesNotMatch(plan, /TEMP B-TREE/u);
});
