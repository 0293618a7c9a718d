import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './policyFile.js';

// A syntactically valid PEM block (the parser checks the shape; TLS checks the content).
const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBeTCCAR+gAwIBAgIUQ2FmZUJhYmVDYWZlQmFiZUNhZmUwCgYIKoZIzj0EAwIw',
  'EjEQMA4GA1UEAwwHVGVzdCBDQTAeFw0yNDAxMDEwMDAwMDBaFw0zNDAxMDEwMDAw',
  'MDBa',
  '-----END CERTIFICATE-----',
].join('\n');

void test('caCertificates: PEM certificate blocks, normalized, [] by default', () => {
  const none = parsePolicy({ version: 1 });
  assert.ok(none.ok);
  assert.deepEqual(none.policy.caCertificates, []);
  const r = parsePolicy({ version: 1, caCertificates: [`  ${PEM}\r\n`, PEM.replaceAll('\n', '\r\n')] });
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.policy.caCertificates.length, 2);
  assert.equal(r.policy.caCertificates[0], `${PEM}\n`);
});

void test('caCertificates: anything but one certificate block is refused with its index', () => {
  const bad: unknown[] = [
    'not a pem',
    PEM.replace('CERTIFICATE', 'PRIVATE KEY'),
    `${PEM}\n${PEM}`,
    PEM.replace('-----END CERTIFICATE-----', ''),
    PEM.replace('MDBa', 'MD*a'),
    '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----',
    42,
  ];
  for (const entry of bad) {
    const r = parsePolicy({ version: 1, caCertificates: [PEM, entry] });
    assert.equal(r.ok, false, JSON.stringify(entry));
    if (!r.ok) assert.equal(r.path, 'caCertificates[1]');
  }
  const notList = parsePolicy({ version: 1, caCertificates: PEM });
  assert.equal(notList.ok ? '' : notList.path, 'caCertificates');
});
