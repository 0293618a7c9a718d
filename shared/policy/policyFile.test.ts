import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY } from './policy.js';
import { parsePolicy } from './policyFile.js';

const error = (input: unknown): { error: string; path: string } => {
  const r = parsePolicy(input);
  assert.ok(!r.ok, `should be invalid: ${JSON.stringify(input)}`);
  return r;
};

void describe('parsePolicy', () => {
  void it('accepts the documented example and normalizes its lists', () => {
    const r = parsePolicy(`{ "version": 1,
      "governmentDomains": ["DGA.or.th.", "สำนักงาน.องค์กร.ไทย"],
      "freeMailDomains": ["example-webmail.com"],
      "blockedDomains": ["example.net"],
      "rules": { "external": "warn", "freeMail": "warn", "classifiedExternal": "block", "classifiedUnencrypted": "block" },
      "allowedMailServers": ["*.go.th", "Mail.Example.go.th.", "127.0.0.1", "[::1]"],
      "remoteContent": "block" }`);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.policy.governmentDomains[0], 'dga.or.th');
    assert.match(r.policy.governmentDomains[1] ?? '', /^xn--.*\.xn--o3cw4h$/);
    assert.deepEqual(r.policy.allowedMailServers, ['*.go.th', 'mail.example.go.th', '127.0.0.1', '::1']);
    assert.equal(r.policy.remoteContent, 'block');
  });

  void it('needs only the version; everything else takes the defaults', () => {
    const r = parsePolicy('{"version":1}');
    assert.ok(r.ok);
    assert.deepEqual(r.policy, DEFAULT_POLICY);
  });

  void it('accepts an already-parsed value and a UTF-8 BOM', () => {
    assert.ok(parsePolicy({ version: 1 }).ok);
    assert.ok(parsePolicy('\uFEFF{"version":1}').ok);
  });

  void it('fills missing rules with the defaults', () => {
    const r = parsePolicy({ version: 1, rules: { freeMail: 'block' } });
    assert.ok(r.ok);
    assert.deepEqual(r.policy.rules, {
      external: 'warn',
      freeMail: 'block',
      classifiedExternal: 'block',
      classifiedUnencrypted: 'block',
      attachments: { blockedExtensions: [], external: 'warn' },
    });
  });

  void it('names an unknown key at the top level and inside rules', () => {
    const top = error('{"version":1,"blockDomains":["x.com"]}');
    assert.equal(top.path, 'blockDomains');
    assert.match(top.error, /unknown key "blockDomains"/);
    const nested = error({ version: 1, rules: { freemail: 'block' } });
    assert.equal(nested.path, 'rules.freemail');
    assert.match(nested.error, /unknown key "freemail"/);
    assert.match(error('{"version":1,"__proto__":{}}').error, /unknown key "__proto__"/);
  });

  void it('names wrong types with their path', () => {
    assert.deepEqual(
      [
        error({ version: 1, blockedDomains: 'x.com' }).path,
        error({ version: 1, blockedDomains: ['a.com', 7] }).path,
      ],
      ['blockedDomains', 'blockedDomains[1]'],
    );
    assert.match(
      error({ version: 1, blockedDomains: ['a.com', 7] }).error,
      /blockedDomains\[1\]: must be a string, got number/,
    );
    assert.equal(error({ version: 1, rules: [] }).path, 'rules');
    assert.equal(error({ version: 1, rules: { external: 'deny' } }).path, 'rules.external');
    assert.equal(error({ version: 1, remoteContent: true }).path, 'remoteContent');
    assert.equal(error({ version: 1, allowedMailServers: [null] }).path, 'allowedMailServers[0]');
  });

  void it('requires version 1', () => {
    assert.equal(error({}).path, 'version');
    assert.match(error({ version: 2 }).error, /unsupported version 2/);
    assert.equal(error({ version: '1' }).path, 'version');
  });

  void it('rejects non-objects and bad JSON', () => {
    assert.match(error('[]').error, /JSON object/);
    assert.match(error('null').error, /JSON object/);
    assert.match(error('{"version":1,}').error, /not valid JSON/);
    assert.match(error(42).error, /JSON object/);
  });

  void it('rejects invalid domain entries, naming the entry', () => {
    for (const bad of ['', 'a..b', 'a b.com', '[1.2.3.4]', 'user@x.com', 'go\u200B.th', '1.2.3.4']) {
      assert.equal(error({ version: 1, blockedDomains: ['ok.com', bad] }).path, 'blockedDomains[1]', bad);
    }
    assert.match(error({ version: 1, blockedDomains: ['*.x.com'] }).error, /bare domain/);
    assert.match(error({ version: 1, freeMailDomains: ['.x.com'] }).error, /bare domain/);
  });

  void it('refuses public suffixes and free webmail as government', () => {
    for (const bad of ['th', 'or.th', 'ac.th', 'co.th', 'ไทย', 'องค์กร.ไทย', 'com']) {
      assert.match(error({ version: 1, governmentDomains: [bad] }).error, /public suffix/, bad);
    }
    assert.match(error({ version: 1, governmentDomains: ['gmail.com'] }).error, /free webmail/);
    assert.match(error({ version: 1, governmentDomains: ['x.outlook.com'] }).error, /free webmail/);
    assert.match(
      error({ version: 1, freeMailDomains: ['gov.example'], governmentDomains: ['a.gov.example'] }).error,
      /free webmail/,
    );
  });

  void it('allows only justify or block for classified rules', () => {
    assert.equal(
      error({ version: 1, rules: { classifiedExternal: 'warn' } }).path,
      'rules.classifiedExternal',
    );
    assert.equal(
      error({ version: 1, rules: { classifiedUnencrypted: 'allow' } }).path,
      'rules.classifiedUnencrypted',
    );
    assert.ok(parsePolicy({ version: 1, rules: { classifiedUnencrypted: 'justify', external: 'allow' } }).ok);
  });

  void it('rejects bad host patterns', () => {
    for (const bad of ['*', '*.', 'mail.*.go.th', '**.go.th', 'a b', 'go.th:993']) {
      assert.equal(error({ version: 1, allowedMailServers: [bad] }).path, 'allowedMailServers[0]', bad);
    }
  });
});

void it('offline cache limits: optional whole numbers, null by default', () => {
  const ok = parsePolicy({ version: 1, offlineWindowDays: 90, offlineAttachmentMaxBytes: 5_000_000 });
  assert.ok(ok.ok);
  assert.equal(ok.policy.offlineWindowDays, 90);
  assert.equal(ok.policy.offlineAttachmentMaxBytes, 5_000_000);
  const unset = parsePolicy({ version: 1, offlineWindowDays: null });
  assert.ok(unset.ok);
  assert.equal(unset.policy.offlineWindowDays, null);
  assert.equal(unset.policy.offlineAttachmentMaxBytes, null);
  for (const bad of [0, -1, 1.5, '30', true]) {
    const r = parsePolicy({ version: 1, offlineWindowDays: bad });
    assert.equal(r.ok, false, JSON.stringify(bad));
    if (!r.ok) assert.equal(r.path, 'offlineWindowDays');
  }
  const r = parsePolicy({ version: 1, offlineAttachmentMaxBytes: 'big' });
  assert.equal(r.ok ? '' : r.path, 'offlineAttachmentMaxBytes');
});

void it('rules.attachments: extensions normalized to ".ext", external verdict, typos named', () => {
  const r = parsePolicy({ version: 1, rules: { attachments: { blockedExtensions: ['.EXE', 'js'], external: 'justify' } } });
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.policy.rules.attachments, { blockedExtensions: ['.exe', '.js'], external: 'justify' });
  const bad = parsePolicy({ version: 1, rules: { attachments: { blockedExtensions: ['.e x e'] } } });
  assert.equal(bad.ok ? '' : bad.path, 'rules.attachments.blockedExtensions[0]');
  const verdict = parsePolicy({ version: 1, rules: { attachments: { external: 'maybe' } } });
  assert.equal(verdict.ok ? '' : verdict.path, 'rules.attachments.external');
  const key = parsePolicy({ version: 1, rules: { attachments: { blocked: [] } } });
  assert.equal(key.ok ? '' : key.path, 'rules.attachments.blocked');
});

void it('keyProtection: "os" (default) or "passphrase"; anything else names the key', () => {
  const os = parsePolicy({ version: 1 });
  assert.equal(os.ok && os.policy.keyProtection, 'os');
  const pp = parsePolicy({ version: 1, keyProtection: 'passphrase' });
  assert.equal(pp.ok && pp.policy.keyProtection, 'passphrase');
  const bad = parsePolicy({ version: 1, keyProtection: 'plaintext' });
  assert.equal(bad.ok ? '' : bad.path, 'keyProtection');
});
