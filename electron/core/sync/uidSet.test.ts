import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toUidSet } from './uidSet.js';

void test('toUidSet compresses runs and sorts', () => {
  assert.equal(toUidSet([9, 8, 7, 12, 5, 5]), '5,7:9,12');
  assert.equal(toUidSet([1]), '1');
  assert.equal(toUidSet([]), '');
  assert.equal(toUidSet([3, 1, 2, 10, 11]), '1:3,10:11');
});
