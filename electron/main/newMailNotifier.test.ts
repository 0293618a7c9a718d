import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok } from '../../shared/contract/result.js';
import { newMailText, startNewMailNotifier, type DesktopNotifications, type NotifierCore } from './newMailNotifier.js';

const event = (subject: string, count = 1) => ({ accountId: 1, folderId: 2, count, latest: { from: 'สมชาย ใจดี', subject } });

void test('new mail text: Thai and English, count, sender and subject', () => {
  assert.deepEqual(newMailText(event('ประชุมงบประมาณ'), 'th'), { title: 'จดหมายใหม่', body: 'สมชาย ใจดี\nประชุมงบประมาณ' });
  assert.equal(newMailText(event('x', 3), 'en').title, '3 new messages');
  assert.match(newMailText(event('x', 3), 'th').title, /จดหมายใหม่ ๓|จดหมายใหม่ 3/u);
  assert.equal(newMailText({ ...event(''), latest: null }, 'en').body, '');
});

void test('a classified subject never reaches the notification', () => {
  const { body } = newMailText(event('[ลับมาก] แผนงานปี 2568'), 'th');
  assert.ok(!body.includes('แผนงาน'), body);
  assert.match(body, /ชั้นความลับ/u);
});

void test('the notifier shows one notification per mail.new event, in the profile language', async () => {
  let listener: ((p: unknown) => void) | null = null;
  const core: NotifierCore = {
    call: () => Promise.resolve(ok('en')),
    on: (_e, l) => {
      listener = l;
      return () => (listener = null);
    },
  };
  const shown: { title: string; body: string }[] = [];
  let focused = 0;
  const notifications: DesktopNotifications = {
    isSupported: () => true,
    show: (n) => {
      shown.push({ title: n.title, body: n.body });
      n.onClick();
    },
  };
  const stop = startNewMailNotifier(core, notifications, () => focused++);
  assert.ok(listener);
  (listener as (p: unknown) => void)(event('Budget'));
  (listener as (p: unknown) => void)({ nonsense: true });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(shown, [{ title: 'New mail', body: 'สมชาย ใจดี\nBudget' }]);
  assert.equal(focused, 1);
  stop();
  assert.equal(listener, null);
});
