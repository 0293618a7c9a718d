import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapSmtpError } from './mapSmtpError.js';

const e = (props: Record<string, unknown>) =>
  Object.assign(new Error(typeof props.message === 'string' ? props.message : 'x'), props);

void test('maps nodemailer failures to stable codes and decides what is worth a retry', () => {
  const cert = mapSmtpError(e({ code: 'ESOCKET', originalCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' }));
  assert.deepEqual([cert.code, cert.transient], ['TLS_CERT_INVALID', false]);
  const auth = mapSmtpError(e({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Error: authentication failed' }));
  assert.deepEqual([auth.code, auth.transient], ['AUTH_FAILED', false]);
  const down = mapSmtpError(e({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:1' }));
  assert.deepEqual([down.code, down.transient], ['HOST_UNREACHABLE', true]);
  const tls = mapSmtpError(e({ code: 'ETLS', message: 'Error initiating TLS' }));
  assert.deepEqual([tls.code, tls.transient], ['TLS_REQUIRED', false]);
  const refused = mapSmtpError(
    e({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 <x@y.go.th>: unknown', rejected: ['x@y.go.th'] }),
  );
  assert.deepEqual([refused.code, refused.transient, refused.recipients], ['RECIPIENT_REFUSED', false, ['x@y.go.th']]);
  assert.match(refused.message, /x@y\.go\.th: 550 5\.1\.1/u);
  const greylisted = mapSmtpError(e({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450, response: '450 try later', rejected: ['x@y.go.th'] }));
  assert.equal(greylisted.transient, true);
  const rejected = mapSmtpError(e({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 spam' }));
  assert.deepEqual([rejected.code, rejected.transient], ['PROTOCOL', false]);
  const deferred = mapSmtpError(e({ code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 later' }));
  assert.equal(deferred.transient, true);
});
