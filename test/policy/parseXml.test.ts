import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allElements, parseXml } from './parseXml.js';

void test('reads a well-formed document into a tree', () => {
  const root = parseXml(
    '<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><a x="1" y=\'&lt;2&gt;\'><b/><c>ไทย &amp; &#x41;</c></a>\n',
  );
  assert.equal(root.name, 'a');
  assert.deepEqual(root.attrs, { x: '1', y: '<2>' });
  assert.deepEqual(
    allElements(root).map((e) => e.name),
    ['a', 'b', 'c'],
  );
  assert.equal(root.children[1]?.text, 'ไทย & A');
});

void test('refuses malformed documents', () => {
  for (const bad of [
    '<a><b></a></b>',
    '<a>',
    '<a></a><b/>',
    '<a x=1/>',
    '<a x="1" x="2"/>',
    '<a>AT&T</a>',
    '<a>&nbsp;</a>',
    '<a x="<"/>',
    'text<a/>',
    '<a><!-- a -- b --></a>',
    '',
  ]) {
    assert.throws(() => parseXml(bad), Error, bad);
  }
});
