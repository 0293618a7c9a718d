import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../../shared/contract/result.js';
import { createI18n } from './createI18n.js';
import { en } from './en.js';
import { createDateFormatter } from './formatDate.js';
import { formatSize } from './formatSize.js';
import { th } from './th.js';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

test('English has exactly the Thai keys, and no string is empty', () => {
  assert.deepEqual(keys(en).sort(), keys(th).sort());
  for (const k of keys(th)) {
    const get = (o: object): unknown =>
      k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], o);
    assert.ok(String(get(th)).trim(), `th ${k}`);
    assert.ok(String(get(en)).trim(), `en ${k}`);
  }
});

test('every error code has a translation in both languages', () => {
  for (const code of ERROR_CODES) {
    assert.ok(th.errors[code], `th ${code}`);
    assert.ok(en.errors[code], `en ${code}`);
  }
  assert.equal(th.errors.AUTH_FAILED, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
  assert.equal(en.errors.AUTH_FAILED, 'Wrong user name or password');
  assert.match(th.errors.TLS_CERT_INVALID, /^ใบรับรองของเซิร์ฟเวอร์ไม่ถูกต้อง/u);
});

test('the i18n instance starts in the saved language and interpolates without escaping', async () => {
  const i18n = createI18n('th');
  assert.equal(i18n.t('folders.inbox'), 'กล่องจดหมายเข้า');
  await i18n.changeLanguage('en');
  assert.equal(i18n.t('folders.inbox'), 'Inbox');
  assert.equal(i18n.t('status.lastError', { message: '<b>"x"</b>' }), 'Last problem: <b>"x"</b>');
});

test('Thai dates use the Buddhist Era; English uses en-GB; today shows the time only', () => {
  const zone = 'Asia/Bangkok';
  const now = Date.UTC(2026, 10, 26, 5, 0); // 26 Nov 2026 12:00 in Bangkok
  const earlierToday = Date.UTC(2026, 10, 26, 2, 5); // 09:05 Bangkok
  const yesterday = Date.UTC(2026, 10, 25, 10, 0);
  const thai = createDateFormatter('th', zone);
  const english = createDateFormatter('en', zone);
  assert.equal(thai.list(earlierToday, now), '09:05');
  assert.match(thai.list(yesterday, now), /25 .*2569/u);
  assert.doesNotMatch(thai.list(yesterday, now), /2026/u);
  assert.equal(english.list(yesterday, now), '25 Nov 2026');
  assert.match(thai.full(earlierToday), /2569/u);
  // Midnight in Bangkok is still "yesterday" in UTC: the day boundary follows the zone.
  const justAfterMidnight = Date.UTC(2026, 10, 25, 17, 30); // 00:30 on the 26th in Bangkok
  assert.equal(thai.list(justAfterMidnight, now), '00:30');
});

test('sizes are formatted per language', () => {
  assert.equal(formatSize(512, 'en'), '512 byte');
  assert.equal(formatSize(182_344, 'en'), '178.1 kB');
  assert.match(formatSize(5 * 1024 * 1024, 'th'), /^5/u);
});
