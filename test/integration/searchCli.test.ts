// `raksa sync --once` returns only when everything is cached and indexed: after it, with Dovecot stopped,
// `raksa show` opens every message and `raksa search` finds body markers and attachment names — offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMailbox, connectImap, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { THAI_FIXTURES, readFixture, thaiAttachments } from '../fixtures/index.js';
import { generatedMessage, markerOf } from './generatedMail.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');
const THAI_FOLDER = 'งานสารบรรณ';
const INBOX_GENERATED = 8;
const FOLDER_GENERATED = 4;
const DAY = 86_400_000;
const BASE = Date.UTC(2024, 4, 1);

let server: DovecotServer;
let work: string;
let caFile: string;
let profile: string;

interface SearchJson {
  id: number;
  folder: string;
  date: string;
  from: string | null;
  subject: string;
  unread: boolean;
  flagged: boolean;
  cached: boolean;
  snippet: { text: string; highlights: [number, number][] } | null;
}

const raksa = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, RAKSA_TEST_PASS: 'correct horse battery', ...env }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

const profileArgs = () => ['--profile', profile, '--passphrase-env', 'RAKSA_TEST_PASS', '--ca-file', caFile];

const searchJson = async (query: string, extra: string[] = []): Promise<SearchJson[]> => {
  const r = await raksa(['search', ...profileArgs(), query, ...extra, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as SearchJson[];
};

before(async () => {
  server = await startDovecot();
  work = await mkdtemp(path.join(os.tmpdir(), 'raksa-search-cli-'));
  profile = path.join(work, 'profile');
  caFile = path.join(work, 'ca.pem');
  await writeFile(caFile, server.caPem);
  await createMailbox(server, 'alice', 'alice-secret-1', THAI_FOLDER);
  const c = await connectImap(server, 'alice', 'alice-secret-1');
  try {
    for (const f of THAI_FIXTURES) await c.append('INBOX', readFixture(f), []);
    for (let i = 1; i <= INBOX_GENERATED; i++) await c.append('INBOX', generatedMessage(i, BASE + i * DAY), i % 2 ? [] : ['\\Seen']);
    for (let i = 101; i <= 100 + FOLDER_GENERATED; i++) await c.append(THAI_FOLDER, generatedMessage(i, BASE + i * DAY), ['\\Flagged']);
  } finally {
    await c.logout();
  }
});

after(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('sync --once caches and indexes everything; show and search then work with the server stopped', async () => {
  const added = await raksa(
    [
      'account', 'add', ...profileArgs(), '--email', 'alice@example.go.th', '--imap-host', '127.0.0.1',
      '--imap-port', String(server.imapsPort), '--smtp-host', '127.0.0.1', '--smtp-port', '465', '--security', 'tls',
      '--user', 'alice', '--password-env', 'MAILPASS', '--json',
    ],
    { MAILPASS: 'alice-secret-1' },
  );
  assert.equal(added.code, 0, added.stderr);
  const synced = await raksa(['sync', ...profileArgs(), '--once', '--json']);
  assert.equal(synced.code, 0, synced.stderr);

  await server.stop();

  const total = THAI_FIXTURES.length + INBOX_GENERATED + FOLDER_GENERATED;
  const all = await searchJson('after:1970-01-01');
  assert.equal(all.length, total);
  assert.ok(all.every((m) => m.cached), 'every message is cached');
  const dates = all.map((m) => Date.parse(m.date));
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
  assert.deepEqual(new Set(all.map((m) => m.folder)), new Set(['INBOX', THAI_FOLDER]));
  for (const m of all) {
    assert.equal(typeof m.id, 'number');
    assert.equal(typeof m.subject, 'string');
    assert.equal(typeof m.unread, 'boolean');
    assert.equal(typeof m.flagged, 'boolean');
    assert.match(m.date, /^\d{4}-\d\d-\d\dT/u);
  }

  // Every message opens from the encrypted cache with no server.
  for (const m of all) {
    const shown = await raksa(['show', ...profileArgs(), String(m.id), '--json']);
    assert.equal(shown.code, 0, `show ${m.id}: ${shown.stderr}`);
    const view = JSON.parse(shown.stdout) as { summary: { subject: string }; text: string | null; html: string | null };
    assert.equal(view.summary.subject, m.subject);
    assert.ok(view.text ?? view.html, `message ${m.id} has a body offline`);
  }

  for (const i of [1, 8, 103]) {
    const marker = markerOf(i);
    const thai = await searchJson(marker.thai);
    assert.deepEqual(thai.map((m) => m.subject), [`ข้อความทดสอบที่ ${i}`], `Thai marker ${marker.thai}`);
    const hl = thai[0]?.snippet?.highlights[0];
    assert.ok(hl && thai[0]?.snippet?.text.slice(hl[0], hl[1]) === marker.thai, 'snippet highlights the marker');
    assert.equal((await searchJson(marker.ascii)).length, 1, marker.ascii);
  }
  assert.deepEqual((await searchJson('รายงานผล-8.pdf')).map((m) => m.subject), ['ข้อความทดสอบที่ 8']);
  const attachmentName = thaiAttachments.attachments[0]?.filename ?? '';
  assert.deepEqual((await searchJson(attachmentName)).map((m) => m.subject), [thaiAttachments.subject]);
  for (const f of THAI_FIXTURES) {
    assert.deepEqual((await searchJson(f.bodyMarker)).map((m) => m.subject), [f.subject], f.file);
  }
  assert.equal((await searchJson('เรียน')).length >= INBOX_GENERATED + FOLDER_GENERATED, true, 'เรียน inside compounds');
  assert.equal((await searchJson(`in:${THAI_FOLDER} is:flagged`)).length, FOLDER_GENERATED);
  assert.equal((await searchJson('in:INBOX is:unread')).every((m) => m.unread && m.folder === 'INBOX'), true);
  assert.equal((await searchJson('สาธารณ', ['--limit', '3'])).length, 3);

  const text = await raksa(['search', ...profileArgs(), 'marker3z']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /ข้อความทดสอบที่ 3/u);
  const bad = await raksa(['search', ...profileArgs(), 'before:someday', '--json']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /INVALID_ARGUMENT/u);
});
