// The IMAP connection rules of DESIGN.md §4 against a real private Dovecot on 127.0.0.1: TLS by
// default, STARTTLS enforced when chosen, certificates always validated, plaintext only to loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { isCodedError, type ErrorCode } from '../../shared/contract/result.js';
import type { Security } from '../../shared/domain/schemas.js';
import { connectImap, closeImap } from '../../electron/core/imap/connectImap.js';
import { verifyAccount } from '../../electron/core/imap/verifyAccount.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { startDovecot, type DovecotServer, type PlainDovecotServer } from '../servers/dovecot.js';
import { freePort } from '../servers/freePort.js';

const account = (port: number, security: Security, password = 'alice-secret-1', host = '127.0.0.1'): AccountWithSecret => ({
  id: 1,
  email: 'alice@example.go.th',
  displayName: '',
  imap: { host, port, security },
  smtp: { host, port: 25, security: 'plain' },
  user: 'alice',
  password,
});

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isCodedError(e), `not a CodedError: ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    // messages reach the UI: never the password nor the address
    assert.ok(!e.message.includes('alice-secret') && !e.message.includes('alice@'), e.message);
    return true;
  });
}

/** A TCP relay that records every byte the client sends, to prove what crossed the wire. */
async function recordingProxy(
  targetPort: number,
): Promise<{ port: number; sent: () => string; received: () => string; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const replies: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = netConnect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => chunks.push(d));
    upstream.on('data', (d: Buffer) => replies.push(d));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  assert.ok(addr && typeof addr === 'object');
  return {
    port: addr.port,
    sent: () => Buffer.concat(chunks).toString('latin1'),
    received: () => Buffer.concat(replies).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

void describe('IMAP connection security against a private Dovecot', () => {
  let tlsServer: DovecotServer;
  let wrongHost: DovecotServer;
  let plainServer: PlainDovecotServer;

  before(async () => {
    [tlsServer, wrongHost, plainServer] = await Promise.all([
      startDovecot(),
      startDovecot({ certHost: 'imap.wrong-host.example' }),
      startDovecot({ tls: false }),
    ]);
  });
  after(async () => {
    await Promise.all([tlsServer?.stop(), wrongHost?.stop(), plainServer?.stop()]);
  });

  void it('implicit TLS works when the test CA is trusted', async () => {
    const acc = account(tlsServer.imapsPort, 'tls');
    await verifyAccount(acc, { trustedCaPem: [tlsServer.caPem] });
    const client = await connectImap(acc, { trustedCaPem: [tlsServer.caPem] });
    try {
      assert.ok(client.authenticated, 'logged in');
      assert.ok(client.secureConnection, 'connection is TLS');
      assert.equal(client.tls && client.tls.authorized, true, 'certificate chain verified');
    } finally {
      await closeImap(client);
    }
  });

  void it('STARTTLS works and the session is encrypted before login', async () => {
    const acc = account(tlsServer.imapPort, 'starttls');
    const proxy = await recordingProxy(tlsServer.imapPort);
    try {
      const client = await connectImap({ ...acc, imap: { ...acc.imap, port: proxy.port } }, { trustedCaPem: [tlsServer.caPem] });
      assert.ok(client.secureConnection);
      await closeImap(client);
      const wire = proxy.sent();
      assert.match(wire, /STARTTLS/);
      // everything after the upgrade is TLS records, so the password never appears in clear
      assert.ok(!wire.includes('alice-secret-1'));
      assert.ok(!/\bLOGIN\b/.test(wire) && !/AUTHENTICATE/.test(wire));
    } finally {
      await proxy.close();
    }
  });

  void it('an untrusted CA is rejected (implicit TLS and STARTTLS)', async () => {
    await rejectsWith(verifyAccount(account(tlsServer.imapsPort, 'tls')), 'TLS_CERT_INVALID');
    await rejectsWith(verifyAccount(account(tlsServer.imapPort, 'starttls')), 'TLS_CERT_INVALID');
  });

  void it('a certificate for another host is rejected even with a trusted CA', async () => {
    const opts = { trustedCaPem: [wrongHost.caPem] };
    await rejectsWith(verifyAccount(account(wrongHost.imapsPort, 'tls'), opts), 'TLS_CERT_INVALID');
    await rejectsWith(verifyAccount(account(wrongHost.imapPort, 'starttls'), opts), 'TLS_CERT_INVALID');
    await rejectsWith(verifyAccount(account(wrongHost.imapsPort, 'tls', 'alice-secret-1', 'localhost'), opts), 'TLS_CERT_INVALID');
  });

  void it('STARTTLS required but not offered: TLS_REQUIRED, and LOGIN is never sent', async () => {
    const proxy = await recordingProxy(plainServer.imapPort);
    try {
      await rejectsWith(verifyAccount(account(proxy.port, 'starttls')), 'TLS_REQUIRED');
      const wire = proxy.sent();
      // the server greeted through the relay, with a capability list that lacks STARTTLS
      assert.match(proxy.received(), /^\* OK /);
      assert.ok(!/STARTTLS/.test(proxy.received()));
      assert.ok(!/\bLOGIN\b/i.test(wire), `LOGIN crossed the wire:\n${wire}`);
      assert.ok(!/AUTHENTICATE/i.test(wire));
      assert.ok(!wire.includes('alice-secret-1'));
    } finally {
      await proxy.close();
    }
  });

  void it('implicit TLS to a plaintext-only port fails closed', async () => {
    await rejectsWith(verifyAccount(account(plainServer.imapPort, 'tls')), 'TLS_REQUIRED');
  });

  void it('plain works to loopback', async () => {
    await verifyAccount(account(plainServer.imapPort, 'plain'));
    await verifyAccount(account(plainServer.imapPort, 'plain', 'alice-secret-1', 'localhost'));
  });

  void it('plain to a non-loopback host is refused before any connection', async () => {
    await rejectsWith(verifyAccount(account(plainServer.imapPort, 'plain', 'alice-secret-1', '192.0.2.1')), 'PLAINTEXT_REFUSED');
  });

  void it('a wrong password is AUTH_FAILED', async () => {
    await rejectsWith(verifyAccount(account(tlsServer.imapsPort, 'tls', 'wrong-password'), { trustedCaPem: [tlsServer.caPem] }), 'AUTH_FAILED');
    await rejectsWith(verifyAccount(account(plainServer.imapPort, 'plain', 'wrong-password')), 'AUTH_FAILED');
  });

  void it('a closed port is HOST_UNREACHABLE', async () => {
    const port = await freePort();
    await rejectsWith(verifyAccount(account(port, 'tls')), 'HOST_UNREACHABLE');
  });
});
