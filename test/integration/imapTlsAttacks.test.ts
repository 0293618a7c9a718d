// RFC 8314 / RFC 9051 §6.2.1 against a scripted man in the middle (test/servers/fakeImap.ts): when
// STARTTLS is required, a PREAUTH greeting, a refused or stripped STARTTLS, or data injected after the
// go-ahead must end the session with TLS_REQUIRED before any credential or mailbox command is sent.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCodedError, type ErrorCode } from '../../shared/contract/result.js';
import type { Security } from '../../shared/domain/schemas.js';
import { verifyAccount } from '../../electron/core/imap/verifyAccount.js';
import type { AccountWithSecret } from '../../electron/core/store/mailStore.js';
import { startFakeImap, type FakeImap, type FakeImapScenario } from '../servers/fakeImap.js';

const PASSWORD = 'somchai-secret-9';

const account = (port: number, security: Security): AccountWithSecret => ({
  id: 1,
  email: 'somchai@example.go.th',
  displayName: '',
  imap: { host: '127.0.0.1', port, security },
  smtp: { host: '127.0.0.1', port: 25, security: 'plain' },
  user: 'somchai',
  password: PASSWORD,
});

const servers: FakeImap[] = [];
const start = async (scenario: FakeImapScenario): Promise<FakeImap> => {
  const s = await startFakeImap(scenario);
  servers.push(s);
  return s;
};

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isCodedError(e), `not a CodedError: ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    return true;
  });
}

/** Nothing secret and no mailbox access crossed the wire in clear. */
function assertNothingLeaked(server: FakeImap): void {
  const wire = server.plaintext();
  assert.ok(!wire.includes(PASSWORD), `password in clear:\n${wire}`);
  assert.ok(!/\b(LOGIN|AUTHENTICATE)\b/i.test(wire), `login attempted in clear:\n${wire}`);
  const mailbox = server.commands.filter((c) => /^\S+ (SELECT|EXAMINE|FETCH|UID|LIST|LSUB|STATUS|APPEND|SEARCH)\b/i.test(c.line));
  assert.deepEqual(mailbox, [], 'no mailbox command');
  assert.ok(server.connections() > 0, 'the client did reach the fake server (the test is live)');
}

void describe('STARTTLS downgrade and PREAUTH attacks', () => {
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  void it('control: an honest STARTTLS server is accepted and LOGIN happens only under TLS', async () => {
    const server = await start('starttls-ok');
    await verifyAccount(account(server.port, 'starttls'), { trustedCaPem: [server.caPem] });
    const logins = server.commands.filter((c) => /^\S+ (LOGIN|AUTHENTICATE)\b/i.test(c.line));
    assert.equal(logins.length, 1, JSON.stringify(server.commands));
    assert.equal(logins[0]?.tls, true);
    assert.ok(!server.plaintext().includes(PASSWORD));
  });

  void it('PREAUTH on a plaintext port is refused for starttls (no way left to start TLS)', async () => {
    const server = await start('preauth');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_REQUIRED');
    assertNothingLeaked(server);
  });

  void it('PREAUTH on a plaintext port fails closed for implicit TLS too', async () => {
    const server = await start('preauth');
    await rejectsWith(verifyAccount(account(server.port, 'tls')), 'TLS_REQUIRED');
    assert.ok(!server.plaintext().includes(PASSWORD));
    assert.deepEqual(server.commands.filter((c) => /LOGIN|SELECT|FETCH/i.test(c.line)), []);
  });

  void it('STARTTLS answered with BAD → TLS_REQUIRED before credentials', async () => {
    const server = await start('starttls-bad');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_REQUIRED');
    assert.ok(server.commands.some((c) => /STARTTLS/i.test(c.line)), 'the client did ask for STARTTLS');
    assertNothingLeaked(server);
  });

  void it('STARTTLS answered with NO → TLS_REQUIRED before credentials', async () => {
    const server = await start('starttls-no');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_REQUIRED');
    assertNothingLeaked(server);
  });

  void it('STARTTLS stripped from the CAPABILITY answer after the greeting → TLS_REQUIRED', async () => {
    const server = await start('starttls-stripped');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_REQUIRED');
    assert.ok(server.commands.some((c) => /CAPABILITY/i.test(c.line)), 'the client asked for the capabilities');
    assertNothingLeaked(server);
  });

  void it('STARTTLS stripped from the greeting\'s capability list → TLS_REQUIRED', async () => {
    const server = await start('starttls-stripped-greeting');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_REQUIRED');
    assertNothingLeaked(server);
  });

  void it('data injected after the STARTTLS go-ahead → TLS_REQUIRED', async () => {
    const server = await start('starttls-inject');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_REQUIRED');
    assertNothingLeaked(server);
  });

  void it('an honest STARTTLS server with an untrusted CA is TLS_CERT_INVALID, nothing leaked', async () => {
    const server = await start('starttls-ok');
    await rejectsWith(verifyAccount(account(server.port, 'starttls')), 'TLS_CERT_INVALID');
    assert.ok(!server.plaintext().includes(PASSWORD));
    assert.deepEqual(server.commands.filter((c) => /LOGIN/i.test(c.line)), []);
  });
});
