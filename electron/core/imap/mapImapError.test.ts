import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationFailure } from 'imapflow';
import { CodedError } from '../../../shared/contract/result.js';
import { mapImapError } from './mapImapError.js';

const withCode = (code: string, message = 'boom', extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { code, ...extra });

void test('authentication failures → AUTH_FAILED, without echoing the server text', () => {
  const login = Object.assign(new Error('Command failed'), {
    authenticationFailed: true,
    response: 'NO [AUTHENTICATIONFAILED] Authentication failed for somchai@moph.go.th',
  });
  const e = mapImapError(login);
  assert.equal(e.code, 'AUTH_FAILED');
  assert.ok(!e.message.includes('somchai'));
  assert.equal(mapImapError(new AuthenticationFailure('Authentication failed')).code, 'AUTH_FAILED');
});

void test('LOGINDISABLED → TLS_REQUIRED', () => {
  assert.equal(mapImapError(new AuthenticationFailure('Login is disabled')).code, 'TLS_REQUIRED');
});

void test('network failures → HOST_UNREACHABLE', () => {
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'NoConnection']) {
    assert.equal(mapImapError(withCode(code)).code, 'HOST_UNREACHABLE', code);
  }
});

void test('timeouts → TIMEOUT', () => {
  for (const code of ['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']) {
    assert.equal(mapImapError(withCode(code)).code, 'TIMEOUT', code);
  }
});

void test('certificate errors → TLS_CERT_INVALID, also when raised during STARTTLS', () => {
  for (const code of [
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_HAS_EXPIRED',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ]) {
    assert.equal(mapImapError(withCode(code)).code, 'TLS_CERT_INVALID', code);
    assert.equal(mapImapError(withCode(code, 'x', { tlsFailed: true })).code, 'TLS_CERT_INVALID', code);
  }
  // wrapped as imapflow does for proxies (`_err`) and as Error.cause
  assert.equal(mapImapError(Object.assign(new Error('outer'), { _err: withCode('CERT_HAS_EXPIRED') })).code, 'TLS_CERT_INVALID');
  assert.equal(mapImapError(new Error('outer', { cause: withCode('CERT_HAS_EXPIRED') })).code, 'TLS_CERT_INVALID');
});

void test('STARTTLS required but not offered → TLS_REQUIRED', () => {
  const e = Object.assign(new Error('Server does not support STARTTLS'), { tlsFailed: true });
  assert.equal(mapImapError(e).code, 'TLS_REQUIRED');
});

void test('TLS hello to a plaintext port → TLS_REQUIRED', () => {
  assert.equal(mapImapError(withCode('ERR_SSL_WRONG_VERSION_NUMBER')).code, 'TLS_REQUIRED');
});

void test('a CodedError passes through unchanged', () => {
  const c = new CodedError('PLAINTEXT_REFUSED', 'no');
  assert.equal(mapImapError(c), c);
});

void test('other imapflow codes → PROTOCOL, unknown → INTERNAL; the original is kept as cause', () => {
  const p = withCode('InvalidResponse', 'Unexpected response for alice@example.go.th');
  const mapped = mapImapError(p);
  assert.equal(mapped.code, 'PROTOCOL');
  assert.ok(!mapped.message.includes('alice@'));
  assert.equal(mapped.cause, p);
  assert.equal(mapImapError('weird').code, 'INTERNAL');
  assert.equal(mapImapError(new Error('password pa55 leaked?')).message.includes('pa55'), false);
});

void test('an aborted operation is not reported as a server problem', () => {
  const abort = new DOMException('This operation was aborted', 'AbortError');
  assert.equal(mapImapError(abort).code, 'INTERNAL');
});
