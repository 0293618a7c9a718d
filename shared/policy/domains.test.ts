import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_FREEMAIL_ASCII, BUILTIN_GOVERNMENT_ASCII, DomainSet, isWithinDomain } from './domains.js';

void describe('domain lists', () => {
  void it('stores the Thai-script government domains in ASCII form', () => {
    assert.deepEqual(BUILTIN_GOVERNMENT_ASCII, [
      'go.th',
      'mi.th',
      'xn--h3cuzk1di.xn--o3cw4h',
      'xn--o3cyx2a.xn--o3cw4h',
    ]);
  });

  void it('lists the required free webmail providers', () => {
    for (const d of [
      'gmail.com',
      'googlemail.com',
      'hotmail.com',
      'outlook.com',
      'live.com',
      'msn.com',
      'yahoo.com',
      'yahoo.co.th',
      'ymail.com',
      'icloud.com',
      'me.com',
      'mac.com',
      'aol.com',
      'proton.me',
      'protonmail.com',
      'pm.me',
      'gmx.com',
      'gmx.net',
      'mail.ru',
      'yandex.com',
      'yandex.ru',
      'qq.com',
      '163.com',
      '126.com',
      'zoho.com',
      'tutanota.com',
      'tuta.io',
      'hotmail.co.th',
      'outlook.co.th',
      'windowslive.com',
    ]) {
      assert.ok(BUILTIN_FREEMAIL_ASCII.includes(d), d);
    }
  });

  void it('matches on label boundaries only, most specific entry first', () => {
    const set = new DomainSet(['go.th', 'moph.go.th']);
    assert.equal(set.match('go.th'), 'go.th');
    assert.equal(set.match('a.moph.go.th'), 'moph.go.th');
    assert.equal(set.match('evilgo.th'), undefined);
    assert.equal(set.match('go.th.evil.com'), undefined);
    assert.equal(set.match('th'), undefined);
    assert.equal(isWithinDomain('a.go.th', 'go.th'), true);
    assert.equal(isWithinDomain('ago.th', 'go.th'), false);
  });
});
