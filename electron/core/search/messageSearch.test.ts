// The search store against the real encrypted database: documents built by the same code sync uses
// (headers, then parsed raw sources), queried through the query language.
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../../../shared/contract/result.js';
import type { SearchResult } from '../../../shared/domain/search.js';
import type { HeaderUpsert } from '../store/mailStore.js';
import { migrate } from '../store/migrate.js';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../store/openDatabase.js';
import { SqliteMailStore } from '../store/sqliteMailStore.js';
import { MessageSearch } from './messageSearch.js';
import { bodyDoc } from './searchDoc.js';
import { SearchIndex } from './searchIndex.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 10); // 2024-01-10, BE 2567

interface Fixture {
  uid: number;
  folder: 'INBOX' | 'Sent';
  subject: string;
  from: { name: string; address: string };
  to?: { name: string; address: string }[];
  body?: string;
  html?: string;
  attachment?: string;
  extraHeaders?: string[];
  flags?: string[];
  dayOffset: number;
  cache?: boolean;
}

const FIXTURES: Fixture[] = [
  { uid: 1, folder: 'INBOX', subject: 'ประกาศรับสมัครนักเรียนทุน', from: { name: 'สมชาย ใจดี', address: 'somchai@moe.go.th' },
    body: 'ขอประชาสัมพันธ์การรับสมัครนักเรียนทุนรัฐบาลประจำปี', dayOffset: 0, flags: ['\\Seen'] },
  { uid: 2, folder: 'INBOX', subject: '[ลับ] รายงานสาธารณสุขจังหวัด', from: { name: 'สำนักงานสาธารณสุข', address: 'report@moph.go.th' },
    body: 'ผลการดำเนินงานด้านสาธารณสุขมูลฐาน midbudgeting note', dayOffset: 1, flags: ['\\Flagged'] },
  { uid: 3, folder: 'INBOX', subject: 'Budget review for Q1', from: { name: 'Finance', address: 'finance@cgd.go.th' },
    to: [{ name: 'Alice', address: 'alice@example.go.th' }], body: 'Please find the budget review attached. e-Saraban ref 42.',
    attachment: 'สรุปงบประมาณ.pdf', dayOffset: 2, flags: ['\\Seen'] },
  { uid: 4, folder: 'INBOX', subject: 'Review budget later', from: { name: 'Bob', address: 'bob@example.com' },
    html: '<html><head><style>.x{}</style></head><body><p>กฎหมายใหม่ &amp; ระเบียบ</p><p>Meeting at จุฬาฯ</p></body></html>',
    dayOffset: 3 },
  { uid: 5, folder: 'Sent', subject: 'แจ้งเวียน', from: { name: 'Alice', address: 'alice@example.go.th' },
    to: [{ name: 'วิชัย', address: 'wichai@moi.go.th' }], body: 'เรื่องลับเฉพาะ', extraHeaders: ['X-Raksa-Classification: ลับที่สุด'],
    dayOffset: 4, flags: ['\\Seen'] },
  { uid: 6, folder: 'INBOX', subject: 'ไม่ได้ดาวน์โหลดเนื้อหา', from: { name: 'ระบบ', address: 'noreply@dga.or.th' },
    body: 'ข้อความนี้ไม่ได้อยู่ในแคช', dayOffset: 5, cache: false },
];

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const enc = (s: string): string => `=?UTF-8?B?${b64(s)}?=`;

function rawSource(f: Fixture): string {
  const head = [
    `From: ${enc(f.from.name)} <${f.from.address}>`,
    `To: ${(f.to ?? [{ name: 'Alice', address: 'alice@example.go.th' }]).map((m) => `${enc(m.name)} <${m.address}>`).join(', ')}`,
    `Subject: ${enc(f.subject)}`,
    `Date: ${new Date(T0 + f.dayOffset * DAY).toUTCString()}`,
    `Message-ID: <m${f.uid}@test>`,
    'MIME-Version: 1.0',
    ...(f.extraHeaders ?? []),
  ];
  const textPart = f.html
    ? ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(f.html)]
    : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(f.body ?? '')];
  if (!f.attachment) return [...head, ...textPart, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    ...textPart,
    '--b',
    'Content-Type: application/pdf',
    `Content-Disposition: attachment; filename="${enc(f.attachment)}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64('%PDF-1.4 test'),
    '--b--',
    '',
  ].join('\r\n');
}

void describe('MessageSearch over the encrypted store', () => {
  let dir: string;
  let db: SqliteDatabase;
  let search: MessageSearch;
  const ids = new Map<number, number>(); // uid → message id

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'raksa-search-'));
    db = openDatabase(join(dir, 'raksa.db'), randomBytes(32));
    migrate(db);
    const store = new SqliteMailStore(db);
    const account = store.addAccount({
      email: 'alice@example.go.th', displayName: 'Alice', user: 'alice', password: 'x',
      imap: { host: '127.0.0.1', port: 993, security: 'tls' }, smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    });
    store.replaceFolders(account.id, [
      { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
      { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: 'sent', subscribed: true },
    ]);
    const index = new SearchIndex(db);
    for (const f of FIXTURES) {
      const folder = store.findFolderByPath(account.id, f.folder);
      assert.ok(folder);
      const header: HeaderUpsert = {
        uid: f.uid, messageId: `<m${f.uid}@test>`, date: T0 + f.dayOffset * DAY, from: f.from,
        to: f.to ?? [{ name: 'Alice', address: 'alice@example.go.th' }], cc: [], subject: f.subject,
        flags: f.flags ?? [], size: 1000, hasAttachments: Boolean(f.attachment), inReplyTo: null,
      };
      store.upsertHeaders(folder.id, [header]);
      const id = store.listMessages(folder.id, 0, 100).items.find((m) => m.uid === f.uid)?.id;
      assert.ok(id);
      ids.set(f.uid, id);
    }
    assert.equal(index.indexNewHeaders(), FIXTURES.length);
    for (const f of FIXTURES) {
      if (f.cache === false) continue;
      const id = ids.get(f.uid)!;
      const source = new TextEncoder().encode(rawSource(f));
      const summary = store.getMessage(id)!;
      const doc = await bodyDoc(source, summary);
      index.transaction(() => {
        store.putRawSource(id, source);
        index.putDoc(id, doc, true);
      });
    }
    assert.deepEqual(index.listCachedWithoutBody(account.id, 10), []);
    // Dates are compared in UTC here so the test does not depend on the machine's time zone.
    search = new MessageSearch(db, { startOfDay: (d) => Date.UTC(d.year, d.month - 1, d.day) });
  });

  after(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (query: string, limit = 100, offset = 0): SearchResult => search.search({ query, limit, offset });
  const uids = (query: string): number[] => run(query).items.map((m) => m.uid);

  void it('Thai substrings inside unspaced compounds: เรียน in นักเรียน, สาธารณ in สาธารณสุข', () => {
    assert.deepEqual(uids('เรียน'), [1]);
    assert.deepEqual(uids('สาธารณ'), [2]);
    assert.deepEqual(uids('ดำเนินงาน'), [2], 'a body-only word');
  });

  void it('one- and two-character Thai queries', () => {
    assert.deepEqual(uids('ฎ'), [4], 'กฎหมาย, from an HTML-only body');
    assert.deepEqual(uids('ฬา'), [4], 'จุฬาฯ');
    assert.deepEqual(uids('ลับ'), [5, 2], 'ลับ in a subject prefix and a body, newest first');
  });

  void it('English: case-insensitive whole words with prefix matching, not substrings', () => {
    assert.deepEqual(uids('budget'), [4, 3]);
    assert.deepEqual(uids('BUDG'), [4, 3]);
    assert.deepEqual(uids('udget'), [], 'not a word start');
    assert.deepEqual(uids('midbudget'), [2]);
    assert.deepEqual(uids('saraban'), [3], 'e-Saraban splits into words');
  });

  void it('quoted phrases keep word order; several terms must all match', () => {
    assert.deepEqual(uids('"budget review"'), [3]);
    assert.deepEqual(uids('"review budget"'), [4]);
    assert.deepEqual(uids('budget review Q1'), [3]);
    assert.deepEqual(uids('"ประกาศรับสมัคร"'), [1]);
    assert.deepEqual(uids('budget สรุปงบ'), [3], 'Thai and English terms together');
  });

  void it('attachment names, sender and recipient names and addresses are searchable', () => {
    assert.deepEqual(uids('สรุปงบประมาณ'), [3]);
    assert.deepEqual(uids('งบประมาณ.pdf'), [3]);
    // A term mixing scripts: its Thai piece must be a substring and its other words must match as words.
    assert.deepEqual(uids('ประมาณ.pdf/-'), [3], 'regex syntax in a term is only text');
    assert.deepEqual(uids('ประมาณ.docx'), [], 'every piece of a mixed term must match');
    assert.deepEqual(uids('ประมาร.pdf'), [], 'every piece of a mixed term must match');
    assert.deepEqual(uids('from:somchai@moe.go.th'), [1]);
    assert.deepEqual(uids('from:SOMCHAI@MOE.GO.TH'), [1]);
    assert.deepEqual(uids('from:ใจดี'), [1]);
    assert.deepEqual(uids('from:moph.go.th'), [2]);
    assert.deepEqual(uids('from:finance'), [3]);
    assert.deepEqual(uids('to:วิชัย'), [5]);
    assert.deepEqual(uids('to:wichai@moi.go.th'), [5]);
    assert.deepEqual(uids('subject:budget'), [4, 3]);
    assert.deepEqual(uids('subject:มัคร'), [1]);
    assert.deepEqual(uids('subject:ดำเนินงาน'), [], 'body words are not in the subject');
  });

  void it('operators alone list messages newest first', () => {
    assert.deepEqual(uids(''), [6, 5, 4, 3, 2, 1]);
    assert.deepEqual(uids('in:INBOX is:unread'), [6, 4, 2]);
    assert.deepEqual(uids('in:sent'), [5], 'special-use name');
    assert.deepEqual(uids('is:flagged'), [2]);
    assert.deepEqual(uids('has:attachment'), [3]);
    assert.deepEqual(uids('class:ลับ'), [2]);
    assert.deepEqual(uids('class:top-secret'), [5], 'from the X-Raksa-Classification header');
    assert.deepEqual(uids('class:none in:INBOX'), [6, 4, 3, 1]);
  });

  void it('before:/after: by calendar day, Buddhist Era years accepted', () => {
    assert.deepEqual(uids('after:2024-01-12 before:2024-01-14'), [4, 3]);
    assert.deepEqual(uids('after:2567-01-12 before:2567-01-14'), [4, 3]);
    assert.deepEqual(uids('before:2567-01-11'), [1]);
  });

  void it('total counts every match; limit and offset page it', () => {
    const page = run('in:INBOX', 2, 1);
    assert.equal(page.total, 5);
    assert.deepEqual(page.items.map((m) => m.uid), [4, 3]);
    assert.equal(page.items[0]?.folderPath, 'INBOX');
  });

  void it('text queries: the total and every page agree with the whole result, alone or with other conditions', () => {
    const queries = ['ประ', 'budget', 'ลับ', 'budget is:unread', 'ประ in:INBOX', 'ประ before:2567-01-13', 'ฎ', 'ฎ ใหม่', 'review budget'];
    for (const q of queries) {
      const whole = run(q, 100, 0);
      assert.equal(whole.total, whole.items.length, q);
      const onePerPage = whole.items.map((_, i) => run(q, 1, i).items.map((m) => m.uid)).flat();
      assert.deepEqual(onePerPage, whole.items.map((m) => m.uid), q);
      const past = run(q, 5, whole.total + 3);
      assert.deepEqual([past.total, past.items.length], [whole.total, 0], `${q}: a page past the end still has the total`);
    }
    assert.deepEqual(uids('ประ'), [3, 1]);
    assert.deepEqual(uids('budget is:unread'), [4]);
    assert.deepEqual(uids('ประ before:2567-01-12'), [1]);
    assert.deepEqual(uids('ฎ ใหม่'), [4]);
  });

  void it('snippets are plain text with the ranges of each match', () => {
    const [hit] = run('เรียน').items;
    assert.ok(hit?.snippet);
    const marked = hit.snippet.highlights.map(([s, e]) => hit.snippet!.text.slice(s, e));
    assert.deepEqual(marked, ['เรียน']);
    const [english] = run('budg').items.filter((m) => m.uid === 3);
    assert.ok(english?.snippet);
    assert.deepEqual(
      english.snippet.highlights.map(([s, e]) => english.snippet!.text.slice(s, e)),
      ['budget'],
    );
    const [html] = run('กฎหมาย').items;
    assert.ok(html?.snippet?.text.includes('กฎหมายใหม่ & ระเบียบ'), 'HTML reduced to text, entities decoded');
    assert.ok(!html?.snippet?.text.includes('.x{}'), 'style content is not text');
  });

  void it('cached state is reported; uncached messages are found by their headers', () => {
    const [hit] = run('ดาวน์โหลด').items;
    assert.equal(hit?.uid, 6);
    assert.equal(hit?.cached, false);
    assert.equal(run('ข้อความนี้ไม่ได้อยู่ในแคช').total, 0, 'the body of an uncached message is not indexed');
    assert.equal(run('เรียน').items[0]?.cached, true);
  });

  void it('FTS syntax in user text is only text; bad operator values are INVALID_ARGUMENT', () => {
    assert.deepEqual(uids('budget OR NEAR'), []);
    assert.deepEqual(uids('"'), [6, 5, 4, 3, 2, 1]);
    assert.equal(run('subject:"a"" b').total, 0);
    assert.throws(() => run('before:2024-02-30'), (e: unknown) => isCodedError(e) && e.code === 'INVALID_ARGUMENT');
  });

  // Last: it deletes a message. A text-only total is counted from the index sets alone (messageSearch.ts), so
  // a deleted message must leave every one of them.
  void it('a deleted message leaves every total and page', () => {
    assert.deepEqual(uids('budget'), [4, 3]);
    assert.deepEqual([run('ฎ').total, run('ประ').total, run('"').total], [1, 2, 6]);
    db.prepare('DELETE FROM messages WHERE id IN (?, ?)').run(ids.get(3), ids.get(4));
    assert.deepEqual([run('budget').total, run('budget').items.length], [0, 0]);
    assert.deepEqual([run('ฎ').total, run('ประ').total, run('"').total], [0, 1, 4]);
    assert.deepEqual(uids('ประ'), [1]);
  });
});
