// Tests of the test harness itself: the private Dovecot really does TLS the way the sync tests
// assume (trusted CA, STARTTLS, hostname checks, a server without TLS), seeding works byte for
// byte, and the SMTP sink delivers into Dovecot.
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { createTransport } from 'nodemailer';
import { readFixture, thaiHtml, thaiPlain, thaiTis620 } from '../fixtures/index.js';
import { appendMessage, connectImap, createMailbox, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { startSmtpSink } from '../servers/smtp.js';

/** Connects with the given options and returns the failure (or null), never leaving a socket open. */
async function tryConnect(opts: ImapFlowOptions): Promise<(Error & { code?: string }) | null> {
  const client = new ImapFlow({ logger: false, connectionTimeout: 10_000, ...opts });
  client.on('error', () => undefined);
  try {
    await client.connect();
    assert.ok(client.secureConnection, 'connected, but not over TLS');
    await client.logout();
    return null;
  } catch (err) {
    client.close();
    return err as Error & { code?: string };
  }
}

/** The raw first line of a plaintext listener, e.g. `* OK [CAPABILITY ... STARTTLS ...] ...`. */
function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host: '127.0.0.1', port });
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.includes('\r\n')) {
        sock.destroy();
        resolve(buf.split('\r\n')[0] ?? '');
      }
    });
    sock.once('error', reject);
  });
}

async function fetchSource(server: DovecotServer, user: string, pass: string, mailbox: string, uid: number): Promise<Buffer> {
  const client = await connectImap(server, user, pass);
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
      assert.ok(msg && msg.source, `no message with UID ${uid} in ${mailbox}`);
      return msg.source;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe('private test servers', () => {
  let dovecot: DovecotServer;
  const alice = { user: 'alice', password: 'alice-secret-1' };

  before(async () => {
    dovecot = await startDovecot();
  });
  after(async () => {
    await dovecot?.stop();
  });

  it('serves implicit TLS to a client that trusts the test CA', async () => {
    const err = await tryConnect({
      host: dovecot.host, port: dovecot.imapsPort, secure: true, tls: { ca: dovecot.caPem },
      auth: { user: alice.user, pass: alice.password },
    });
    assert.equal(err, null);
  });

  it('offers STARTTLS on the plain port and upgrades with doSTARTTLS', async () => {
    assert.match(await greeting(dovecot.imapPort), /^\* OK .*\bSTARTTLS\b/);
    const err = await tryConnect({
      host: dovecot.host, port: dovecot.imapPort, secure: false, doSTARTTLS: true, tls: { ca: dovecot.caPem },
      auth: { user: alice.user, pass: alice.password },
    });
    assert.equal(err, null);
  });

  it('rejects the server certificate when the CA is not trusted (implicit TLS and STARTTLS)', async () => {
    for (const opts of [
      { port: dovecot.imapsPort, secure: true },
      { port: dovecot.imapPort, secure: false, doSTARTTLS: true },
    ]) {
      const err = await tryConnect({ host: dovecot.host, auth: { user: alice.user, pass: alice.password }, ...opts });
      assert.ok(err, `connected to port ${opts.port} without trusting the test CA`);
      // Dovecot sends only the leaf, so Node cannot build a chain to any trusted root
      assert.equal(err.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', err.message);
    }
  });

  it('rejects a certificate for another host even when its CA is trusted', async () => {
    const wrong = await startDovecot({ certHost: 'wrong.example' });
    try {
      for (const opts of [
        { port: wrong.imapsPort, secure: true },
        { port: wrong.imapPort, secure: false, doSTARTTLS: true },
      ]) {
        const err = await tryConnect({ host: wrong.host, tls: { ca: wrong.caPem }, auth: { user: alice.user, pass: alice.password }, ...opts });
        assert.ok(err, `connected to a wrong.example certificate on port ${opts.port}`);
        assert.equal(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID', err.message);
      }
    } finally {
      await wrong.stop();
    }
  });

  it('a tls:false server does not offer STARTTLS, fails doSTARTTLS, and allows loopback plain login', async () => {
    const plain = await startDovecot({ tls: false });
    try {
      const line = await greeting(plain.imapPort);
      assert.match(line, /^\* OK /);
      assert.doesNotMatch(line, /STARTTLS/);
      const err = await tryConnect({ host: plain.host, port: plain.imapPort, secure: false, doSTARTTLS: true, auth: { user: alice.user, pass: alice.password } });
      assert.ok(err, 'doSTARTTLS succeeded against a server without TLS');
      assert.match(err.message, /STARTTLS/);
      const client = await connectImap(plain, alice.user, alice.password);
      assert.equal(client.secureConnection, false);
      assert.ok(client.authenticated);
      await client.logout();
    } finally {
      await plain.stop();
    }
  });

  it('refuses a wrong password', async () => {
    await assert.rejects(connectImap(dovecot, alice.user, 'not-the-password'));
  });

  it('APPENDs fixtures and returns them byte for byte, decoding the Thai subject', async () => {
    for (const f of [thaiHtml, thaiTis620]) {
      const raw = readFixture(f);
      const res = await appendMessage(dovecot, alice.user, alice.password, 'INBOX', raw, ['\\Seen']);
      assert.ok(res.uid, 'no APPENDUID (UIDPLUS)');
      assert.ok((await fetchSource(dovecot, alice.user, alice.password, 'INBOX', res.uid)).equals(raw), `${f.file} changed on the way`);
    }
    const client = await connectImap(dovecot, alice.user, alice.password);
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const subjects: string[] = [];
        for await (const m of client.fetch('1:*', { envelope: true, flags: true })) {
          subjects.push(m.envelope?.subject ?? '');
          assert.ok(m.flags?.has('\\Seen'));
        }
        assert.deepEqual(subjects, [thaiHtml.subject, thaiTis620.subject]);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('creates a Thai-named mailbox and seeds it', async () => {
    const name = 'งานสารบรรณ';
    await createMailbox(dovecot, alice.user, alice.password, name);
    const res = await appendMessage(dovecot, alice.user, alice.password, name, readFixture(thaiPlain));
    assert.equal(res.destination, name);
    const client = await connectImap(dovecot, alice.user, alice.password);
    try {
      const list = await client.list();
      assert.ok(list.some((m) => m.path === name), `mailboxes: ${list.map((m) => m.path).join(', ')}`);
      const status = await client.status(name, { messages: true });
      assert.ok(status, `STATUS ${name} failed`);
      assert.equal(status.messages, 1);
    } finally {
      await client.logout();
    }
  });

  it('the SMTP sink takes mail over STARTTLS and delivers it into the Dovecot INBOX', async () => {
    const sink = await startSmtpSink({ dovecot });
    try {
      const transport = createTransport({
        host: sink.host, port: sink.port, secure: false, requireTLS: true, tls: { ca: sink.caPem },
        auth: { user: alice.user, pass: alice.password },
      });
      const info = await transport.sendMail({
        from: 'alice@example.go.th',
        to: ['bob@example.go.th', 'someone@gmail.com'],
        subject: 'ทดสอบส่งผ่าน SMTP',
        text: 'ข้อความทดสอบการส่งกล้วยไข่',
      });
      transport.close();
      assert.deepEqual(info.accepted, ['bob@example.go.th', 'someone@gmail.com']);
      const [got] = await sink.waitForMessages(1);
      assert.ok(got);
      assert.equal(got.secure, true);
      assert.equal(got.authUser, alice.user);
      assert.deepEqual(got.deliveredTo, ['bob']);

      const bob = dovecot.users.find((u) => u.user === 'bob');
      assert.ok(bob);
      const client = await connectImap(dovecot, bob.user, bob.password);
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const msg = await client.fetchOne('*', { source: true, envelope: true });
          assert.ok(msg && msg.source);
          assert.equal(msg.envelope?.subject, 'ทดสอบส่งผ่าน SMTP');
          assert.equal(msg.envelope?.messageId, info.messageId);
          assert.ok(msg.source.equals(got.raw));
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
    } finally {
      await sink.stop();
    }
  });

  it('the SMTP sink also speaks implicit TLS, and plaintext when started with tls:false', async () => {
    const smtps = await startSmtpSink({ tls: 'implicit' });
    const plain = await startSmtpSink({ tls: false });
    try {
      const viaTls = createTransport({ host: smtps.host, port: smtps.port, secure: true, tls: { ca: smtps.caPem }, auth: { user: alice.user, pass: alice.password } });
      await viaTls.sendMail({ from: 'alice@example.go.th', to: 'bob@example.go.th', subject: 'smtps', text: 'x' });
      viaTls.close();
      const [a] = await smtps.waitForMessages(1);
      assert.equal(a?.secure, true);
      assert.deepEqual(a?.deliveredTo, []);

      // requireTLS must refuse a server that does not offer STARTTLS
      const strict = createTransport({ host: plain.host, port: plain.port, requireTLS: true, auth: { user: alice.user, pass: alice.password } });
      await assert.rejects(strict.sendMail({ from: 'alice@example.go.th', to: 'bob@example.go.th', text: 'x' }), /STARTTLS/);
      strict.close();
      const loose = createTransport({ host: plain.host, port: plain.port, secure: false, ignoreTLS: true, auth: { user: alice.user, pass: alice.password } });
      await loose.sendMail({ from: 'alice@example.go.th', to: 'bob@example.go.th', subject: 'plain', text: 'x' });
      loose.close();
      const [b] = await plain.waitForMessages(1);
      assert.equal(b?.secure, false);
      assert.equal(b?.authUser, alice.user);
    } finally {
      await smtps.stop();
      await plain.stop();
    }
  });

  it('the SMTP sink refuses AUTH before STARTTLS and bad passwords', async () => {
    const sink = await startSmtpSink({ dovecot });
    try {
      const noTls = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true, auth: { user: alice.user, pass: alice.password } });
      await assert.rejects(noTls.sendMail({ from: 'alice@example.go.th', to: 'bob@example.go.th', text: 'x' }));
      const badPass = createTransport({ host: sink.host, port: sink.port, requireTLS: true, tls: { ca: sink.caPem }, auth: { user: alice.user, pass: 'wrong' } });
      await assert.rejects(badPass.sendMail({ from: 'alice@example.go.th', to: 'bob@example.go.th', text: 'x' }), /535|Invalid/);
      noTls.close();
      badPass.close();
      assert.equal(sink.messages.length, 0);
    } finally {
      await sink.stop();
    }
  });
});
