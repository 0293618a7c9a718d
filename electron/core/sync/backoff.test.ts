import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, BACKOFF_STEPS_MS } from './backoff.js';

void test('backoff grows 1s, 2s, 5s, 10s, 30s, then stays at 60s; a success resets it', () => {
  const b = new Backoff(() => 0.5);
  const seq = Array.from({ length: 8 }, () => b.next());
  assert.deepEqual(seq, [1000, 2000, 5000, 10000, 30000, 60000, 60000, 60000]);
  b.reset();
  assert.equal(b.next(), 1000);
});

void test('jitter stays within ±20% of each step', () => {
  const low = new Backoff(() => 0);
  const high = new Backoff(() => 0.999999);
  for (const step of BACKOFF_STEPS_MS) {
    const l = low.next();
    const h = high.next();
    assert.equal(l, Math.round(step * 0.8));
    assert.ok(h <= step * 1.2 && h > step * 1.19, `${h} near ${step * 1.2}`);
  }
});
