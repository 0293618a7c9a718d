import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMailServerAllowed, normalizeHost } from './mailServers.js';
import { DEFAULT_POLICY, STRICTEST_POLICY } from './policy.js';
import { parsePolicy } from './policyFile.js';

const policy = (allowedMailServers: string[]) => {
  const r = parsePolicy({ version: 1, allowedMailServers });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.policy;
};

void describe('isMailServerAllowed', () => {
  void it('allows any server when the policy does not restrict them', () => {
    assert.equal(isMailServerAllowed(DEFAULT_POLICY, 'imap.gmail.com'), true);
  });

  void it('matches "*.domain" on label boundaries, not the domain itself', () => {
    const p = policy(['*.go.th']);
    assert.equal(isMailServerAllowed(p, 'mail.moph.go.th'), true);
    assert.equal(isMailServerAllowed(p, 'MAIL.MOPH.GO.TH.'), true);
    assert.equal(isMailServerAllowed(p, 'ｍａｉｌ．ｍｏｐｈ．ｇｏ．ｔｈ'), true);
    assert.equal(isMailServerAllowed(p, 'go.th'), false);
    assert.equal(isMailServerAllowed(p, 'evilgo.th'), false);
    assert.equal(isMailServerAllowed(p, 'mail.go.th.evil.com'), false);
    assert.equal(isMailServerAllowed(p, 'imap.gmail.com'), false);
    assert.equal(isMailServerAllowed(p, ''), false);
    assert.equal(isMailServerAllowed(p, 'not a host'), false);
  });

  void it('matches exact hosts and IP addresses exactly', () => {
    const p = policy(['mail.example.org', '127.0.0.1', '::1']);
    assert.equal(isMailServerAllowed(p, 'mail.example.org'), true);
    assert.equal(isMailServerAllowed(p, 'x.mail.example.org'), false);
    assert.equal(isMailServerAllowed(p, '127.0.0.1'), true);
    assert.equal(isMailServerAllowed(p, '127.0.0.2'), false);
    assert.equal(isMailServerAllowed(p, '[::1]'), true);
  });

  void it('never lets a wildcard match an IP address', () => {
    assert.equal(parsePolicy({ version: 1, allowedMailServers: ['*.0.0.1'] }).ok, false);
    // Even a hand-built policy that slips past the parser does not admit the address.
    assert.equal(
      isMailServerAllowed({ ...DEFAULT_POLICY, allowedMailServers: ['*.0.0.1'] }, '127.0.0.1'),
      false,
    );
  });

  void it('allows only government servers under the strictest policy', () => {
    assert.equal(isMailServerAllowed(STRICTEST_POLICY, 'mail.moph.go.th'), true);
    assert.equal(isMailServerAllowed(STRICTEST_POLICY, 'mail.รัฐบาล.ไทย'), true);
    assert.equal(isMailServerAllowed(STRICTEST_POLICY, 'imap.gmail.com'), false);
  });

  void it('normalizes hosts', () => {
    assert.equal(normalizeHost(' Mail.Go.TH. '), 'mail.go.th');
    assert.equal(normalizeHost('256.1.1.1'), undefined);
    assert.equal(normalizeHost('1:2:3'), '1:2:3');
    assert.equal(normalizeHost('1::2::3'), undefined);
  });
});
