import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { classifyDomain, evaluateRecipients } from './engine.js';
import { DEFAULT_POLICY, STRICTEST_POLICY, type Policy } from './policy.js';
import { parsePolicy } from './policyFile.js';
import { PolicyDecision, type RecipientCategory } from './types.js';

const policyOf = (json: object): Policy => {
  const r = parsePolicy(json);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.policy;
};

const one = (address: string, policy: Policy = DEFAULT_POLICY) => {
  const d = evaluateRecipients(policy, { to: [address] });
  assert.equal(d.recipients.length, 1);
  return d.recipients[0]!;
};
const codes = (r: { reasons: readonly { code: string }[] }): string[] => r.reasons.map((x) => x.code);

void describe('evaluateRecipients: categories of tricky addresses under the default policy', () => {
  const cases: readonly [string, RecipientCategory, string][] = [
    ['a@go.th', 'government', 'go.th'],
    ['a@moph.go.th', 'government', 'moph.go.th'],
    ['a@hospital.moph.go.th', 'government', 'hospital.moph.go.th'],
    ['a@MOPH.GO.TH.', 'government', 'moph.go.th'],
    ['a@mi.th', 'government', 'mi.th'],
    ['a@rta.mi.th', 'government', 'rta.mi.th'],
    ['a@รัฐบาล.ไทย', 'government', 'xn--h3cuzk1di.xn--o3cw4h'],
    ['a@สำนักนายก.รัฐบาล.ไทย', 'government', domainToASCII('สำนักนายก.รัฐบาล.ไทย')],
    ['a@ทหาร.ไทย', 'government', 'xn--o3cyx2a.xn--o3cw4h'],
    ['a@xn--o3cyx2a.xn--o3cw4h', 'government', 'xn--o3cyx2a.xn--o3cw4h'],
    ['a@ｍｏｐｈ．ｇｏ．ｔｈ', 'government', 'moph.go.th'],
    ['a@moph。go。th', 'government', 'moph.go.th'],
    ['"a b"@moph.go.th', 'government', 'moph.go.th'],
    ['Somchai <a@moph.go.th>', 'government', 'moph.go.th'],
    ['a@evilgo.th', 'external', 'evilgo.th'],
    ['a@go.th.evil.com', 'external', 'go.th.evil.com'],
    ['a@moph.go.th.evil.com', 'external', 'moph.go.th.evil.com'],
    ['a@go-th.com', 'external', 'go-th.com'],
    ['a@gogo.th', 'external', 'gogo.th'],
    ['a@th', 'external', 'th'],
    ['a@ac.th', 'external', 'ac.th'],
    ['a@chula.ac.th', 'external', 'chula.ac.th'],
    ['a@dga.or.th', 'external', 'dga.or.th'],
    ['a@ไทย', 'external', 'xn--o3cw4h'],
    ['a@รัฐบาลไทย.com', 'external', domainToASCII('รัฐบาลไทย.com')],
    ['a@example.com', 'external', 'example.com'],
    ['"boss@moph.go.th" <x@example.com>', 'external', 'example.com'],
    ['"x@go.th"@evil.com', 'external', 'evil.com'],
    ['a@gmail.com', 'freemail', 'gmail.com'],
    ['a@GMail.Com.', 'freemail', 'gmail.com'],
    ['"boss@moph.go.th" <x@gmail.com>', 'freemail', 'gmail.com'],
    ['a@hotmail.co.th', 'freemail', 'hotmail.co.th'],
    ['a@yahoo.co.th', 'freemail', 'yahoo.co.th'],
    ['a@outlook.com', 'freemail', 'outlook.com'],
    ['a@proton.me', 'freemail', 'proton.me'],
    ['a@pm.me', 'freemail', 'pm.me'],
    ['a@163.com', 'freemail', '163.com'],
    ['a@mail.ru', 'freemail', 'mail.ru'],
    ['a@sub.gmail.com', 'freemail', 'sub.gmail.com'],
    ['a@ｇｍａｉｌ．ｃｏｍ', 'freemail', 'gmail.com'],
    ['a@notgmail.com', 'external', 'notgmail.com'],
    ['a@gmail.com.evil.net', 'external', 'gmail.com.evil.net'],
    ['a@[1.2.3.4]', 'invalid', ''],
    ['a@1.2.3.4', 'invalid', ''],
    ['boss@moph.go.th <x@gmail.com>', 'invalid', ''],
    ['a@moph.go.th, b@gmail.com', 'invalid', ''],
    ['team: a@moph.go.th;', 'invalid', ''],
    ['moph.go.th', 'invalid', ''],
    ['a@moph .go.th', 'invalid', ''],
    ['a@moph\u200B.go.th', 'invalid', ''],
    ['a@a⒈go.th', 'invalid', ''],
    ['a@xn--zz-zzzzzzzz.go.th', 'invalid', ''],
  ];
  for (const [input, category, domain] of cases) {
    void it(`${input} → ${category}`, () => {
      const r = one(input);
      assert.equal(r.category, category);
      assert.equal(r.domain, domain);
      assert.equal(r.input, input);
      assert.equal(r.field, 'to');
      if (category === 'invalid') assert.equal(r.address, '');
    });
  }
});

void describe('evaluateRecipients: lookalike and mixed-script domains are never government', () => {
  const cases: readonly [string, string][] = [
    ['a@gо.th', 'mixed-script'], // Cyrillic о
    ['a@mоph.go.th', 'mixed-script'], // Cyrillic о in a subdomain under go.th
    ['a@xn--mph-sed.go.th', 'mixed-script'], // the same, written as punycode
    ['a@moрh.go.th', 'mixed-script'], // Cyrillic р
    ['a@gο.th', 'mixed-script'], // Greek omicron
    ['a@กระทรวงabc.go.th', 'mixed-script'], // Thai and Latin in one label
    ['a@xn--abc-dkl4a3gudb0b1f.go.th', 'mixed-script'],
    ['a@аре.go.th', 'confusable'], // all-Cyrillic, all Latin lookalikes
    ['a@gmаil.com', 'mixed-script'],
  ];
  for (const [input, code] of cases) {
    void it(`${input} → not government, ${code}`, () => {
      const r = one(input);
      assert.notEqual(r.category, 'government');
      assert.ok(codes(r).includes(code), codes(r).join());
      assert.notEqual(r.verdict, 'allow');
    });
  }

  void it('accepts a single-script Thai or Cyrillic label under a government domain', () => {
    assert.equal(one('a@กระทรวงสาธารณสุข.go.th').category, 'government');
    assert.equal(one('a@министерство.go.th').category, 'government');
  });

  void it('stays never-government even when IT lists the mixed-script domain', () => {
    const p = policyOf({ version: 1, governmentDomains: ['mоph.example'] });
    assert.equal(one('a@mоph.example', p).category, 'external');
    assert.equal(one('a@moph.example', p).category, 'external');
  });
});

void describe('evaluateRecipients: verdicts and rules', () => {
  void it('applies the default verdicts per category', () => {
    assert.equal(one('a@moph.go.th').verdict, 'allow');
    assert.equal(one('a@example.com').verdict, 'warn');
    assert.equal(one('a@gmail.com').verdict, 'warn');
    assert.equal(one('not an address').verdict, 'block');
  });

  void it('uses stable reason codes with English messages', () => {
    assert.deepEqual(codes(one('a@moph.go.th')), ['government']);
    assert.deepEqual(codes(one('a@example.com')), ['external-domain']);
    assert.deepEqual(codes(one('a@gmail.com')), ['free-webmail']);
    assert.deepEqual(codes(one('a@[1.2.3.4]')), ['invalid-address']);
    assert.match(one('a@[1.2.3.4]').reasons[0]!.message, /IP address/);
  });

  void it('extends the built-in lists from the policy file, on label boundaries', () => {
    const p = policyOf({
      version: 1,
      governmentDomains: ['dga.or.th'],
      freeMailDomains: ['example-webmail.com'],
      blockedDomains: ['example.net', 'badgov.go.th'],
      rules: { external: 'justify', freeMail: 'block' },
    });
    assert.deepEqual(
      [one('a@dga.or.th', p).category, one('a@dga.or.th', p).verdict],
      ['government', 'allow'],
    );
    assert.equal(one('a@x.dga.or.th', p).category, 'government');
    assert.equal(one('a@notdga.or.th', p).category, 'external');
    assert.deepEqual(
      [one('a@example-webmail.com', p).category, one('a@example-webmail.com', p).verdict],
      ['freemail', 'block'],
    );
    assert.deepEqual(
      [one('a@example.net', p).category, one('a@example.net', p).verdict],
      ['blocked', 'block'],
    );
    assert.equal(one('a@mx.example.net', p).category, 'blocked');
    assert.equal(one('a@example.network', p).category, 'external');
    assert.deepEqual(codes(one('a@example.net', p)), ['blocked-domain']);
    assert.equal(one('a@example.com', p).verdict, 'justify');
    assert.equal(one('a@gmail.com', p).verdict, 'block');
  });

  void it('lets blocked win over government, and free webmail win over government', () => {
    const p = policyOf({
      version: 1,
      blockedDomains: ['badgov.go.th', 'gmail.com'],
      freeMailDomains: ['webmail.go.th'],
    });
    assert.equal(one('a@badgov.go.th', p).category, 'blocked');
    assert.equal(one('a@x.badgov.go.th', p).category, 'blocked');
    assert.equal(one('a@goodgov.go.th', p).category, 'government');
    assert.equal(one('a@gmail.com', p).category, 'blocked');
    assert.equal(one('a@webmail.go.th', p).category, 'freemail');
  });

  void it('counts To, Cc and Bcc, and the overall verdict is the strongest', () => {
    const d = evaluateRecipients(DEFAULT_POLICY, { to: ['a@moph.go.th'], cc: ['b@gmail.com'], bcc: ['bad'] });
    assert.deepEqual(
      d.recipients.map((r) => [r.field, r.verdict]),
      [
        ['to', 'allow'],
        ['cc', 'warn'],
        ['bcc', 'block'],
      ],
    );
    assert.equal(d.verdict, 'block');
    assert.equal(evaluateRecipients(DEFAULT_POLICY, { bcc: ['x@example.com'] }).verdict, 'warn');
    assert.equal(
      evaluateRecipients(DEFAULT_POLICY, { to: ['a@moph.go.th'], cc: ['b@mi.th'] }).verdict,
      'allow',
    );
    assert.deepEqual(evaluateRecipients(DEFAULT_POLICY, {}), { verdict: 'allow', recipients: [] });
  });

  void it('produces output that satisfies the PolicyDecision schema', () => {
    const d = evaluateRecipients(DEFAULT_POLICY, {
      to: ['a@moph.go.th', 'x'],
      cc: ['"q"@gmail.com'],
      classification: 'secret',
    });
    assert.deepEqual(PolicyDecision.parse(d), d);
  });

  void it('ignores the sender', () => {
    const a = evaluateRecipients(DEFAULT_POLICY, { from: 'x@gmail.com', to: ['a@moph.go.th'] });
    assert.equal(a.verdict, 'allow');
  });
});

void describe('evaluateRecipients: classified mail', () => {
  for (const classification of ['confidential', 'secret', 'top-secret'] as const) {
    void it(`${classification}: government and encrypted is allowed`, () => {
      const d = evaluateRecipients(DEFAULT_POLICY, {
        to: ['a@moph.go.th'],
        cc: ['b@ทหาร.ไทย'],
        classification,
        encrypted: true,
      });
      assert.equal(d.verdict, 'allow');
    });
    void it(`${classification}: any non-government recipient is blocked (classifiedExternal)`, () => {
      const d = evaluateRecipients(DEFAULT_POLICY, {
        to: ['a@moph.go.th'],
        bcc: ['b@example.com'],
        classification,
        encrypted: true,
      });
      assert.equal(d.verdict, 'block');
      assert.equal(d.recipients[0]!.verdict, 'allow');
      assert.deepEqual(codes(d.recipients[1]!), ['external-domain', 'classified-external']);
    });
    void it(`${classification}: unencrypted is blocked for every recipient, government included`, () => {
      const d = evaluateRecipients(DEFAULT_POLICY, { to: ['a@moph.go.th'], classification });
      assert.equal(d.verdict, 'block');
      assert.deepEqual(codes(d.recipients[0]!), ['government', 'classified-unencrypted']);
    });
  }

  void it('follows the configured classified rules', () => {
    const p = policyOf({
      version: 1,
      rules: { classifiedUnencrypted: 'justify', classifiedExternal: 'justify' },
    });
    assert.equal(
      evaluateRecipients(p, { to: ['a@moph.go.th'], classification: 'secret' }).verdict,
      'justify',
    );
    assert.equal(
      evaluateRecipients(p, { to: ['a@example.com'], classification: 'secret', encrypted: true }).verdict,
      'justify',
    );
    assert.equal(evaluateRecipients(p, { to: ['a@evil.com'], classification: 'none' }).verdict, 'warn');
  });

  void it('fails closed on a class it does not know', () => {
    const d = evaluateRecipients(DEFAULT_POLICY, {
      to: ['a@example.com'],
      classification: 'bogus' as 'secret',
      encrypted: true,
    });
    assert.equal(d.verdict, 'block');
  });

  void it('classifies a Thai-alias class like its English id', () => {
    const d = evaluateRecipients(DEFAULT_POLICY, {
      to: ['a@example.com'],
      classification: 'ลับ' as 'confidential',
      encrypted: true,
    });
    assert.ok(codes(d.recipients[0]!).includes('classified-external'));
  });
});

void describe('STRICTEST_POLICY', () => {
  void it('blocks everything outside government and allows government', () => {
    const d = evaluateRecipients(STRICTEST_POLICY, { to: ['a@moph.go.th', 'b@example.com', 'c@gmail.com'] });
    assert.deepEqual(
      d.recipients.map((r) => r.verdict),
      ['allow', 'block', 'block'],
    );
  });
});

void describe('classifyDomain', () => {
  void it('classifies raw or normalized domains', () => {
    assert.equal(classifyDomain(DEFAULT_POLICY, 'MOPH.GO.TH.').category, 'government');
    assert.equal(classifyDomain(DEFAULT_POLICY, 'รัฐบาล.ไทย').domain, 'xn--h3cuzk1di.xn--o3cw4h');
    assert.equal(classifyDomain(DEFAULT_POLICY, 'gmail.com').category, 'freemail');
    assert.equal(classifyDomain(DEFAULT_POLICY, 'evilgo.th').category, 'external');
    assert.equal(classifyDomain(DEFAULT_POLICY, 'go..th').category, 'invalid');
    assert.equal(
      classifyDomain(DEFAULT_POLICY, 'gо.th').reasons.some((r) => r.code === 'mixed-script'),
      true,
    );
  });
});
