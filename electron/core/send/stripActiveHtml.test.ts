import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripActiveHtml } from './stripActiveHtml.js';

void test('removes scripts, frames, handlers and javascript: URLs, keeps ordinary markup', () => {
  const html =
    '<p onclick="steal()">สวัสดี <b>ครับ</b></p><script>alert(1)</script><SCRIPT src=x></SCRIPT>' +
    '<iframe src="https://evil"></iframe><a href="javascript:alert(1)">x</a><a href="https://ok.go.th">ok</a>' +
    '<img src=x onerror=alert(1)>';
  const out = stripActiveHtml(html);
  assert.doesNotMatch(out, /script|iframe|onclick|onerror|javascript:/iu);
  assert.match(out, /<b>ครับ<\/b>/u);
  assert.match(out, /href="https:\/\/ok\.go\.th"/u);
});
