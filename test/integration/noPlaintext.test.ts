// Issue 3 §1: no plaintext at rest. Messages carrying unique markers (subject, body, attachment, sender
// address; Thai and ASCII) are synced and indexed with `raksa sync --once`, an attachment is opened through
// the API, a large temp table is sorted with a tiny cache, the profile is closed; then every file under
// the profile and the temp folder is searched for every marker in raw, base64, quoted-printable and UTF-16
// forms. Zero hits. The scanner itself is proven on a planted file, and the temp-file check on a control
// database that is allowed to spill.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { startDovecot, appendMessage, type DovecotServer } from '../servers/dovecot.js';
import { openProfile } from '../../electron/core/profile/openProfile.js';
import { PassphraseSecretStorage } from '../../electron/core/secrets/passphraseSecretStorage.js';
import { closeDatabase, openDatabase } from '../../electron/core/store/openDatabase.js';
import { DATABASE_FILE } from '../../electron/core/host/composition.js';
import { filesUnder, markerForms, scanFiles } from '../support/markerScan.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'raksa.mjs');
const PASS = 'no-plaintext passphrase ทดสอบ';

const hex = () => randomBytes(10).toString('hex').toUpperCase();
// Thai consonants only (no combining marks), so the marker survives NFC and every tokenizer unchanged.
const thai = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(0x0e01 + randomInt(0, 0x2e))).join('');
const MARKERS = {
  subjectAscii: `SUBJ${hex()}`,
  subjectThai: `หัวเรื่อง${thai(10)}`,
  bodyAscii: `BODY${hex()}`,
  bodyThai: `เนื้อความ${thai(10)}`,
  attachmentAscii: `ATTC${hex()}`,
  attachmentThai: `ไฟล์แนบ${thai(10)}`,
  attachmentName: `NAME${hex()}`,
  senderAscii: `from${hex().toLowerCase()}`,
  senderThai: `ผู้ส่ง${thai(10)}`,
};

let server: DovecotServer;
let work: string;
let profile: string;
let temp: string;
const savedTmp = process.env.TMPDIR;

const b64lines = (s: string | Buffer) => Buffer.from(s).toString('base64').replace(/.{76}/gu, '$&\r\n');
const word = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

const markedMessage = (): string =>
  [
    `From: ${word(`${MARKERS.senderThai}`)} <${MARKERS.senderAscii}@example.go.th>`,
    'To: alice@example.go.th',
    `Subject: ${word(`${MARKERS.subjectThai} ${MARKERS.subjectAscii}`)}`,
    'Date: Wed, 01 May 2024 09:00:00 +0700',
    `Message-ID: <marked-${hex()}@example.go.th>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="np"',
    '',
    '--np',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64lines(`เรียน ท่าน\r\n${MARKERS.bodyThai}\r\n${MARKERS.bodyAscii}\r\n`),
    '--np',
    `Content-Type: text/plain; charset=utf-8; name="${MARKERS.attachmentName}.txt"`,
    `Content-Disposition: attachment; filename="${MARKERS.attachmentName}.txt"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64lines(`${MARKERS.attachmentThai}\n${MARKERS.attachmentAscii}\n`),
    '--np--',
    '',
  ].join('\r\n');

// The same Thai body marker, this time quoted-printable in an HTML part, so the stored text is decoded from QP.
const qpMessage = (): string => {
  const html = `<p>${MARKERS.bodyThai}</p>`;
  const qp = [...Buffer.from(html)].map((b) => (b < 0x80 && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase()}`)).join('');
  return [
    `From: <${MARKERS.senderAscii}@example.go.th>`,
    'To: alice@example.go.th',
    `Subject: ${word(MARKERS.subjectThai)}`,
    'Date: Thu, 02 May 2024 09:00:00 +0700',
    `Message-ID: <qp-${hex()}@example.go.th>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp.replace(/.{70}/gu, '$&=\r\n'),
    '',
  ].join('\r\n');
};

const raksa = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, TMPDIR: temp, RAKSA_NP_PASS: PASS, MAILPASS: 'alice-secret-1' }, timeout: 180_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

const openFdsUnder = (dir: string): string[] => {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir) || target.includes('etilqs')) out.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return out;
};

before(async () => {
  // Dovecot keeps its Maildirs (plaintext by design: it is the server) in its own temp dir, started before
  // TMPDIR points at the folder we scan.
  server = await startDovecot();
  work = mkdtempSync(path.join(os.tmpdir(), 'raksa-noplain-'));
  profile = path.join(work, 'profile');
  temp = path.join(work, 'tmp');
  writeFileSync(path.join(work, 'ca.pem'), server.caPem);
  mkdirSync(temp, { mode: 0o700 });
  await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', markedMessage());
  await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', qpMessage());
});

after(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

void test('the scanner finds every form of every marker when they are there', () => {
  const plant = path.join(work, 'planted.bin');
  const forms = Object.values(MARKERS).flatMap((m) => markerForms(m));
  // Each form embedded at an odd offset between random bytes, plus base64 of the marker at all alignments.
  writeFileSync(
    plant,
    Buffer.concat([
      ...forms.map((f) => Buffer.concat([randomBytes(7), f.bytes])),
      ...Object.values(MARKERS).flatMap((m) => [0, 1, 2].map((p) => Buffer.from(Buffer.concat([Buffer.alloc(p, 0x20), Buffer.from(m)]).toString('base64')))),
    ]),
  );
  assert.equal(scanFiles([plant], forms).length, forms.length);
  rmSync(plant);
});

void test('after sync, indexing, an opened attachment and a spilled sort: no marker anywhere on disk', async () => {
  const common = ['--profile', profile, '--passphrase-env', 'RAKSA_NP_PASS', '--ca-file', path.join(work, 'ca.pem')];
  const added = await raksa([
    'account', 'add', ...common, '--email', 'alice@example.go.th', '--imap-host', '127.0.0.1',
    '--imap-port', String(server.imapsPort), '--smtp-host', '127.0.0.1', '--smtp-port', '465', '--security', 'tls',
    '--user', 'alice', '--password-env', 'MAILPASS', '--json',
  ]);
  assert.equal(added.code, 0, added.stderr);
  const synced = await raksa(['sync', ...common, '--once', '--json']);
  assert.equal(synced.code, 0, synced.stderr);

  // The worker below runs in this process: its os.tmpdir() is now the scanned folder.
  process.env.TMPDIR = temp;
  const core = await openProfile({ profileDir: profile, passphrase: PASS });
  let attachmentPath: string | undefined;
  try {
    // Sanity: everything is there and indexed (a test that found nothing because nothing was stored proves nothing).
    for (const m of [MARKERS.subjectAscii, MARKERS.bodyAscii, MARKERS.bodyThai, MARKERS.attachmentName, MARKERS.senderThai]) {
      const r = await core.call('search.query', { query: m });
      assert.ok(r.ok && r.value.total >= 1, `indexed: ${m}`);
    }
    const hit = await core.call('search.query', { query: MARKERS.subjectAscii });
    assert.ok(hit.ok);
    const id = hit.value.items[0]?.id ?? 0;
    const opened = await core.call('messages.openAttachment', { id, index: 0 });
    assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
    attachmentPath = opened.value.path;
    assert.ok(attachmentPath.startsWith(`${temp}${path.sep}raksa-att-`), attachmentPath);
    assert.equal(opened.value.risk.dangerous, false);
    assert.match(readFileSync(attachmentPath, 'utf8'), new RegExp(MARKERS.attachmentAscii, 'u'), 'the copy is the decrypted attachment');
    assert.equal(statSync(attachmentPath).mode & 0o777, 0o600);
    const folder = path.dirname(path.dirname(attachmentPath));
    assert.equal(statSync(folder).mode & 0o777, 0o700);
  } finally {
    await core.close();
  }
  assert.ok(attachmentPath);
  assert.equal(existsSync(attachmentPath), false, 'the copy is removed when the profile closes');
  assert.deepEqual(readdirSync(temp).filter((n) => n.startsWith('raksa-att-')), []);

  // A large temp table and a sort over it with a tiny cache, on the real profile database.
  const key = await new PassphraseSecretStorage({ profileDir: profile, passphrase: PASS }).loadOrCreateDatabaseKey();
  const db = openDatabase(path.join(profile, DATABASE_FILE), key);
  try {
    assert.equal(db.pragma('temp_store', { simple: true }), 2, 'temp_store=MEMORY is asserted');
    db.pragma('cache_size = -64');
    db.pragma('temp.cache_size = -64');
    db.exec(`CREATE TEMP TABLE spill AS
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
      SELECT i, '${MARKERS.bodyAscii} ' || hex(randomblob(64)) || ' ${MARKERS.subjectThai}' AS v FROM n`);
    const rows = db.prepare('SELECT v FROM spill ORDER BY v DESC').iterate();
    // The sorter has run (and would have spilled) once the first row is out; its temp files would be open now.
    const first = rows.next();
    assert.equal(first.done, false);
    assert.deepEqual(openFdsUnder(temp), [], 'no temp file open while the sort is in progress');
    rows.return?.();
    db.exec('DROP TABLE spill');
  } finally {
    closeDatabase(db);
    key.fill(0);
  }
  assert.deepEqual(readdirSync(temp).filter((n) => n.startsWith('etilqs')), []);

  const files = [...filesUnder(profile), ...filesUnder(temp)];
  assert.ok(files.some((f) => f.endsWith(DATABASE_FILE) && statSync(f).size > 0), 'the database was scanned');
  const forms = Object.values(MARKERS).flatMap((m) => markerForms(m));
  assert.deepEqual(scanFiles(files, forms), [], `files scanned: ${files.map((f) => path.relative(work, f)).join(', ')}`);
});

void test('control: a database allowed to spill (temp_store=FILE) does open a temp file, so the check above can fail', () => {
  const dir = mkdtempSync(path.join(work, 'control-'));
  const prev = process.env.SQLITE_TMPDIR;
  process.env.SQLITE_TMPDIR = dir;
  const db = new Database(path.join(dir, 'control.db'));
  try {
    db.pragma('temp_store = 1');
    db.pragma('cache_size = -64');
    db.exec(`CREATE TABLE t AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
      SELECT i, hex(randomblob(64)) AS v FROM n`);
    const rows = db.prepare('SELECT v FROM t ORDER BY v DESC').iterate();
    rows.next();
    assert.ok(openFdsUnder(dir).some((f) => f.includes('etilqs')), `open: ${openFdsUnder(dir).join(', ')}`);
    rows.return?.();
  } finally {
    db.close();
    if (prev === undefined) delete process.env.SQLITE_TMPDIR;
    else process.env.SQLITE_TMPDIR = prev;
  }
});
