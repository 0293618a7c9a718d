import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { isCodedError } from '../../../shared/contract/result.js';
import type { Security } from '../../../shared/domain/schemas.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import { imapOptions } from './imapOptions.js';
import { isLoopbackHost } from './isLoopbackHost.js';

const account = (host: string, security: Security, port = 993): AccountWithSecret => ({
  id: 1,
  email: 'somchai@moph.go.th',
  displayName: '',
  imap: { host, port, security },
  smtp: { host, port: 587, security: 'starttls' },
  user: 'somchai',
  password: 'pa55-รหัส',
});

const EXTRA_CA = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

void test('tls: implicit TLS, validated certificate, TLS 1.2+, SNI for a DNS name', () => {
  const o = imapOptions(account('imap.moph.go.th', 'tls'));
  assert.equal(o.secure, true);
  assert.notEqual(o.doSTARTTLS, true, 'imapflow refuses secure+doSTARTTLS together');
  assert.equal(o.host, 'imap.moph.go.th');
  assert.equal(o.port, 993);
  assert.equal(o.tls?.rejectUnauthorized, true);
  assert.equal(o.tls?.minVersion, 'TLSv1.2');
  assert.equal(o.tls?.servername, 'imap.moph.go.th');
  assert.equal(o.tls?.ca, undefined, 'no ca option: Node uses its own root store');
  assert.deepEqual(o.auth, { user: 'somchai', pass: 'pa55-รหัส' });
  assert.equal(o.logger, false);
});

void test('starttls: cleartext connect that must upgrade before login', () => {
  const o = imapOptions(account('imap.moph.go.th', 'starttls', 143));
  assert.equal(o.secure, false);
  assert.equal(o.doSTARTTLS, true);
  assert.equal(o.tls?.rejectUnauthorized, true);
  assert.equal(o.tls?.minVersion, 'TLSv1.2');
});

void test('no SNI for an IP literal (RFC 6066 §3); the IP SAN is checked instead', () => {
  const o = imapOptions(account('127.0.0.1', 'tls'));
  assert.equal(o.tls?.servername, undefined);
  const v6 = imapOptions(account('[::1]', 'tls'));
  assert.equal(v6.host, '::1');
  assert.equal(v6.tls?.servername, undefined);
});

void test('extra CAs extend the system roots instead of replacing them', () => {
  const o = imapOptions(account('imap.moph.go.th', 'tls'), { trustedCaPem: [EXTRA_CA, '  '] });
  const ca = o.tls?.ca;
  assert.ok(Array.isArray(ca));
  assert.equal(ca.length, rootCertificates.length + 1);
  assert.equal(ca.at(-1), EXTRA_CA);
  assert.ok(ca.includes(rootCertificates[0]!));
});

void test('plain is refused for a non-loopback host', () => {
  for (const host of ['imap.moph.go.th', '10.0.0.1', '192.168.1.5', '::2', '128.0.0.1', 'localhost.evil.com', '127.0.0.1.nip.io']) {
    assert.throws(
      () => imapOptions(account(host, 'plain', 143)),
      (e: unknown) => isCodedError(e) && e.code === 'PLAINTEXT_REFUSED' && !e.message.includes('pa55'),
      host,
    );
  }
});

void test('plain to loopback: no TLS and no STARTTLS', () => {
  for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
    const o = imapOptions(account(host, 'plain', 143));
    assert.equal(o.secure, false, host);
    assert.equal(o.doSTARTTLS, false, host);
  }
});

void test('isLoopbackHost', () => {
  assert.equal(isLoopbackHost('127.0.0.1'), true);
  assert.equal(isLoopbackHost('::ffff:127.0.0.1'), true);
  assert.equal(isLoopbackHost('::ffff:10.0.0.1'), false);
  assert.equal(isLoopbackHost('0.0.0.0'), false);
  assert.equal(isLoopbackHost('localhostx'), false);
});

void test('timeouts are set and can be shortened', () => {
  const o = imapOptions(account('imap.moph.go.th', 'tls'));
  assert.ok((o.connectionTimeout ?? 0) > 0 && (o.greetingTimeout ?? 0) > 0 && (o.socketTimeout ?? 0) > 0);
  const short = imapOptions(account('imap.moph.go.th', 'tls'), { timeouts: { connectionTimeout: 1000 } });
  assert.equal(short.connectionTimeout, 1000);
  assert.equal(short.greetingTimeout, o.greetingTimeout);
});

void test('a logger is passed through only when given', () => {
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  assert.equal(imapOptions(account('imap.moph.go.th', 'tls'), { logger }).logger, logger);
});
