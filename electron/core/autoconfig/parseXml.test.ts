import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childText, parseXml, XmlError } from './parseXml.js';

void test('elements, attributes, text, CDATA, comments and the XML declaration', () => {
  const root = parseXml(
    `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1" y='two &amp; &#x41;&#66;'>\n` +
      `  <b>hello &lt;world&gt;</b><c/><b><![CDATA[<raw> & ]]></b>\n</a>\n`,
  );
  assert.equal(root.name, 'a');
  assert.equal(root.attributes.get('x'), '1');
  assert.equal(root.attributes.get('y'), 'two & AB');
  assert.deepEqual(
    root.children.map((c) => c.name),
    ['b', 'c', 'b'],
  );
  assert.equal(childText(root, 'b'), 'hello <world>');
  assert.equal(root.children[2]?.text, '<raw> & ');
  assert.equal(childText(root, 'missing'), undefined);
});

void test('DOCTYPE and entity declarations are refused (XXE, billion laughs)', () => {
  const attacks = [
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    '<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;">]><a>&l2;</a>',
    '<!DOCTYPE a SYSTEM "http://evil.example/a.dtd"><a/>',
    '<a>&x;</a>',
    '<a>&amp</a>',
  ];
  for (const xml of attacks) assert.throws(() => parseXml(xml), XmlError, xml);
});

void test('malformed documents are errors, not partial trees', () => {
  for (const xml of [
    '',
    'text',
    '<a>',
    '<a></b>',
    '<a/><b/>',
    '<a x=1/>',
    '<a x="1" x="2"/>',
    '<a x="<"/>',
    '<a><!-- a -- b --></a>',
    '<a>&#0;</a>',
    '<a>&#xD800;</a>',
    '<a/><?xml version="1.0"?>',
    '<a/>trailing',
  ]) {
    assert.throws(() => parseXml(xml), XmlError, JSON.stringify(xml));
  }
});

void test('depth and element count are capped', () => {
  assert.throws(() => parseXml('<a>'.repeat(40) + '</a>'.repeat(40)), /nested too deeply/);
  assert.throws(() => parseXml(`<a>${'<b/>'.repeat(6000)}</a>`), /too many elements/);
  assert.equal(parseXml('<a>'.repeat(10) + '</a>'.repeat(10)).name, 'a');
});
