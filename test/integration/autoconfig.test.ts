// Account discovery against local fixtures only (issue 4 §1): an HTTPS autoconfig server on 127.0.0.1
// with a certificate from the per-process test CA, a fake SRV resolver, and the guess step verified
// against a private Dovecot and SMTP sink. Every host name is routed to 127.0.0.1 by the injected
// route; no real DNS query or outside connection is made.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCodedError } from '../../shared/contract/result.js';
import { DEFAULT_POLICY, isMailServerAllowed } from '../../shared/policy/index.js';
import { discoverAccount, type DiscoveryDeps } from '../../electron/core/autoconfig/discoverAccount.js';
import { createHttpsFetchText, httpsFetchText, type ConnectRoute } from '../../electron/core/autoconfig/httpsFetchText.js';
import { createProbe } from '../../electron/core/autoconfig/probeServer.js';
import { startDovecot, type DovecotServer, type PlainDovecotServer } from '../servers/dovecot.js';
import { freePort } from '../servers/freePort.js';
import { startSmtpSink, type SmtpSink } from '../servers/smtp.js';
import { getTestCert } from '../servers/testCerts.js';

const DOMAIN = 'example.go.th';
const EMAIL = `somchai@${DOMAIN}`;

const CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="${DOMAIN}"><domain>${DOMAIN}</domain>
  <incomingServer type="imap"><hostname>imap.${DOMAIN}</hostname><port>143</port><socketType>STARTTLS</socketType>
    <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username></incomingServer>
  <incomingServer type="imap"><hostname>imap.${DOMAIN}</hostname><port>993</port><socketType>SSL</socketType>
    <authentication>password-cleartext</authentication><username>%EMAILLOCALPART%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.${DOMAIN}</hostname><port>465</port><socketType>SSL</socketType>
    <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`;

interface HttpsFixture {
  port: number;
  caPem: string;
  requests: string[];
  close(): Promise<void>;
}

/** One HTTPS server for autoconfig.<domain> and <domain>, picking the certificate by SNI. */
async function startAutoconfigServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpsFixture> {
  const [auto, apex] = await Promise.all([getTestCert(`autoconfig.${DOMAIN}`), getTestCert(DOMAIN)]);
  const contexts = new Map([
    [`autoconfig.${DOMAIN}`, createSecureContext({ key: auto.keyPem, cert: auto.certPem })],
    [DOMAIN, createSecureContext({ key: apex.keyPem, cert: apex.certPem })],
  ]);
  const requests: string[] = [];
  const server: Server = createServer(
    { key: auto.keyPem, cert: auto.certPem, SNICallback: (name, cb) => cb(null, contexts.get(name)) },
    (req, res) => {
      requests.push(`${req.headers.host ?? ''}${req.url ?? ''}`);
      handler(req, res);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  assert.ok(addr && typeof addr === 'object');
  return {
    port: addr.port,
    caPem: auto.caPem,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const routeAllTo =
  (port: number): ConnectRoute =>
  () => ({ host: '127.0.0.1', port });

void describe('autoconfig over HTTPS (local server, test CA)', () => {
  let web: HttpsFixture;
  before(async () => {
    web = await startAutoconfigServer((req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/mail/config-v1.1.xml')) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(CONFIG);
      } else if (url === '/redirect-https') {
        res.writeHead(302, { location: `https://autoconfig.${DOMAIN}/mail/config-v1.1.xml` }).end();
      } else if (url === '/redirect-http') {
        res.writeHead(302, { location: `http://autoconfig.${DOMAIN}/mail/config-v1.1.xml` }).end();
      } else if (url === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
      } else if (url === '/huge') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        // no content-length: the cap must hold on the streamed body too
        const chunk = 'x'.repeat(64 * 1024);
        for (let i = 0; i < 32; i++) res.write(chunk);
        res.end();
      } else if (url === '/huge-declared') {
        res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).write('x');
      } else if (url === '/slow') {
        res.writeHead(200).write('<clientConfig');
        // never ends
      } else {
        res.writeHead(404).end('not here');
      }
    });
  });
  after(async () => {
    await web?.close();
  });

  const fetchOpts = () => ({ trustedCaPem: [web.caPem], route: routeAllTo(web.port) });

  void it('fetches with a validated certificate for the URL host', async () => {
    const text = await httpsFetchText(`https://autoconfig.${DOMAIN}/mail/config-v1.1.xml?emailaddress=x`, fetchOpts());
    assert.equal(text, CONFIG);
    assert.equal(web.requests.at(-1), `autoconfig.${DOMAIN}/mail/config-v1.1.xml?emailaddress=x`);
  });

  void it('an untrusted CA is refused', async () => {
    await assert.rejects(
      httpsFetchText(`https://autoconfig.${DOMAIN}/mail/config-v1.1.xml`, { route: routeAllTo(web.port) }),
      (e: Error) => /request failed/.test(e.message) && /certificate|self.signed|issuer/i.test(String((e.cause as Error)?.message)),
    );
  });

  void it('a certificate for another host is refused', async () => {
    await assert.rejects(
      httpsFetchText('https://autoconfig.evil.example/mail/config-v1.1.xml', fetchOpts()),
      (e: Error) => /altnames|Hostname/i.test(String((e.cause as Error)?.message)),
    );
  });

  void it('never plain http: neither as the URL nor through a redirect', async () => {
    await assert.rejects(httpsFetchText(`http://autoconfig.${DOMAIN}/mail/config-v1.1.xml`, fetchOpts()), /non-https/);
    await assert.rejects(httpsFetchText(`https://autoconfig.${DOMAIN}/redirect-http`, fetchOpts()), /non-https/);
    assert.equal(await httpsFetchText(`https://autoconfig.${DOMAIN}/redirect-https`, fetchOpts()), CONFIG);
    await assert.rejects(httpsFetchText(`https://autoconfig.${DOMAIN}/loop`, fetchOpts()), /too many redirects/);
  });

  void it('size cap and timeout hold', async () => {
    await assert.rejects(httpsFetchText(`https://autoconfig.${DOMAIN}/huge`, fetchOpts()), /too large/);
    await assert.rejects(httpsFetchText(`https://autoconfig.${DOMAIN}/huge-declared`, fetchOpts()), /too large/);
    const started = Date.now();
    await assert.rejects(httpsFetchText(`https://autoconfig.${DOMAIN}/slow`, { ...fetchOpts(), timeoutMs: 500 }), /timed out/);
    assert.ok(Date.now() - started < 3000);
    await assert.rejects(httpsFetchText(`https://autoconfig.${DOMAIN}/nothing`, fetchOpts()), /HTTP 404/);
  });

  void it('discovery end to end: implicit TLS preferred, placeholders filled', async () => {
    const deps: DiscoveryDeps = {
      fetchText: createHttpsFetchText(fetchOpts()),
      resolveSrv: () => Promise.reject(new Error('SRV must not be asked when autoconfig answered')),
      probe: () => Promise.reject(new Error('guesses must not be probed when autoconfig answered')),
    };
    assert.deepEqual(await discoverAccount(EMAIL, deps), {
      source: 'autoconfig',
      imap: { host: `imap.${DOMAIN}`, port: 993, security: 'tls' },
      smtp: { host: `smtp.${DOMAIN}`, port: 465, security: 'tls' },
      user: 'somchai',
    });
  });

  void it('.well-known on the domain itself is the second location', async () => {
    const only = await startAutoconfigServer((req, res) => {
      if (req.headers.host === DOMAIN && req.url === '/.well-known/autoconfig/mail/config-v1.1.xml') {
        res.writeHead(200).end(CONFIG.replaceAll(`imap.${DOMAIN}`, `wk.${DOMAIN}`));
      } else res.writeHead(404).end();
    });
    try {
      const deps: DiscoveryDeps = {
        fetchText: createHttpsFetchText({ trustedCaPem: [only.caPem], route: routeAllTo(only.port) }),
        resolveSrv: () => Promise.resolve([]),
        probe: () => Promise.resolve(false),
      };
      const found = await discoverAccount(EMAIL, deps);
      assert.equal(found.imap.host, `wk.${DOMAIN}`);
      assert.ok(only.requests.includes(`${DOMAIN}/.well-known/autoconfig/mail/config-v1.1.xml`), only.requests.join());
    } finally {
      await only.close();
    }
  });

  void it('without the test CA nothing is trusted, so discovery falls through to NOT_FOUND', async () => {
    const deps: DiscoveryDeps = {
      fetchText: createHttpsFetchText({ route: routeAllTo(web.port) }),
      resolveSrv: () => Promise.resolve([]),
      probe: () => Promise.resolve(false),
    };
    await assert.rejects(discoverAccount(EMAIL, deps), (e: unknown) => isCodedError(e) && e.code === 'NOT_FOUND');
  });
});

void describe('guess step against a private Dovecot and SMTP sink', () => {
  let imap: DovecotServer;
  let plainImap: PlainDovecotServer;
  let smtp: SmtpSink;
  let closed: number;
  before(async () => {
    [imap, plainImap, smtp, closed] = await Promise.all([
      startDovecot({ certHost: `imap.${DOMAIN}` }),
      startDovecot({ tls: false }),
      startSmtpSink({ certHost: `smtp.${DOMAIN}` }),
      freePort(),
    ]);
  });
  after(async () => {
    await Promise.all([imap?.stop(), plainImap?.stop(), smtp?.stop()]);
  });

  // imap.<domain> answers on both IMAP ports; mail.<domain> is the same Dovecot, so its certificate
  // names the wrong host; smtp.<domain> offers STARTTLS on 587 only.
  const route: ConnectRoute = (host, port) => {
    const at = (p: number) => ({ host: '127.0.0.1', port: p });
    if (host === `imap.${DOMAIN}` && port === 993) return at(imap.imapsPort);
    if (host === `imap.${DOMAIN}` && port === 143) return at(imap.imapPort);
    if (host === `mail.${DOMAIN}` && port === 993) return at(imap.imapsPort);
    if (host === `smtp.${DOMAIN}` && port === 587) return at(smtp.port);
    if (host === `plain.${DOMAIN}`) return at(plainImap.imapPort);
    return at(closed);
  };
  const probe = () => createProbe({ trustedCaPem: [imap.caPem], route, timeoutMs: 5000 });

  void it('finds implicit-TLS IMAP and STARTTLS submission by connecting', async () => {
    const found = await discoverAccount(EMAIL, {
      fetchText: () => Promise.reject(new Error('no autoconfig')),
      resolveSrv: () => Promise.resolve([]),
      probe: probe(),
    });
    assert.deepEqual(found, {
      source: 'guess',
      imap: { host: `imap.${DOMAIN}`, port: 993, security: 'tls' },
      smtp: { host: `smtp.${DOMAIN}`, port: 587, security: 'starttls' },
      user: EMAIL,
    });
  });

  void it('the probe validates certificates and requires TLS to complete', async () => {
    const p = probe();
    assert.equal(await p('imap', `imap.${DOMAIN}`, 993, 'tls'), true);
    assert.equal(await p('imap', `imap.${DOMAIN}`, 143, 'starttls'), true);
    assert.equal(await p('smtp', `smtp.${DOMAIN}`, 587, 'starttls'), true);
    // the same server under a name its certificate does not carry
    assert.equal(await p('imap', `mail.${DOMAIN}`, 993, 'tls'), false);
    // a plaintext-only server offers no STARTTLS, and is no implicit-TLS server either
    assert.equal(await p('imap', `plain.${DOMAIN}`, 143, 'starttls'), false);
    assert.equal(await p('imap', `plain.${DOMAIN}`, 143, 'tls'), false);
    // plain is never probed for a remote name
    assert.equal(await p('imap', `plain.${DOMAIN}`, 143, 'plain'), false);
    // an untrusted CA
    assert.equal(await createProbe({ route })('imap', `imap.${DOMAIN}`, 993, 'tls'), false);
    // nothing listening
    assert.equal(await p('smtp', `smtp.${DOMAIN}`, 465, 'tls'), false);
  });

  void it('policy *.go.th: the guessed hosts pass; an outside domain is refused unprobed', async () => {
    const policy = { ...DEFAULT_POLICY, allowedMailServers: ['*.go.th'] };
    const deps: DiscoveryDeps = {
      fetchText: () => Promise.reject(new Error('no autoconfig')),
      resolveSrv: () => Promise.resolve([]),
      probe: probe(),
      isServerAllowed: (h) => isMailServerAllowed(policy, h),
    };
    assert.equal((await discoverAccount(EMAIL, deps)).source, 'guess');
    await assert.rejects(
      discoverAccount('someone@example.com', deps),
      (e: unknown) => isCodedError(e) && e.code === 'SERVER_NOT_ALLOWED' && /imap\.example\.com/.test(e.message),
    );
  });
});
