import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok, type Result } from '../../../shared/contract/result.js';
import type { OpenedAttachment } from '../../../shared/domain/profile.js';
import { attachmentRisk } from '../../../shared/security/attachmentRisk.js';
import type { CoreLike } from '../coreLike.js';
import { withAttachmentOpening, type AttachmentShell } from './attachmentOpening.js';

const opened = (filename: string, rawName = filename): OpenedAttachment => {
  const r = attachmentRisk(rawName);
  return { path: `/tmp/raksa-att-x/ab/${filename}`, filename, contentType: 'application/octet-stream', size: 3, risk: { ...r, reasons: [...r.reasons] } };
};

const setup = (value: OpenedAttachment, saveTo: string | null = '/home/u/ไฟล์.pdf') => {
  const log: string[] = [];
  const core: CoreLike = {
    call: (method) => Promise.resolve((method === 'messages.openAttachment' ? ok(value) : ok('other')) as Result<unknown>),
    on: () => () => undefined,
  };
  const shell: AttachmentShell = {
    openPath: (f) => (log.push(`open ${f}`), Promise.resolve('')),
    chooseSaveTarget: (name) => (log.push(`dialog ${name}`), Promise.resolve(saveTo)),
    copyFile: (a, b) => (log.push(`copy ${a} -> ${b}`), Promise.resolve()),
  };
  return { wrapped: withAttachmentOpening(core, shell), log };
};

void test('a safe type opens with the system viewer', async () => {
  const { wrapped, log } = setup(opened('หนังสือ.pdf'));
  const r = await wrapped.call('messages.openAttachment', { id: 1, index: 0, purpose: 'open' });
  assert.equal(r.ok, true);
  assert.deepEqual(log, ['open /tmp/raksa-att-x/ab/หนังสือ.pdf']);
});

void test('dangerous types are never opened, only saved', async () => {
  for (const [name, raw] of [['setup.exe', 'setup.exe'], ['invoicefdp.exe', 'invoice\u202Efdp.exe'], ['a.pdf.js', 'a.pdf.js'], ['page.html', 'page.html']]) {
    const { wrapped, log } = setup(opened(name ?? '', raw));
    const r = await wrapped.call('messages.openAttachment', { id: 1, index: 0, purpose: 'open' });
    assert.equal(r.ok ? '' : r.error.code, 'FORBIDDEN', name);
    assert.deepEqual(log, [], `${name}: nothing opened`);
  }
});

void test('the main process re-checks the name even if the core called it safe', async () => {
  const lying: OpenedAttachment = { ...opened('run.scr'), risk: { dangerous: false, extension: '.pdf', reasons: [] } };
  const { wrapped, log } = setup(lying);
  const r = await wrapped.call('messages.openAttachment', { id: 1, index: 0 });
  assert.equal(r.ok, false);
  assert.deepEqual(log, []);
});

void test('save copies to the path chosen in the dialog (dangerous types too); cancel writes nothing', async () => {
  const { wrapped, log } = setup(opened('setup.exe'));
  const r = await wrapped.call('messages.openAttachment', { id: 1, index: 0, purpose: 'save' });
  assert.equal(r.ok && (r.value as OpenedAttachment).path, '/home/u/ไฟล์.pdf');
  assert.deepEqual(log, ['dialog setup.exe', 'copy /tmp/raksa-att-x/ab/setup.exe -> /home/u/ไฟล์.pdf']);
  const cancelled = setup(opened('a.pdf'), null);
  const c = await cancelled.wrapped.call('messages.openAttachment', { id: 1, index: 0, purpose: 'save' });
  assert.equal(c.ok, false);
  assert.deepEqual(cancelled.log, ['dialog a.pdf']);
});

void test('other methods pass through untouched', async () => {
  const { wrapped, log } = setup(opened('a.pdf'));
  assert.deepEqual(await wrapped.call('accounts.list', {}), ok('other'));
  assert.deepEqual(log, []);
});
