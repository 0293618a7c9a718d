import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Result } from '../../../../shared/contract/result.js';
import type { MessagePage, MessageSummary } from '../../../../shared/domain/schemas.js';
import { MessagePageCache } from './MessagePageCache.js';

const row = (i: number, tag = ''): MessageSummary => ({
  id: i + 1,
  accountId: 1,
  folderId: 1,
  uid: i + 1,
  date: 0,
  from: null,
  subject: `m${i}${tag}`,
  unread: false,
  flagged: false,
  hasAttachments: false,
  size: 1,
  cached: true,
});

function loader(total: number) {
  const requests: number[] = [];
  const resolvers: (() => void)[] = [];
  let tag = '';
  const load = (offset: number, limit: number): Promise<Result<MessagePage>> => {
    requests.push(offset);
    const t = tag;
    return new Promise((resolve) => {
      resolvers.push(() => {
        const items: MessageSummary[] = [];
        for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(row(i, t));
        resolve({ ok: true, value: { total, offset, items } });
      });
    });
  };
  const flush = async (): Promise<void> => {
    for (const r of resolvers.splice(0)) r();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { load, requests, flush, setTag: (t: string) => (tag = t) };
}

test('fetches only the pages covering the visible rows, once each', async () => {
  const l = loader(100_000);
  const cache = new MessagePageCache(l.load);
  cache.ensure(0, 30);
  cache.ensure(0, 30);
  assert.deepEqual(l.requests, [0], 'an in-flight page is not requested twice');
  await l.flush();
  assert.equal(cache.total, 100_000);
  assert.equal(cache.item(30)?.subject, 'm30');
  cache.ensure(50_010, 50_040);
  cache.ensure(99_990, 99_999);
  assert.deepEqual(l.requests, [0, 50_000, 99_900]);
  cache.ensure(195, 205);
  assert.deepEqual(l.requests, [0, 50_000, 99_900, 100, 200]);
  await l.flush();
  assert.equal(cache.item(99_999)?.subject, 'm99999');
  assert.equal(cache.item(70_000), undefined, 'rows never scrolled to are never loaded');
});

test('invalidate refetches the visible pages and keeps old rows until the new ones arrive', async () => {
  const l = loader(500);
  const cache = new MessagePageCache(l.load);
  let notified = 0;
  cache.subscribe(() => notified++);
  cache.ensure(120, 150);
  await l.flush();
  assert.equal(cache.item(120)?.subject, 'm120');
  l.setTag('*');
  cache.invalidate();
  assert.deepEqual(l.requests, [100, 100]);
  assert.equal(cache.item(120)?.subject, 'm120', 'stale row still shown');
  await l.flush();
  assert.equal(cache.item(120)?.subject, 'm120*');
  assert.equal(notified, 2);
});

test('an answer from before an invalidation is ignored', async () => {
  const l = loader(300);
  const cache = new MessagePageCache(l.load);
  cache.ensure(0, 10); // old generation in flight
  l.setTag('*');
  cache.invalidate(); // new request for page 0
  await l.flush();
  assert.equal(cache.item(0)?.subject, 'm0*');
});

test('keeps at most maxPages pages, dropping the least recently visible', async () => {
  const l = loader(10_000);
  const cache = new MessagePageCache(l.load, { maxPages: 4 });
  for (const p of [0, 10, 20, 30, 40, 50]) {
    cache.ensure(p * 100, p * 100 + 5);
    await l.flush();
  }
  assert.equal(cache.item(5000)?.subject, 'm5000');
  assert.equal(cache.item(0), undefined, 'oldest page evicted');
  assert.equal(cache.item(1000), undefined);
  assert.equal(cache.item(2000)?.subject, 'm2000');
});

test('an error is kept for display and cleared by the next good page', async () => {
  let fail = true;
  const cache = new MessagePageCache((offset) =>
    Promise.resolve(
      fail
        ? { ok: false as const, error: { code: 'OFFLINE' as const, message: 'x' } }
        : { ok: true as const, value: { total: 1, offset, items: [row(0)] } },
    ),
  );
  cache.ensure(0, 0);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cache.error?.code, 'OFFLINE');
  fail = false;
  cache.ensure(0, 0);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cache.error, null);
  assert.equal(cache.total, 1);
});
