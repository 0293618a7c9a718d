import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonicalJson.js';

void test('keys are sorted at every depth and white space is dropped', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'ไทย' } }),
    '{"a":{"c":"ไทย","d":[3,{"y":null,"z":true}]},"b":1}',
  );
});

void test('the same value built in a different order gives the same text', () => {
  const one: Record<string, unknown> = {};
  one.kind = 'warn';
  one.seq = 2;
  const two: Record<string, unknown> = {};
  two.seq = 2;
  two.kind = 'warn';
  assert.equal(canonicalJson(one), canonicalJson(two));
});

void test('undefined members are dropped, undefined array slots become null', () => {
  assert.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}');
});

void test('values JSON cannot carry exactly are refused', () => {
  assert.throws(() => canonicalJson({ n: Number.NaN }), TypeError);
  assert.throws(() => canonicalJson(Number.POSITIVE_INFINITY), TypeError);
  assert.throws(() => canonicalJson({ d: new Date(0) }), TypeError);
  assert.throws(() => canonicalJson(10n), TypeError);
});

void test('strings are escaped as JSON.stringify does (control characters, quotes)', () => {
  assert.equal(canonicalJson('a"b\n\u0000'), JSON.stringify('a"b\n\u0000'));
});
