import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from './args.js';
import { UsageError, type FlagSpec } from './command.js';

const specs: FlagSpec[] = [
  { name: 'to', kind: 'string', repeatable: true, description: '' },
  { name: 'policy', kind: 'string', description: '' },
  { name: 'json', kind: 'boolean', description: '' },
];

const usage = (argv: string[]): string => {
  try {
    parseArgs(argv, specs);
  } catch (e) {
    assert.ok(e instanceof UsageError);
    return e.message;
  }
  assert.fail(`should be a usage error: ${argv.join(' ')}`);
};

void describe('parseArgs', () => {
  void it('collects repeated flags, --flag=value, booleans and positionals in order', () => {
    const a = parseArgs(
      ['file', '--to', 'a@x.th', '--to=b@y.th', '--json', '--policy', 'p.json', 'more'],
      specs,
    );
    assert.deepEqual(a.values('to'), ['a@x.th', 'b@y.th']);
    assert.equal(a.value('policy'), 'p.json');
    assert.equal(a.has('json'), true);
    assert.deepEqual(a.positionals, ['file', 'more']);
    assert.deepEqual(a.values('cc'), []);
    assert.equal(a.value('cc'), undefined);
  });

  void it('keeps "=" inside a value and treats words after "--" as positionals', () => {
    const a = parseArgs(['--to="a=b"@x.th', '--', '--json', '-'], specs);
    assert.deepEqual(a.values('to'), ['"a=b"@x.th']);
    assert.equal(a.has('json'), false);
    assert.deepEqual(a.positionals, ['--json', '-']);
  });

  void it('rejects unknown, valueless, duplicated and malformed flags', () => {
    assert.match(usage(['--bbc', 'x']), /unknown option --bbc/);
    assert.match(usage(['-x']), /unknown option -x/);
    assert.match(usage(['--to']), /--to needs a value/);
    assert.match(usage(['--to', '--json']), /--to needs a value/);
    assert.match(usage(['--to=']), /non-empty/);
    assert.match(usage(['--policy', 'a', '--policy', 'b']), /only once/);
    assert.match(usage(['--json=yes']), /takes no value/);
  });
});
