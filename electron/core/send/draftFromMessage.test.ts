// draftFromMessage: a stored draft as a ComposeInput that loses nothing of it, or a clear refusal; and which
// folder counts as the Drafts folder (the one the app saves drafts in).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCodedError } from '../../../shared/contract/result.js';
import { MAX_ATTACHMENTS } from '../../../shared/domain/compose.js';
import { parseOriginal } from './composePrepare.js';
import { isDraftsFolder } from '../../../shared/domain/folders.js';
import { draftFromMessage } from './draftFromMessage.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const part = (headers: string[], body: string): string => [...headers, '', body].join('\r\n');

function raw(opts: { subject: string; html?: string; images?: { cid: string }[]; files?: number; headers?: string[] }): Uint8Array {
  const parts: string[] = [
    part(['Content-Type: text/' + (opts.html ? 'html' : 'plain') + '; charset=utf-8'], opts.html ?? 'ข้อความ'),
    ...(opts.images ?? []).map((i) =>
      part(['Content-Type: image/png', `Content-ID: <${i.cid}>`, 'Content-Disposition: inline', 'Content-Transfer-Encoding: base64'], PNG),
    ),
    ...Array.from({ length: opts.files ?? 0 }, (_, i) =>
      part([`Content-Type: text/plain; name="f${i}.txt"`, `Content-Disposition: attachment; filename="f${i}.txt"`], `file ${i}`),
    ),
  ];
  const text = [
    'From: a@example.go.th',
    'To: b@example.go.th',
    `Subject: ${opts.subject}`,
    ...(opts.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    ...parts.map((p) => `--b\r\n${p}`),
    '--b--',
    '',
  ].join('\r\n');
  return new TextEncoder().encode(text);
}

void test('markings, document number and inline images come across; an image the HTML does not show stays a file', async () => {
  const original = await parseOriginal(
    raw({
      subject: 'draft',
      html: '<p>x</p><img src="cid:shown.1@go.th">',
      images: [{ cid: 'shown.1@go.th' }, { cid: 'unused.2@go.th' }],
      headers: ['X-Raksa-Classification: secret', 'X-Raksa-Urgency: very-urgent', 'X-Raksa-Document-Number: สธ 0201/123'],
    }),
    1,
    0,
  );
  const c = draftFromMessage(original, 7);
  assert.equal(c.accountId, 7);
  assert.equal(c.classification, 'secret');
  assert.equal(c.urgency, 'very-urgent');
  assert.equal(c.documentNumber, 'สธ 0201/123');
  assert.equal(c.html?.trim(), '<p>x</p><img src="cid:shown.1@go.th">');
  assert.deepEqual(
    c.attachments.map((a) => [a.contentId ?? null, a.inline ?? false]),
    [['shown.1@go.th', true], [null, false]],
  );
});

void test('a draft with more files than a message from here may carry is refused, not opened without some', async () => {
  const original = await parseOriginal(raw({ subject: 'many', files: MAX_ATTACHMENTS + 1 }), 1, 0);
  assert.throws(() => draftFromMessage(original, 1), (e: unknown) => isCodedError(e) && e.code === 'INVALID_ARGUMENT');
});

void test('the Drafts folder: \\Drafts by special use, else a folder named Drafts when none has that use', () => {
  const drafts = { path: 'Drafts', specialUse: null };
  const flagged = { path: 'ร่างจดหมาย', specialUse: 'drafts' as const };
  assert.equal(isDraftsFolder(flagged, [flagged, drafts]), true);
  assert.equal(isDraftsFolder(drafts, [flagged, drafts]), false, 'the special-use folder wins');
  assert.equal(isDraftsFolder(drafts, [drafts]), true);
  assert.equal(isDraftsFolder({ path: 'INBOX', specialUse: 'inbox' }, [drafts]), false);
});
