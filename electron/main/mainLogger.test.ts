import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamLogger } from './mainLogger.js';

void test('one timestamped line per entry, with its level', () => {
  const lines: string[] = [];
  const log = createStreamLogger(
    (l) => lines.push(l),
    () => new Date('2025-01-02T03:04:05.000Z'),
  );
  log.info('ready');
  log.warn('refused');
  log.error('failed');
  assert.deepEqual(lines, [
    '2025-01-02T03:04:05.000Z main info ready\n',
    '2025-01-02T03:04:05.000Z main warn refused\n',
    '2025-01-02T03:04:05.000Z main error failed\n',
  ]);
});
