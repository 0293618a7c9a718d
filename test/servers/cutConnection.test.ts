// cutConnection must leave no TCP handle behind: a handle Node can no longer close keeps the process
// from exiting (it spins in its exit cleanup), which is how test/integration/actions.test.ts hung after
// its summary. The exit check runs in a child process so a regression fails here instead of hanging us.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { cutConnection } from './cutConnection.js';

const helperUrl = new URL('./cutConnection.ts', import.meta.url).href;

// The server ends its side (FIN on its way), then the connection is cut at once: exactly what
// tcpProxy.down() met when a relayed peer had just closed.
const childScript = `
import { createServer, connect } from 'node:net';
import { cutConnection } from ${JSON.stringify(helperUrl)};
const srv = createServer((s) => {
  s.on('error', (e) => console.log('error ' + e.code + ' ' + e.syscall));
  s.on('close', () => console.log('closed'));
  s.end();
  cutConnection(s);
});
srv.listen(0, '127.0.0.1', () => {
  const c = connect(srv.address().port, '127.0.0.1');
  c.on('error', () => undefined);
  c.on('close', () => srv.close());
  c.resume();
});
`;

async function runChild(
  limitMs: number,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  return { code, signal, out };
}

void describe('cutConnection', () => {
  it('closes a socket whose FIN is on its way, so the process can exit by itself', async () => {
    const r = await runChild(15_000);
    assert.equal(r.signal, null, `the child did not exit by itself (killed after 15 s); output: ${r.out}`);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^closed$/m, 'the socket emitted close');
    assert.doesNotMatch(r.out, /error/, 'no failed reset');
  });

  it('resets a live connection: the peer sees ECONNRESET, not an orderly end', async () => {
    const server = createServer((s) => cutConnection(s));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const client: Socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      let err: NodeJS.ErrnoException | undefined;
      client.on('error', (e) => (err = e));
      client.resume();
      // not events.once: it would reject on the 'error' this test expects
      await new Promise((resolve) => client.once('close', resolve));
      assert.equal(err?.code, 'ECONNRESET', `the peer saw ${err ? err.code : 'an orderly close'}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
