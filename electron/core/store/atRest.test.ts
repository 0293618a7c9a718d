// Proves that nothing written through the store reaches the disk in the clear: every file beside the
// database (the db itself, -wal, -shm, and anything else SQLite may create) is scanned for the markers in
// UTF-8 and both UTF-16 byte orders, while the database is open (WAL full of fresh pages) and after close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AccountInput } from '../../../shared/domain/schemas.js';
import { SqliteMailStore } from './sqliteMailStore.js';

const encodings = (s: string): Buffer[] => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [Buffer.from(s, 'utf8'), le, be];
};

const scan = (dir: string, markers: readonly string[]): { files: string[]; leaks: string[] } => {
  const files = readdirSync(dir);
  const leaks: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    for (const m of markers) {
      encodings(m).forEach((enc, i) => {
        if (bytes.includes(enc)) leaks.push(`${f}: ${m} (${['utf8', 'utf16le', 'utf16be'][i]})`);
      });
    }
  }
  return { files, leaks };
};

void test('subjects, addresses, passwords and sources never reach the disk in plaintext', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'raksa-rest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tag = randomBytes(8).toString('hex');
  const subject = `MARKER-${tag}`;
  const thai = `ลับมาก-เรื่องทดสอบ-${tag}`;
  const password = `PASS-${tag}`;
  const address = `marker-${tag}@moph.go.th`;
  const body = `BODY-${tag}`;
  const markers = [subject, thai, password, address, body, 'SQLite format 3'];

  const store = SqliteMailStore.open(join(dir, 'mail.db'), randomBytes(32));
  const acc = store.addAccount(
    AccountInput.parse({
      email: address,
      imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
      smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
      user: address,
      password,
    }),
  );
  store.replaceFolders(acc.id, [
    { path: thai, name: thai, delimiter: '/', specialUse: null, subscribed: true },
  ]);
  const folder = store.findFolderByPath(acc.id, thai);
  assert.ok(folder);
  // Enough rows to spill over many pages, so the test does not pass merely because the data stayed in cache.
  store.upsertHeaders(
    folder.id,
    Array.from({ length: 300 }, (_, i) => ({
      uid: i + 1,
      messageId: `<${tag}-${i}@moph.go.th>`,
      date: 1_700_000_000_000 + i,
      from: { name: thai, address },
      to: [{ name: subject, address }],
      cc: [],
      subject: `${subject} ${thai}`,
      flags: [],
      size: 100,
      hasAttachments: false,
      inReplyTo: null,
    })),
  );
  const first = store.listMessages(folder.id, 0, 1).items[0];
  assert.ok(first);
  store.putRawSource(first.id, Buffer.from(`Subject: ${subject}\r\n\r\n${body} ${thai}\r\n`, 'utf8'));
  store.setSetting('signature', `${thai} ${address}`);

  const open = scan(dir, markers);
  assert.ok(open.files.includes('mail.db-wal'), 'the WAL exists while open, so it is part of the scan');
  assert.deepEqual(open.leaks, []);

  store.close();
  const closed = scan(dir, markers);
  assert.ok(closed.files.includes('mail.db'));
  assert.deepEqual(closed.leaks, []);

  // Positive control: the scanner does find the markers in every encoding when they are present.
  const control = mkdtempSync(join(tmpdir(), 'raksa-rest-control-'));
  t.after(() => rmSync(control, { recursive: true, force: true }));
  writeFileSync(join(control, 'u8'), Buffer.concat([randomBytes(64), Buffer.from(thai, 'utf8')]));
  writeFileSync(join(control, 'u16'), Buffer.from(subject, 'utf16le'));
  writeFileSync(join(control, 'u16be'), Buffer.from(body, 'utf16le').swap16());
  assert.deepEqual(scan(control, [thai, subject, body]).leaks.sort(), [
    `u16: ${subject} (utf16le)`,
    `u16be: ${body} (utf16be)`,
    `u8: ${thai} (utf8)`,
  ]);
});
