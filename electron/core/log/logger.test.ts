import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type LogLevel } from './logger.js';
import { isSensitiveField, redactString, REDACTED } from './redact.js';

const capture = (level: LogLevel = 'debug') => {
  const lines: string[] = [];
  const log = createLogger({
    level,
    sink: (l) => lines.push(l),
    now: () => new Date('2024-01-02T03:04:05.000Z'),
  });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, parsed };
};

void test('writes one JSON document per call with time, level and message', () => {
  const { log, lines, parsed } = capture();
  log.info('sync started', { folders: 3, ok: true });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]?.includes('\n'), false);
  assert.deepEqual(parsed()[0], {
    t: '2024-01-02T03:04:05.000Z',
    level: 'info',
    msg: 'sync started',
    folders: 3,
    ok: true,
  });
});

void test('drops lines below the configured level', () => {
  const { log, parsed } = capture('warn');
  log.debug('d');
  log.info('i');
  log.warn('w');
  log.error('e');
  assert.deepEqual(
    parsed().map((l) => l.level),
    ['warn', 'error'],
  );
});

void test('masks addresses in the message and in string values, keeping a stable domain tag', () => {
  const { log, lines, parsed } = capture();
  log.warn('login failed for somchai@moph.go.th', {
    detail: 'NO [AUTH] user somchai@moph.go.th rejected',
    host: 'imap.moph.go.th',
  });
  log.warn('other: nid@MOPH.go.th, ผู้ใช้@กรม.ไทย');
  const [a, b] = parsed();
  assert.ok(a && b);
  assert.doesNotMatch(lines.join('\n'), /somchai|nid@|ผู้ใช้/u);
  const tag = /\*\*\*@([0-9a-f]{8})/u.exec(String(a.msg))?.[1];
  assert.ok(tag, String(a.msg));
  assert.match(String(a.detail), new RegExp(`\\*\\*\\*@${tag}`, 'u'));
  assert.match(String(b.msg), new RegExp(`\\*\\*\\*@${tag}`, 'u'), 'domain case does not change the tag');
  assert.equal(a.host, 'imap.moph.go.th', 'a host alone is not an address');
});

void test('blanks sensitive fields at any depth, including arrays and maps', () => {
  const { log, lines, parsed } = capture();
  log.info('message stored', {
    folderId: 7,
    subject: 'ลับมาก เรื่องงบประมาณ',
    message: {
      from: { name: 'สมชาย', address: 'a@b.go.th' },
      to: [{ address: 'c@d.go.th' }],
      Cc: 'e@f.go.th',
      BCC: ['x'],
      html: '<p>secret</p>',
      body: 'hello',
      text: 'hello',
      parts: [{ content: 'zzz', size: 3 }],
    },
    account: { user: 'somchai', password: 'pw', imap_password: 'pw2', accessToken: 'tok', 'api-key': 'k' },
    settings: new Map<string, unknown>([
      ['passphrase', 'pp'],
      ['locale', 'th'],
    ]),
  });
  const l = parsed()[0];
  assert.ok(l);
  assert.equal(l.folderId, 7);
  assert.equal(l.subject, REDACTED);
  assert.deepEqual(l.message, {
    from: REDACTED,
    to: REDACTED,
    Cc: REDACTED,
    BCC: REDACTED,
    html: REDACTED,
    body: REDACTED,
    text: REDACTED,
    parts: [{ content: REDACTED, size: 3 }],
  });
  assert.deepEqual(l.account, {
    user: REDACTED,
    password: REDACTED,
    imap_password: REDACTED,
    accessToken: REDACTED,
    'api-key': REDACTED,
  });
  assert.deepEqual(l.settings, { passphrase: REDACTED, locale: 'th' });
  for (const secret of [
    'ลับมาก',
    'สมชาย',
    'a@b.go.th',
    'secret',
    'hello',
    'zzz',
    '"pw"',
    'tok',
    'somchai',
    '"pp"',
  ]) {
    assert.equal(lines[0]?.includes(secret), false, secret);
  }
});

void test('errors keep name, code and a redacted message; bytes, bigint, cycles and bound fields are safe', () => {
  const { log, lines, parsed } = capture();
  const e = Object.assign(new Error('mailbox of x@y.go.th is full'), {
    code: 'EQUOTA',
    response: 'x@y.go.th secret',
  });
  const cyclic: Record<string, unknown> = { n: 1 };
  cyclic.self = cyclic;
  log.child({ accountId: 4, email: 'x@y.go.th' }).error('failed', {
    error: e,
    source: Buffer.from('Subject: hi'),
    blob: new Uint8Array(5),
    modseq: 9007199254740993n,
    cyclic,
    msg: 'cannot override',
  });
  const l = parsed()[0];
  assert.ok(l);
  assert.equal(l.msg, 'failed');
  assert.equal(l['field.msg'], 'cannot override');
  assert.equal(l.accountId, 4);
  assert.equal(l.email, REDACTED);
  const err = l.error as Record<string, unknown>;
  assert.equal(err.name, 'Error');
  assert.equal(err.code, 'EQUOTA');
  assert.match(String(err.message), /^mailbox of \*\*\*@[0-9a-f]{8} is full$/u);
  assert.equal('response' in err, false);
  assert.equal(l.source, REDACTED);
  assert.equal(l.blob, '[5 bytes]');
  assert.equal(l.modseq, '9007199254740993');
  assert.deepEqual(l.cyclic, { n: 1, self: '[circular]' });
  assert.equal(lines[0]?.includes('x@y.go.th'), false);
});

void test('a throwing sink or a throwing getter never reaches the caller', () => {
  const log = createLogger({
    level: 'debug',
    sink: () => {
      throw new Error('pipe closed');
    },
  });
  assert.doesNotThrow(() => log.error('x'));
  const { log: ok, lines } = capture();
  const evil = {
    get boom(): string {
      throw new Error('getter');
    },
  };
  assert.doesNotThrow(() => ok.info('x', { evil }));
  ok.info('after');
  assert.equal((JSON.parse(lines[lines.length - 1] ?? '{}') as { msg?: unknown }).msg, 'after');
});

void test('field-name matching: whole names and secret suffixes, not every word containing them', () => {
  for (const n of [
    'subject',
    'Body',
    'from',
    'to',
    'cc',
    'bcc',
    'address',
    'email',
    'pass',
    'token',
    'key',
    'dbKey',
    'smtp_password',
    'reply-to',
  ]) {
    assert.equal(isSensitiveField(n), true, n);
  }
  for (const n of ['folderId', 'total', 'keyCount', 'tokenizer', 'uid', 'method', 'path', 'level']) {
    assert.equal(isSensitiveField(n), false, n);
  }
  assert.equal(redactString('no address here: imap.go.th:993'), 'no address here: imap.go.th:993');
  assert.match(redactString('<a.b+c@sub.moph.go.th>'), /^<\*\*\*@[0-9a-f]{8}>$/u);
});
