import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import {
  readFixture,
  THAI_FIXTURES,
  thaiAttachments,
  type ThaiFixture,
} from '../../../test/fixtures/index.js';
import { fallbackDoc, InThreadDocParser } from './docParser.js';
import { DocWorkerPool, docWorkerScript } from './docWorkerPool.js';
import { bodyDoc, type SearchDoc } from './searchDoc.js';

const summaryOf = (f: ThaiFixture, id = 1): MessageSummary => ({
  id,
  accountId: 1,
  folderId: 1,
  uid: id,
  date: 0,
  from: f.from,
  subject: f.subject,
  unread: true,
  flagged: false,
  hasAttachments: f.attachments.length > 0,
  size: readFixture(f).byteLength,
  cached: true,
});

/** A message postal-mime refuses: deeper MIME nesting than its limit (256). */
const unparsable = new TextEncoder().encode(
  Array.from(
    { length: 300 },
    (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
  ).join(''),
);
const unparsableSummary: MessageSummary = {
  ...summaryOf(THAI_FIXTURES[0] as ThaiFixture),
  subject: 'เรื่องที่อ่านไม่ได้',
};

/** The real worker (TypeScript entry through tsx), every one it creates recorded. */
function recordingWorkers(): { created: Worker[]; createWorker: () => Worker } {
  const script = docWorkerScript();
  const created: Worker[] = [];
  return {
    created,
    createWorker: () => {
      const w = new Worker(script.path, { workerData: script.workerData });
      created.push(w);
      return w;
    },
  };
}

// A stand-in that speaks the pool's protocol: answers with the subject and the source's length, and exits
// (like a crash) on a message whose subject is KILL; `startup` runs first (a broken bundle throws there).
const fakeWorker = (startup = ''): Worker =>
  new Worker(
    `${startup}
     const { parentPort } = require('node:worker_threads');
     parentPort.postMessage({ t: 'ready' });
     parentPort.on('message', ({ jobs }) => {
       for (const j of jobs) {
         if (j.summary.subject === 'KILL') process.exit(7);
         parentPort.postMessage({ t: 'doc', id: j.id, doc: { subject: j.summary.subject, sender: '', recipients: '',
           body: String(j.source.byteLength), attachments: '', classification: 'none' } });
       }
     });`,
    { eval: true },
  );

/** A one-thread pool of fakeWorker(startup)s, counting the workers it creates. */
function fakePool(startup = ''): { pool: DocWorkerPool; created: () => number } {
  let created = 0;
  const pool = new DocWorkerPool({
    size: 1,
    createWorker: () => {
      created++;
      return fakeWorker(startup);
    },
  });
  return { pool, created: () => created };
}

const fakeDoc = (subject: string, bytes: number): SearchDoc => ({
  subject,
  sender: '',
  recipients: '',
  body: String(bytes),
  attachments: '',
  classification: 'none',
});

void test('the pool parses each Thai fixture to the same document as bodyDoc in this thread', async () => {
  for (const size of [1, 2]) {
    const pool = new DocWorkerPool({ size });
    try {
      // Many jobs at once, interleaved, so both workers of the 2-pool get some of each.
      const jobs = Array.from(
        { length: 40 },
        (_, i) => THAI_FIXTURES[i % THAI_FIXTURES.length] as ThaiFixture,
      );
      const docs = await Promise.all(jobs.map((f, i) => pool.parse(readFixture(f), summaryOf(f, i + 1))));
      for (const [i, f] of jobs.entries()) {
        const expected = await bodyDoc(readFixture(f), summaryOf(f, i + 1));
        assert.deepEqual(docs[i], expected, `${f.file} (pool of ${size})`);
        assert.match(docs[i]?.body ?? '', new RegExp(f.searchWord, 'u'));
      }
      assert.equal(pool.threads, size);
    } finally {
      await pool.close();
    }
    assert.equal(pool.threads, 0);
  }
});

void test('the source stays intact for the caller (the worker gets a copy)', async () => {
  const pool = new DocWorkerPool({ size: 1 });
  try {
    const bytes = readFixture(thaiAttachments);
    // A view into a larger buffer, as imapflow hands out sources.
    const big = new Uint8Array(bytes.byteLength + 100);
    big.set(bytes, 50);
    const view = big.subarray(50, 50 + bytes.byteLength);
    const doc = await pool.parse(view, summaryOf(thaiAttachments));
    assert.deepEqual(doc, await bodyDoc(bytes, summaryOf(thaiAttachments)));
    assert.equal(view.byteLength, bytes.byteLength);
    assert.ok(Buffer.from(view).equals(bytes));
  } finally {
    await pool.close();
  }
});

void test('an unparsable message gives the header-only fallback, in the pool as in this thread', async () => {
  await assert.rejects(bodyDoc(unparsable, unparsableSummary), /nesting/u);
  const expected = fallbackDoc(unparsableSummary);
  assert.equal(expected.subject, 'เรื่องที่อ่านไม่ได้');
  const pool = new DocWorkerPool({ size: 1 });
  const inThread = new InThreadDocParser();
  try {
    assert.deepEqual(await pool.parse(unparsable, unparsableSummary), expected);
    assert.deepEqual(await inThread.parse(unparsable, unparsableSummary), expected);
    // The worker is still there and parses the next message.
    const f = THAI_FIXTURES[1] as ThaiFixture;
    assert.deepEqual(
      await pool.parse(readFixture(f), summaryOf(f)),
      await bodyDoc(readFixture(f), summaryOf(f)),
    );
    assert.equal(pool.threads, 1);
  } finally {
    await pool.close();
    await inThread.close();
  }
});

void test(
  'a worker terminated mid-job is replaced and none of its jobs is lost',
  { timeout: 60_000 },
  async () => {
    const workers = recordingWorkers();
    const pool = new DocWorkerPool({ size: 1, createWorker: workers.createWorker });
    try {
      const jobs = Array.from(
        { length: 120 },
        (_, i) => THAI_FIXTURES[i % THAI_FIXTURES.length] as ThaiFixture,
      );
      let answered = 0;
      const pending = jobs.map((f, i) =>
        pool.parse(readFixture(f), summaryOf(f, i + 1)).then((d) => {
          answered++;
          return d;
        }),
      );
      // Once the first answer is in, the worker is busy with the rest: kill it there.
      await Promise.race(pending);
      assert.ok(answered < jobs.length, 'the worker was still busy when it was killed');
      await workers.created[0]?.terminate();
      const docs = await Promise.all(pending);
      assert.equal(workers.created.length, 2, 'one replacement worker');
      for (const [i, f] of jobs.entries()) {
        assert.deepEqual(docs[i], await bodyDoc(readFixture(f), summaryOf(f, i + 1)), `job ${i}`);
      }
    } finally {
      await pool.close();
    }
  },
);

void test('a message that kills its worker is retried once, then gets its fallback; the others are answered', async () => {
  const { pool, created } = fakePool();
  try {
    const f = THAI_FIXTURES[0] as ThaiFixture;
    const subjects = ['a', 'b', 'KILL', 'c', 'd'];
    const docs = await Promise.all(
      subjects.map((subject, i) => pool.parse(new Uint8Array(10 + i), { ...summaryOf(f, i + 1), subject })),
    );
    assert.deepEqual(docs, [
      fakeDoc('a', 10),
      fakeDoc('b', 11),
      fallbackDoc({ subject: 'KILL', from: f.from }),
      fakeDoc('c', 13),
      fakeDoc('d', 14),
    ]);
    assert.equal(created(), 3, 'the first worker, the one that retried KILL, the one that parsed the rest');
  } finally {
    await pool.close();
  }
});

void test('workers that cannot start: after a few tries the pool parses in this thread', async () => {
  const { pool, created } = fakePool("throw new Error('broken bundle');");
  try {
    const docs = await Promise.all(THAI_FIXTURES.map((f) => pool.parse(readFixture(f), summaryOf(f))));
    for (const [i, f] of THAI_FIXTURES.entries()) {
      assert.deepEqual(docs[i], await bodyDoc(readFixture(f), summaryOf(f)), f.file);
    }
    assert.equal(created(), 3);
    assert.equal(pool.threads, 0);
    // From now on straight in this thread: no more workers.
    const f = THAI_FIXTURES[2] as ThaiFixture;
    assert.deepEqual(
      await pool.parse(readFixture(f), summaryOf(f)),
      await bodyDoc(readFixture(f), summaryOf(f)),
    );
    assert.equal(created(), 3);
  } finally {
    await pool.close();
  }
});

void test('close() rejects the jobs still waiting, stops every thread, and later calls reject', async () => {
  const pool = new DocWorkerPool({ size: 2 });
  const f = THAI_FIXTURES[0] as ThaiFixture;
  const pending = Array.from({ length: 20 }, (_, i) => pool.parse(readFixture(f), summaryOf(f, i + 1)));
  const settled = Promise.allSettled(pending);
  await new Promise((r) => setImmediate(r));
  assert.equal(pool.threads, 2);
  await pool.close();
  assert.equal(pool.threads, 0);
  const results = await settled;
  assert.ok(
    results.some((r) => r.status === 'rejected'),
    'jobs in flight at close are rejected, not left hanging',
  );
  await assert.rejects(pool.parse(readFixture(f), summaryOf(f)), /closed/u);
});

void test(
  'after close() the process exits on its own (no thread left running)',
  { timeout: 60_000 },
  async (t) => {
    const pool = fileURLToPath(new URL('./docWorkerPool.ts', import.meta.url));
    const fixtures = fileURLToPath(new URL('../../../test/fixtures/index.ts', import.meta.url));
    // Without close() the worker keeps this child alive and execFile's timeout kills it (a failure).
    const script = `
    const { DocWorkerPool } = await import(${JSON.stringify(pool)});
    const { readFixture, thaiPlain: f } = await import(${JSON.stringify(fixtures)});
    const p = new DocWorkerPool({ size: 1 });
    const doc = await p.parse(readFixture(f), { id: 1, accountId: 1, folderId: 1, uid: 1, date: 0, from: f.from,
      subject: f.subject, unread: true, flagged: false, hasAttachments: false, size: 1, cached: true });
    await p.close();
    process.stdout.write(doc.body.includes(f.searchWord) ? 'parsed' : 'wrong');`;
    // A script file, not `-e`: an evaluated script's process ends when the script does, workers or not.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'raksa-docpool-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'child.mjs');
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
      timeout: 30_000,
    });
    assert.equal(stdout, 'parsed');
  },
);
