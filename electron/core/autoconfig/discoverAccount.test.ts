import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCodedError, type ErrorCode } from '../../../shared/contract/result.js';
import type { Security } from '../../../shared/domain/schemas.js';
import { DEFAULT_POLICY, isMailServerAllowed, type Policy } from '../../../shared/policy/index.js';
import { autoconfigUrls, discoverAccount, type DiscoveryDeps } from './discoverAccount.js';
import type { MailProtocol } from './probeServer.js';
import type { SrvRecord } from './srvLookup.js';

const GO_TH_ONLY: Policy = { ...DEFAULT_POLICY, allowedMailServers: ['*.go.th'] };

const xml = (imapHost: string, smtpHost: string) =>
  `<clientConfig version="1.1"><emailProvider id="x">` +
  `<incomingServer type="imap"><hostname>${imapHost}</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>` +
  `<outgoingServer type="smtp"><hostname>${smtpHost}</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>` +
  `</emailProvider></clientConfig>`;

interface Fakes {
  pages?: Record<string, string>;
  srv?: Record<string, SrvRecord[]>;
  live?: string[];
  policy?: Policy;
}

function deps(f: Fakes) {
  const fetched: string[] = [];
  const probed: string[] = [];
  const d: DiscoveryDeps = {
    fetchText: (url) => {
      fetched.push(url);
      const page = f.pages?.[url];
      return page === undefined ? Promise.reject(new Error('404')) : Promise.resolve(page);
    },
    resolveSrv: (name) => Promise.resolve(f.srv?.[name] ?? []),
    probe: (protocol: MailProtocol, host: string, port: number, security: Security) => {
      const key = `${protocol}:${host}:${port}:${security}`;
      probed.push(key);
      return Promise.resolve((f.live ?? []).includes(key));
    },
    isServerAllowed: (host) => isMailServerAllowed(f.policy ?? DEFAULT_POLICY, host),
    random: () => 0,
  };
  return { d, fetched, probed };
}

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isCodedError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

const EMAIL = 'somchai@moph.go.th';
const [AUTOCONFIG_HOST, WELL_KNOWN] = autoconfigUrls('moph.go.th', EMAIL) as [string, string];

void test('the URLs: autoconfig host with the address, then .well-known, https only', () => {
  assert.equal(AUTOCONFIG_HOST, 'https://autoconfig.moph.go.th/mail/config-v1.1.xml?emailaddress=somchai%40moph.go.th');
  assert.equal(WELL_KNOWN, 'https://moph.go.th/.well-known/autoconfig/mail/config-v1.1.xml');
});

void test('autoconfig wins; the autoconfig host is preferred over .well-known', async () => {
  const { d } = deps({ pages: { [AUTOCONFIG_HOST]: xml('imap.moph.go.th', 'smtp.moph.go.th'), [WELL_KNOWN]: xml('other.moph.go.th', 'other.moph.go.th') } });
  assert.deepEqual(await discoverAccount(EMAIL, d), {
    source: 'autoconfig',
    imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
    smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
    user: 'somchai',
  });
});

void test('.well-known is used when the autoconfig host has nothing or garbage', async () => {
  const { d } = deps({ pages: { [AUTOCONFIG_HOST]: '<html>parked domain</html>', [WELL_KNOWN]: xml('wk.moph.go.th', 'wk.moph.go.th') } });
  const r = await discoverAccount(EMAIL, d);
  assert.equal(r.source, 'autoconfig');
  assert.equal(r.imap.host, 'wk.moph.go.th');
});

void test('SRV when there is no autoconfig', async () => {
  const { d, probed } = deps({
    srv: {
      '_imaps._tcp.moph.go.th': [{ name: 'mx.moph.go.th', port: 993, priority: 0, weight: 0 }],
      '_submission._tcp.moph.go.th': [{ name: 'mx.moph.go.th', port: 587, priority: 0, weight: 0 }],
    },
  });
  assert.deepEqual(await discoverAccount(EMAIL, d), {
    source: 'srv',
    imap: { host: 'mx.moph.go.th', port: 993, security: 'tls' },
    smtp: { host: 'mx.moph.go.th', port: 587, security: 'starttls' },
    user: EMAIL,
  });
  assert.deepEqual(probed, [], 'no guessing once SRV answered');
});

void test('guesses are probed and the best verified one wins', async () => {
  const { d, probed } = deps({
    live: ['imap:mail.moph.go.th:993:tls', 'imap:imap.moph.go.th:143:starttls', 'smtp:smtp.moph.go.th:587:starttls'],
  });
  assert.deepEqual(await discoverAccount(EMAIL, d), {
    source: 'guess',
    imap: { host: 'mail.moph.go.th', port: 993, security: 'tls' },
    smtp: { host: 'smtp.moph.go.th', port: 587, security: 'starttls' },
    user: EMAIL,
  });
  assert.equal(probed.length, 8);
});

void test('nothing found: NOT_FOUND', async () => {
  await rejectsWith(discoverAccount(EMAIL, deps({}).d), 'NOT_FOUND', /moph\.go\.th/);
});

void test('an IDN domain is looked up in its ASCII form; a bad domain is INVALID_ARGUMENT', async () => {
  const { d, fetched } = deps({});
  await rejectsWith(discoverAccount('สมชาย@กระทรวง.ไทย', d), 'NOT_FOUND');
  assert.ok(fetched[0]?.startsWith('https://autoconfig.xn--'), fetched[0]);
  await rejectsWith(discoverAccount('a@evil.com/x?y', deps({}).d), 'INVALID_ARGUMENT');
  await rejectsWith(discoverAccount('nobody', deps({}).d), 'INVALID_ARGUMENT');
});

void test('policy *.go.th: autoconfig pointing abroad is refused with a reason', async () => {
  const { d } = deps({ policy: GO_TH_ONLY, pages: { [AUTOCONFIG_HOST]: xml('imap.gmail.com', 'smtp.gmail.com') } });
  await rejectsWith(discoverAccount(EMAIL, d), 'SERVER_NOT_ALLOWED', /imap\.gmail\.com.*policy/);
});

void test('policy *.go.th: a free-mail address is refused without probing anything', async () => {
  const { d, probed } = deps({ policy: GO_TH_ONLY, live: ['imap:imap.gmail.com:993:tls', 'smtp:smtp.gmail.com:465:tls'] });
  await rejectsWith(discoverAccount('someone@gmail.com', d), 'SERVER_NOT_ALLOWED', /gmail\.com/);
  assert.deepEqual(probed, []);
});

void test('policy *.go.th: an allowed later step is used when an earlier one points abroad', async () => {
  const { d } = deps({
    policy: GO_TH_ONLY,
    pages: { [AUTOCONFIG_HOST]: xml('outlook.office365.com', 'smtp.office365.com') },
    live: ['imap:imap.moph.go.th:993:tls', 'smtp:smtp.moph.go.th:465:tls'],
  });
  const r = await discoverAccount(EMAIL, d);
  assert.equal(r.source, 'guess');
  assert.equal(r.imap.host, 'imap.moph.go.th');
});
