import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillPlaceholders, parseAutoconfig } from './parseAutoconfig.js';

const EMAIL = 'somchai.j@moph.go.th';

const server = (tag: string, type: string, host: string, port: number, socket: string, user = '%EMAILADDRESS%', auth = 'password-cleartext') =>
  `<${tag} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socket}</socketType>` +
  `<authentication>${auth}</authentication><username>${user}</username></${tag}>`;

const config = (...servers: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><clientConfig version="1.1"><emailProvider id="moph.go.th">` +
  `<domain>moph.go.th</domain><displayName>MOPH</displayName>${servers.join('')}</emailProvider></clientConfig>`;

void test('maps socketType and fills the username placeholders', () => {
  const r = parseAutoconfig(
    config(
      server('incomingServer', 'imap', 'imap.moph.go.th', 993, 'SSL', '%EMAILLOCALPART%'),
      server('outgoingServer', 'smtp', 'smtp.%EMAILDOMAIN%', 587, 'STARTTLS'),
    ),
    EMAIL,
  );
  assert.deepEqual(r.imap, [{ host: 'imap.moph.go.th', port: 993, security: 'tls', user: 'somchai.j' }]);
  assert.deepEqual(r.smtp, [{ host: 'smtp.moph.go.th', port: 587, security: 'starttls', user: EMAIL }]);
});

void test('implicit TLS is preferred over STARTTLS whatever the file order (RFC 8314)', () => {
  const r = parseAutoconfig(
    config(
      server('incomingServer', 'imap', 'imap.moph.go.th', 143, 'STARTTLS'),
      server('incomingServer', 'imap', 'imap2.moph.go.th', 993, 'SSL'),
      server('incomingServer', 'imap', 'imap3.moph.go.th', 993, 'SSL'),
      server('outgoingServer', 'smtp', 'smtp.moph.go.th', 587, 'STARTTLS'),
      server('outgoingServer', 'smtp', 'smtp.moph.go.th', 465, 'SSL'),
    ),
    EMAIL,
  );
  assert.deepEqual(
    r.imap.map((s) => `${s.host}:${s.port}`),
    ['imap2.moph.go.th:993', 'imap3.moph.go.th:993', 'imap.moph.go.th:143'],
  );
  assert.equal(r.smtp[0]?.port, 465);
});

void test('plain is refused except for loopback; POP3, OAuth-only and bad ports are skipped', () => {
  const r = parseAutoconfig(
    config(
      server('incomingServer', 'imap', 'imap.moph.go.th', 143, 'plain'),
      server('incomingServer', 'pop3', 'pop.moph.go.th', 995, 'SSL'),
      server('incomingServer', 'imap', 'oauth.moph.go.th', 993, 'SSL', '%EMAILADDRESS%', 'OAuth2'),
      server('incomingServer', 'imap', 'bad.moph.go.th', 99999, 'SSL'),
      server('incomingServer', 'imap', 'bad host', 993, 'SSL'),
      server('incomingServer', 'imap', '127.0.0.1', 1143, 'plain'),
      server('outgoingServer', 'smtp', 'smtp.moph.go.th', 25, 'plain'),
    ),
    EMAIL,
  );
  assert.deepEqual(r.imap, [{ host: '127.0.0.1', port: 1143, security: 'plain', user: EMAIL }]);
  assert.deepEqual(r.smtp, []);
});

void test('an unknown placeholder in the username falls back to the address', () => {
  const r = parseAutoconfig(config(server('incomingServer', 'imap', 'imap.moph.go.th', 993, 'SSL', '%REALNAME%')), EMAIL);
  assert.equal(r.imap[0]?.user, EMAIL);
  assert.equal(fillPlaceholders('%EMAILLOCALPART%@x', 'a.b@c.d'), 'a.b@x');
  assert.equal(fillPlaceholders('%FOO%', 'a@b.c'), undefined);
});

void test('a document that is not a clientConfig is an error', () => {
  assert.throws(() => parseAutoconfig('<html><body>Not found</body></html>', EMAIL), /not an autoconfig/);
  assert.throws(() => parseAutoconfig('<!DOCTYPE html><html/>', EMAIL));
});
