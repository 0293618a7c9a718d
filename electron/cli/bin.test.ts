// Proves the real `raksa` binary runs from a fresh checkout: a separate Node process, no build step.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const exec = promisify(execFile);

void describe('bin/raksa.mjs', () => {
  void it('runs policy check as a real process', async () => {
    const { stdout } = await exec(
      process.execPath,
      ['bin/raksa.mjs', 'policy', 'check', '--to', 'a@moph.go.th', '--json'],
      {
        cwd: root,
        timeout: 60_000,
      },
    );
    const decision = JSON.parse(stdout) as { verdict: string; recipients: { category: string }[] };
    assert.equal(decision.verdict, 'allow');
    assert.equal(decision.recipients[0]?.category, 'government');
  });

  void it('sets the exit code for a usage error', async () => {
    await assert.rejects(
      exec(process.execPath, ['bin/raksa.mjs', 'policy', 'check', '--bbc', 'x'], {
        cwd: root,
        timeout: 60_000,
      }),
      (e: { code?: number; stderr?: string }) => e.code === 2 && /unknown option --bbc/.test(e.stderr ?? ''),
    );
  });
});
