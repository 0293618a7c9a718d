import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeAddress } from './address.js';

const valid = (
  input: string,
): { address: string; domain: string; local: string; unicodeDomain: string; displayName: string } => {
  const r = normalizeAddress(input);
  assert.ok(r.ok, `${JSON.stringify(input)} should be valid, got ${r.ok ? '' : `${r.reason}: ${r.message}`}`);
  return r;
};
const invalid = (input: string): string => {
  const r = normalizeAddress(input);
  assert.ok(!r.ok, `${JSON.stringify(input)} should be invalid, got ${r.ok ? r.address : ''}`);
  assert.ok(r.message.length > 0);
  return r.reason;
};

void describe('normalizeAddress: accepted forms', () => {
  const cases: readonly [string, string][] = [
    ['a@moph.go.th', 'a@moph.go.th'],
    ['  A.B@MOPH.GO.TH  ', 'a.b@moph.go.th'],
    ['a@moph.go.th.', 'a@moph.go.th'],
    ['Somchai <somchai@moph.go.th>', 'somchai@moph.go.th'],
    ['<somchai@moph.go.th>', 'somchai@moph.go.th'],
    ['"Somchai, J." <somchai@moph.go.th>', 'somchai@moph.go.th'],
    ['John Q. Public <jqp@moph.go.th>', 'jqp@moph.go.th'],
    ['สมชาย ใจดี <somchai@moph.go.th>', 'somchai@moph.go.th'],
    ['"boss@moph.go.th" <x@gmail.com>', 'x@gmail.com'],
    ['"a b"@moph.go.th', '"a b"@moph.go.th'],
    ['"x@go.th"@evil.com', '"x@go.th"@evil.com'],
    ['"plain"@moph.go.th', 'plain@moph.go.th'],
    ['"a\\"b"@moph.go.th', '"a\\"b"@moph.go.th'],
    ['john(comment)@moph.go.th', 'john@moph.go.th'],
    ['john@(comment)moph.go.th', 'john@moph.go.th'],
    ['(lead) John <john@moph.go.th> (trail)', 'john@moph.go.th'],
    ['John (a (nested) comment) <john@moph.go.th>', 'john@moph.go.th'],
    ['John <john@moph.go.th (a @ comment)>', 'john@moph.go.th'],
    ['first.last+tag@moph.go.th', 'first.last+tag@moph.go.th'],
    ["o'neil@example.com", "o'neil@example.com"],
    ['x@ｇｏ．ｔｈ', 'x@go.th'],
    ['x@moph。go。th', 'x@moph.go.th'],
    ['x@รัฐบาล.ไทย', 'x@xn--h3cuzk1di.xn--o3cw4h'],
    ['สมชาย@รัฐบาล.ไทย', 'สมชาย@xn--h3cuzk1di.xn--o3cw4h'],
    ['x@XN--H3CUZK1DI.XN--O3CW4H', 'x@xn--h3cuzk1di.xn--o3cw4h'],
    ['user@localhost', 'user@localhost'],
    ['\tjohn@moph.go.th\t', 'john@moph.go.th'],
  ];
  for (const [input, address] of cases) {
    void it(`${input} → ${address}`, () => assert.equal(valid(input).address, address));
  }

  void it('reports the local part, the ASCII and Unicode domain, and the unjudged display name', () => {
    const r = valid('"สมชาย ใจดี" <Somchai@รัฐบาล.ไทย.>');
    assert.equal(r.local, 'somchai');
    assert.equal(r.domain, 'xn--h3cuzk1di.xn--o3cw4h');
    assert.equal(r.unicodeDomain, 'รัฐบาล.ไทย');
    assert.equal(r.displayName, 'สมชาย ใจดี');
  });

  void it('never takes the domain from the display name or a quoted local part', () => {
    assert.equal(valid('"boss@moph.go.th" <x@gmail.com>').domain, 'gmail.com');
    assert.equal(valid('"x@go.th"@evil.com').domain, 'evil.com');
    assert.equal(valid('"<a@moph.go.th>" <b@evil.com>').domain, 'evil.com');
    assert.equal(valid('(a@moph.go.th) b@evil.com').domain, 'evil.com');
  });
});

void describe('normalizeAddress: refused forms', () => {
  const cases: readonly [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['somchai', 'missing-at'],
    ['somchai.moph.go.th', 'missing-at'],
    ['Somchai <somchai>', 'missing-at'],
    ['@moph.go.th', 'empty-local'],
    ['""@moph.go.th', 'empty-local'],
    ['a@', 'empty-domain'],
    ['a@ ', 'empty-domain'],
    ['a@b@moph.go.th', 'multiple-at'],
    ['a@moph.go.th, b@moph.go.th', 'multiple-addresses'],
    ['a@moph.go.th b@moph.go.th', 'multiple-at'],
    ['a@moph.go.th evil.com', 'space-in-domain'],
    ['A <a@moph.go.th> B <b@evil.com>', 'multiple-addresses'],
    ['Doe, John <john@moph.go.th>', 'multiple-addresses'],
    ['team: a@moph.go.th, b@moph.go.th;', 'multiple-addresses'],
    ['team: a@moph.go.th;', 'group-syntax'],
    ['undisclosed-recipients:;', 'group-syntax'],
    ['<@relay.example:a@moph.go.th>', 'group-syntax'],
    ['a@[1.2.3.4]', 'ip-literal'],
    ['a@[IPv6:::1]', 'ip-literal'],
    ['John <a@[1.2.3.4]>', 'ip-literal'],
    ['a@1.2.3.4', 'numeric-tld'],
    ['a@moph .go.th', 'space-in-domain'],
    ['a@moph. go.th', 'space-in-domain'],
    ['a@mo ph.go.th', 'space-in-domain'],
    ['a@moph(x).go.th', 'space-in-domain'],
    ['a b@moph.go.th', 'invalid-local-part'],
    ['.a@moph.go.th', 'invalid-local-part'],
    ['a.@moph.go.th', 'invalid-local-part'],
    ['a..b@moph.go.th', 'invalid-local-part'],
    ['"a".b@moph.go.th', 'invalid-local-part'],
    ['a\u00A0b@moph.go.th', 'invalid-local-part'],
    ['a\u200Bb@moph.go.th', 'invalid-local-part'],
    ['boss@moph.go.th <x@gmail.com>', 'at-in-display-name'],
    ['John <john@moph.go.th', 'unbalanced-angle'],
    ['John john@moph.go.th>', 'unbalanced-angle'],
    ['John >john@moph.go.th<', 'unbalanced-angle'],
    ['John <john@moph.go.th> x', 'trailing-text'],
    ['John <john@moph.go.th> <x@evil.com>', 'multiple-addresses'],
    ['"unterminated@moph.go.th', 'unterminated-quote'],
    ['john(unterminated@moph.go.th', 'unterminated-comment'],
    ['a@[1.2.3.4', 'unterminated-literal'],
    ['a)b@moph.go.th', 'unexpected-character'],
    ['a\\b@moph.go.th', 'unexpected-character'],
    ['a@moph.go.th\r\nBcc: x@evil.com', 'control-character'],
    ['a\n@moph.go.th', 'control-character'],
    ['a\u0000@moph.go.th', 'control-character'],
    ['a＠moph.go.th', 'missing-at'],
    ['a@moph..go.th', 'empty-label'],
    ['a@moph.go.th..', 'empty-label'],
    ['a@-moph.go.th', 'hyphen-position'],
    ['a@moph_x.go.th', 'disallowed-character'],
    ['a@a⒈go.th', 'disallowed-character'],
    ['a@moph\u200B.go.th', 'invisible-character'],
    ['a@\u202Eht.og.hpom', 'invisible-character'],
    [`${'a'.repeat(65)}@moph.go.th`, 'local-too-long'],
    [`a@${'b'.repeat(64)}.go.th`, 'label-too-long'],
    ['x'.repeat(1001), 'too-long'],
  ];
  for (const [input, reason] of cases) {
    void it(`${JSON.stringify(input).slice(0, 60)} → ${reason}`, () => assert.equal(invalid(input), reason));
  }

  void it('keeps the address under 254 octets', () => {
    const domain = Array.from({ length: 4 }, () => 'd'.repeat(63))
      .join('.')
      .slice(0, 250 - 3);
    assert.equal(invalid(`${'a'.repeat(10)}@${domain}.th`), 'too-long');
  });
});
