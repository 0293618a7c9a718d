import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupMailSrv, orderSrv, type SrvRecord } from './srvLookup.js';

const rec = (name: string, port: number, priority = 0, weight = 0): SrvRecord => ({ name, port, priority, weight });

const fakeDns =
  (zone: Record<string, SrvRecord[]>) =>
  (name: string): Promise<SrvRecord[]> =>
    Promise.resolve(zone[name] ?? []);

void test('priority first, lowest wins', () => {
  const out = orderSrv([rec('c', 1, 20), rec('a', 1, 5), rec('b', 1, 10)], () => 0);
  assert.deepEqual(
    out.map((r) => r.name),
    ['a', 'b', 'c'],
  );
});

void test('weights decide among equal priorities (RFC 2782 running sum)', () => {
  const records = [rec('light', 1, 0, 10), rec('heavy', 1, 0, 90)];
  // pick = floor(r * 101): 0..10 selects "light" (running sum 10), 11..100 selects "heavy"
  assert.equal(orderSrv(records, () => 0.05)[0]?.name, 'light');
  assert.equal(orderSrv(records, () => 0.5)[0]?.name, 'heavy');
  let seed = 1;
  const lcg = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  let heavyFirst = 0;
  for (let i = 0; i < 1000; i++) if (orderSrv(records, lcg)[0]?.name === 'heavy') heavyFirst++;
  assert.ok(heavyFirst > 800 && heavyFirst < 980, String(heavyFirst));
  // every record is still returned exactly once
  assert.deepEqual(orderSrv(records, lcg).map((r) => r.name).sort(), ['heavy', 'light']);
});

void test('implicit TLS services come before STARTTLS ones, with the right security', async () => {
  const found = await lookupMailSrv(
    'moph.go.th',
    fakeDns({
      '_imap._tcp.moph.go.th': [rec('imap.moph.go.th.', 143)],
      '_imaps._tcp.moph.go.th': [rec('IMAPS.moph.go.th.', 993, 10), rec('imaps0.moph.go.th.', 9993, 0)],
      '_submission._tcp.moph.go.th': [rec('smtp.moph.go.th.', 587)],
      '_submissions._tcp.moph.go.th': [rec('smtp.moph.go.th.', 465)],
    }),
    () => 0,
  );
  assert.deepEqual(found.imap, [
    { host: 'imaps0.moph.go.th', port: 9993, security: 'tls' },
    { host: 'imaps.moph.go.th', port: 993, security: 'tls' },
    { host: 'imap.moph.go.th', port: 143, security: 'starttls' },
  ]);
  assert.deepEqual(found.smtp, [
    { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
    { host: 'smtp.moph.go.th', port: 587, security: 'starttls' },
  ]);
});

void test('"." means the service is not offered', async () => {
  const found = await lookupMailSrv(
    'moph.go.th',
    fakeDns({
      '_imaps._tcp.moph.go.th': [rec('.', 0)],
      '_imap._tcp.moph.go.th': [rec('imap.moph.go.th', 143)],
      '_submissions._tcp.moph.go.th': [rec('.', 0), rec('smtp.moph.go.th', 465)],
    }),
  );
  assert.deepEqual(found.imap, [{ host: 'imap.moph.go.th', port: 143, security: 'starttls' }]);
  assert.deepEqual(found.smtp, []);
});

void test('records with invalid targets or ports are dropped', async () => {
  const found = await lookupMailSrv(
    'moph.go.th',
    fakeDns({ '_imaps._tcp.moph.go.th': [rec('bad host', 993), rec('ok.moph.go.th', 0), rec('ok.moph.go.th', 993, 1)] }),
  );
  assert.deepEqual(found.imap, [{ host: 'ok.moph.go.th', port: 993, security: 'tls' }]);
});
