import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegQueryOutput, regDword, regMultiSz } from './regQueryParser.js';

// Captured in the shape reg.exe prints it: CRLF line ends, a blank line before and after each key.
const SAMPLE = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail',
  '    RulesExternal    REG_SZ    justify',
  '    Version    REG_DWORD    0x1',
  '    GovernmentDomains    REG_MULTI_SZ    dga.or.th\\0nstda.or.th\\0',
  '    Empty Value    REG_SZ',
  '    Spaced    REG_SZ    a    b',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail\\BlockedDomains',
  '    1    REG_SZ    example.net',
  '    2    REG_SZ    evil.example',
  '',
].join('\r\n');

void test('keys, value names, types and data are read from reg query output', () => {
  const r = parseRegQueryOutput(SAMPLE);
  assert.ok(r.ok);
  assert.deepEqual(r.keys, [
    {
      path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail',
      values: [
        { name: 'RulesExternal', type: 'REG_SZ', data: 'justify' },
        { name: 'Version', type: 'REG_DWORD', data: '0x1' },
        { name: 'GovernmentDomains', type: 'REG_MULTI_SZ', data: 'dga.or.th\\0nstda.or.th\\0' },
        { name: 'Empty Value', type: 'REG_SZ', data: '' },
        { name: 'Spaced', type: 'REG_SZ', data: 'a    b' },
      ],
    },
    {
      path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail\\BlockedDomains',
      values: [
        { name: '1', type: 'REG_SZ', data: 'example.net' },
        { name: '2', type: 'REG_SZ', data: 'evil.example' },
      ],
    },
  ]);
});

void test('a line that is neither a key nor a value is an error, not skipped', () => {
  const r = parseRegQueryOutput(
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail\r\n  RulesExternal REG_SZ warn\r\n',
  );
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, /line 2/);
});

void test('a value before any key is an error', () => {
  assert.equal(parseRegQueryOutput('    Version    REG_DWORD    0x1\r\n').ok, false);
});

void test('empty output is no keys (the key does not exist)', () => {
  assert.deepEqual(parseRegQueryOutput('\r\n'), { ok: true, keys: [] });
});

void test('REG_DWORD data is hexadecimal', () => {
  assert.equal(regDword('0x1'), 1);
  assert.equal(regDword('0xffffffff'), 4294967295);
  assert.equal(regDword('1'), null);
  assert.equal(regDword('0x'), null);
  assert.equal(regDword('0x1g'), null);
});

void test('REG_MULTI_SZ items are split on the printed \\0 and empty items dropped', () => {
  assert.deepEqual(regMultiSz('a.go.th\\0b.go.th\\0\\0'), ['a.go.th', 'b.go.th']);
  assert.deepEqual(regMultiSz(''), []);
});
