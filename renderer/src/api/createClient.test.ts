import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSocketUrl, takeToken, type HostPage } from './createClient.js';

function page(search: string): HostPage & { replaced: string[] } {
  const replaced: string[] = [];
  return {
    replaced,
    location: { protocol: 'http:', host: '127.0.0.1:4173', pathname: '/', search, hash: '#x' },
    history: {
      replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)),
    },
  };
}

test('takes the token from the address and removes it, keeping other parameters', () => {
  const p = page('?token=abc%2B1&lang=th');
  assert.equal(takeToken(p), 'abc+1');
  assert.deepEqual(p.replaced, ['/?lang=th#x']);
  const q = page('?token=zzz');
  assert.equal(takeToken(q), 'zzz');
  assert.deepEqual(q.replaced, ['/#x']);
});

test('without a token the address is left alone', () => {
  const p = page('');
  assert.equal(takeToken(p), '');
  assert.deepEqual(p.replaced, []);
});

test('the socket URL is the page host /api with the token encoded', () => {
  assert.equal(apiSocketUrl(page(''), 'a b&c'), 'ws://127.0.0.1:4173/api?token=a%20b%26c');
});
