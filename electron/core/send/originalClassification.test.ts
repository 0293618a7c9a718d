// The reply check's lookup of the original (issue 5 §4) over messages the sync writer stored and threaded:
// found through thread_msgids and the thread's rows, by In-Reply-To or else the last of References, every copy
// counting; the query reads indexes only, so it stays quick in a 100,000-message store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate } from '../store/migrate.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { insertAccountAndInbox, openTempDatabase } from '../store/migrations/migrationTesting.js';
import { SqliteSyncWriter } from '../store/sqliteSyncWriter.js';
import type { SyncHeader } from '../sync/headerWriter.js';
import { ORIGINAL_IN_THREAD_SQL, OriginalClassificationLookup } from './originalClassification.js';

const header = (uid: number, messageId: string, subject: string, inReplyTo: string | null = null): SyncHeader => ({
  uid, messageId, inReplyTo, subject, date: uid * 1000, from: null, to: [], cc: [], flags: [], size: 1,
  hasAttachments: false, references: inReplyTo ? [inReplyTo] : [],
});

void test('the original of a reply is found among the synced, threaded messages, every copy counting', (t) => {
  const db = openTempDatabase(t);
  migrate(db, { migrations: MIGRATIONS });
  insertAccountAndInbox(db);
  db.prepare("INSERT INTO folders (account_id, path, name, delimiter) VALUES (1, 'Archive', 'Archive', '/')").run();
  const writer = new SqliteSyncWriter(db);
  writer.commit(1, { headers: [header(1, '<plan@moph.go.th>', '[ลับ] แผนงาน'), header(2, '<re@moph.go.th>', 'Re: แผนงาน', '<plan@moph.go.th>')] });
  // The same message filed again elsewhere, marked higher there: the stronger class counts.
  writer.commit(2, { headers: [header(1, '<plan@moph.go.th>', '[ลับมาก] แผนงาน')] });
  const lookup = new OriginalClassificationLookup(db);
  assert.equal(lookup.find('<plan@moph.go.th>', []), 'secret');
  assert.equal(lookup.find(undefined, ['<other@moph.go.th>', '<re@moph.go.th>']), 'none', 'the last of References, unmarked');
  assert.equal(lookup.find('<missing@moph.go.th>', []), null);

  const plan = db
    .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${ORIGINAL_IN_THREAD_SQL}`)
    .all('<plan@moph.go.th>', '<plan@moph.go.th>')
    .map((r) => r.detail)
    .join('\n');
  assert.match(plan, /SEARCH t USING PRIMARY KEY/u);
  assert.match(plan, /SEARCH m USING INDEX messages_thread/u);
  assert.doesNotMatch(plan, /SCAN m\b/u);
});
