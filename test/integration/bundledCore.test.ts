// The core as the packaged app runs it: the esbuild bundles of scripts/build.mjs (worker.mjs, the
// docWorker.mjs it starts to parse bodies for the search index, the syncWriterThread.mjs that commits header
// and body batches), started through startCore's workerPath, syncing a private Dovecot. The parser threads must come from the bundle: were docWorker.mjs missing or
// broken, the pool would fall back to parsing in the core's thread and search would still work, so the test
// also reads the core's log for the threads' ready line and the absence of the fallback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Result } from '../../shared/contract/result.js';
import { DEFAULT_POLICY } from '../../shared/policy/index.js';
import { startCore, type CoreClient } from '../../electron/core/host/coreClient.js';
import { CORE_WORKER_LIMITS } from '../../electron/core/host/coreWorkerLimits.js';
import { appendMessage, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { readFixture, THAI_FIXTURES } from '../fixtures/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function ok<T>(r: Result<T>): T {
  assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
  return r.value;
}

void describe('the bundled core (dist/core layout) against a private Dovecot', () => {
  let server: DovecotServer;
  let bundle: string;
  let work: string;
  let core: CoreClient | undefined;
  const logs: string[] = [];

  before(async () => {
    // Inside the repo (under node_modules/.cache), so the bundles' external packages resolve as in dist/.
    mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
    bundle = mkdtempSync(path.join(root, 'node_modules', '.cache', 'raksa-bundled-core-'));
    const build = `import(${JSON.stringify(path.join(root, 'scripts/build.mjs'))}).then((m) => m.buildCoreWorker(${JSON.stringify(bundle)}))`;
    await promisify(execFile)(process.execPath, ['-e', build], { cwd: root });
    server = await startDovecot();
    for (const f of THAI_FIXTURES)
      await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', readFixture(f));
    work = mkdtempSync(path.join(os.tmpdir(), 'raksa-bundled-'));
  });

  after(async () => {
    await core?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    if (bundle) rmSync(bundle, { recursive: true, force: true });
  });

  void it('syncs with the writer thread and indexes bodies with the parser threads, both started from the bundle', async () => {
    assert.ok(existsSync(path.join(bundle, 'worker.mjs')));
    assert.ok(existsSync(path.join(bundle, 'docWorker.mjs')));
    assert.ok(existsSync(path.join(bundle, 'syncWriterThread.mjs')));
    core = await startCore({
      profileDir: path.join(work, 'p'),
      databaseKey: randomBytes(32),
      workerPath: path.join(bundle, 'worker.mjs'),
      logLevel: 'debug',
      onLog: (line) => logs.push(line),
      policy: {
        policy: { ...DEFAULT_POLICY, allowedMailServers: ['127.0.0.1'], caCertificates: [server.caPem] },
        source: 'file',
        path: '/etc/raksa-mail/policy.json',
        lockedKeys: {},
      },
    });
    const account = ok(
      await core.call('accounts.add', {
        email: 'alice@example.go.th',
        imap: { host: '127.0.0.1', port: server.imapsPort, security: 'tls' },
        smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
        user: 'alice',
        password: 'alice-secret-1',
      }),
    );
    ok(await core.call('sync.now', { accountId: account.id }));
    for (const f of THAI_FIXTURES) {
      const found = ok(await core.call('search.query', { query: f.searchWord }));
      assert.ok(found.total >= 1, `${f.file}: "${f.searchWord}" found in the body`);
    }
    const entries = logs.map((l) => JSON.parse(l) as { msg: string; youngGenerationMb?: number | null });
    const messages = entries.map((e) => e.msg);
    // The core thread runs with the young-generation limit startCore gives it (CORE_WORKER_LIMITS).
    const ready = entries.find((e) => e.msg === 'core thread ready');
    assert.equal(ready?.youngGenerationMb, CORE_WORKER_LIMITS.maxYoungGenerationSizeMb);
    assert.ok(messages.includes('document parser thread ready'), 'a parser thread started from the bundle');
    assert.ok(
      !messages.some((m) => m.startsWith('document parser thread') && m !== 'document parser thread ready'),
      messages.join('\n'),
    );
    assert.ok(!messages.includes('document parser threads cannot start; parsing in the core thread'));
    // The header batches were written by the bundled writer thread: it logs only when it cannot start or dies.
    assert.ok(!messages.some((m) => m.startsWith('sync writer thread')), messages.join('\n'));
  });
});
