import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { toAsciiDomain } from './idna.js';

const ascii = (d: string): string => {
  const r = toAsciiDomain(d);
  assert.ok(r.ok, `${d} should be valid, got ${r.ok ? '' : r.code}`);
  return r.ascii;
};
const errorOf = (d: string): string => {
  const r = toAsciiDomain(d);
  assert.ok(!r.ok, `${JSON.stringify(d)} should be invalid, got ${r.ok ? r.ascii : ''}`);
  return r.code;
};

void describe('toAsciiDomain', () => {
  void it('lower-cases, trims and drops exactly one trailing dot', () => {
    assert.equal(ascii('  MOPH.Go.TH '), 'moph.go.th');
    assert.equal(ascii('moph.go.th.'), 'moph.go.th');
    assert.equal(errorOf('moph.go.th..'), 'empty-label');
    assert.equal(errorOf('.moph.go.th'), 'empty-label');
    assert.equal(errorOf('moph..go.th'), 'empty-label');
    assert.equal(errorOf(''), 'empty-domain');
    assert.equal(errorOf('   '), 'empty-domain');
  });

  void it('folds full-width forms and accepts the four UTS #46 label separators', () => {
    assert.equal(ascii('ｇｏ．ｔｈ'), 'go.th');
    assert.equal(ascii('moph。go。th'), 'moph.go.th');
    assert.equal(ascii('moph｡go｡th'), 'moph.go.th');
    assert.equal(ascii('ＭＯＰＨ．ＧＯ．ＴＨ'), 'moph.go.th');
  });

  void it('refuses compatibility characters that decompose into a dot (a forged label boundary)', () => {
    assert.equal(errorOf('a⒈go.th'), 'disallowed-character'); // U+2488 → "1."
    assert.equal(errorOf('moph․go.th'), 'disallowed-character'); // U+2024 one dot leader
    assert.equal(errorOf('moph﹒go.th'), 'disallowed-character'); // U+FE52 small full stop
  });

  void it('converts Thai domains to punycode exactly as the WHATWG URL parser does', () => {
    for (const d of [
      'รัฐบาล.ไทย',
      'ทหาร.ไทย',
      'กระทรวงสาธารณสุข.go.th',
      'ทำเนียบ.ไทย',
      'münchen.de',
      'bücher.example',
      'faß.de',
      'ελληνικά.gr',
      'пример.рф',
      '例え.jp',
      'xn--o3cw4h',
    ]) {
      assert.equal(ascii(d), domainToASCII(d), d);
    }
    assert.equal(ascii('รัฐบาล.ไทย'), 'xn--h3cuzk1di.xn--o3cw4h');
  });

  void it('decodes valid xn-- labels and gives their Unicode form', () => {
    const r = toAsciiDomain('XN--H3CUZK1DI.xn--o3cw4h');
    assert.ok(r.ok);
    assert.equal(r.ascii, 'xn--h3cuzk1di.xn--o3cw4h');
    assert.equal(r.unicode, 'รัฐบาล.ไทย');
  });

  void it('rejects xn-- labels that are not canonical punycode', () => {
    assert.equal(errorOf('xn--.th'), 'hyphen-position');
    assert.equal(errorOf('xn--abc.th'), 'invalid-punycode'); // decodes to ASCII only
    assert.equal(errorOf('xn--zz-zzzzzzzz.th'), 'invalid-punycode');
    // "xn--mnchen-psa" decodes to "mÜnchen": an upper-case letter is not a normalized label, refused.
    assert.equal(errorOf('xn--mnchen-psa.de'), 'invalid-punycode');
    assert.equal(ascii('XN--MNCHEN-3YA.de'), 'xn--mnchen-3ya.de');
  });

  void it('applies STD3 and hyphen rules', () => {
    for (const d of ['a_b.go.th', 'a b.go.th', 'a!b.com', 'a/b.com', 'a:b.com', 'a@b.com', 'a*.com']) {
      assert.equal(errorOf(d), 'disallowed-character', d);
    }
    assert.equal(errorOf('-moph.go.th'), 'hyphen-position');
    assert.equal(errorOf('moph-.go.th'), 'hyphen-position');
    assert.equal(errorOf('ab--cd.go.th'), 'hyphen-position');
    assert.equal(ascii('a-b-c.go.th'), 'a-b-c.go.th');
  });

  void it('refuses invisible and direction-changing characters', () => {
    for (const d of [
      'go\u200B.th',
      'g\u200Do.th',
      'go\u00AD.th',
      '\u202Ehtog.th',
      'go\uFEFF.th',
      'g\u034Fo.th',
      'go\uFE0F.th',
    ]) {
      assert.equal(errorOf(d), 'invisible-character', JSON.stringify(d));
    }
  });

  void it('refuses symbols, spaces, control and unassigned code points', () => {
    for (const d of ['☃.com', 'go\u3000.th', 'go\u0000.th', 'a\u0378b.com', '฿.th', '๏.th', 'a\uE000.com']) {
      assert.ok(['disallowed-character'].includes(errorOf(d)), JSON.stringify(d));
    }
  });

  void it('refuses a label that starts with a combining mark', () => {
    assert.equal(errorOf('\u0E31abc.th'), 'leading-combining-mark');
  });

  void it('enforces label and domain length limits', () => {
    assert.equal(ascii(`${'a'.repeat(63)}.th`).length, 66);
    assert.equal(errorOf(`${'a'.repeat(64)}.th`), 'label-too-long');
    assert.equal(errorOf(`${'ก'.repeat(60)}.th`), 'label-too-long'); // long once encoded
    const long = Array.from({ length: 51 }, () => 'abcd').join('.') + '.th';
    assert.equal(errorOf(long), 'domain-too-long');
  });

  void it('refuses an all-numeric top-level label (bare IPv4)', () => {
    assert.equal(errorOf('1.2.3.4'), 'numeric-tld');
    assert.equal(errorOf('moph.go.123'), 'numeric-tld');
    assert.equal(ascii('123.go.th'), '123.go.th');
  });

  void it('applies the bidi rule to right-to-left domains', () => {
    assert.equal(ascii('مثال.com'), domainToASCII('مثال.com'));
    assert.equal(errorOf('مثالa.com'), 'bidi-rule'); // Latin letter inside an Arabic label
    assert.equal(errorOf('مثال١1.com'), 'bidi-rule'); // Arabic-Indic and European digits mixed
    assert.equal(errorOf('1a.مثال'), 'bidi-rule'); // label starting with a digit in a bidi domain
  });

  void it('rejects at least everything the WHATWG parser rejects, for a corpus of tricky inputs', () => {
    const corpus = [
      'a..b',
      'xn--a.com',
      'a\u2488b.com',
      'a\u00A0b.com',
      'a\u2024b.com',
      'a%41.com',
      'a\u0300.com',
    ];
    for (const d of corpus) {
      if (domainToASCII(d) === '') assert.equal(toAsciiDomain(d).ok, false, JSON.stringify(d));
    }
  });
});
