// The Group Policy templates in build/policy: well-formed, covering every registry value the loader reads
// (and nothing else), with every string and presentation they reference present in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VERDICTS } from '../../shared/policy/types.js';
import { REGISTRY_POLICY_VALUES } from '../../electron/core/policy/registryPolicy.js';
import { allElements, parseXml, type XmlElement } from './parseXml.js';

const read = (rel: string) =>
  readFileSync(fileURLToPath(new URL(`../../build/policy/${rel}`, import.meta.url)), 'utf8');
const KEY = 'SOFTWARE\\Policies\\RaksaMail';
const admx = parseXml(read('RaksaMail.admx'));
const admls = {
  'en-US': parseXml(read('en-US/RaksaMail.adml')),
  'th-TH': parseXml(read('th-TH/RaksaMail.adml')),
};
const policies = allElements(admx).filter((e) => e.name === 'policy');
const refs = (prefix: string) =>
  new Set(
    [...read('RaksaMail.admx').matchAll(new RegExp(`\\$\\(${prefix}\\.([A-Za-z0-9_]+)\\)`, 'g'))].map(
      (m) => m[1] as string,
    ),
  );
const elementsOf = (p: XmlElement) => p.children.find((c) => c.name === 'elements')?.children ?? [];

void test('the ADMX and both ADMLs are well-formed with the expected roots', () => {
  assert.equal(admx.name, 'policyDefinitions');
  for (const adml of Object.values(admls)) assert.equal(adml.name, 'policyDefinitionResources');
});

void test('every registry value except Version has one machine policy writing it, and no policy writes anything else', () => {
  const written: string[] = [];
  for (const p of policies) {
    assert.equal(p.attrs.class, 'Machine', p.attrs.name);
    assert.equal(p.attrs.key, KEY, p.attrs.name);
    for (const el of elementsOf(p)) {
      if (el.name === 'list') {
        assert.equal(el.attrs.valuePrefix, '', 'list items are written as values 1, 2, 3, …');
        assert.ok(el.attrs.key?.startsWith(`${KEY}\\`));
        written.push(`list:${el.attrs.key?.slice(KEY.length + 1) ?? ''}`);
      } else {
        written.push(`${el.name === 'decimal' ? 'dword' : 'string'}:${el.attrs.valueName ?? ''}`);
      }
    }
  }
  const expected = REGISTRY_POLICY_VALUES.filter((v) => v.name !== 'Version').map(
    (v) => `${v.kind === 'certificates' ? 'list' : v.kind}:${v.name}`,
  );
  assert.deepEqual(written.sort(), expected.sort());
});

void test('rule policies offer exactly the verdicts the parser accepts', () => {
  for (const p of policies) {
    for (const el of elementsOf(p).filter((e) => e.name === 'enum')) {
      const values = allElements(el)
        .filter((e) => e.name === 'string')
        .map((e) => e.text);
      const name = el.attrs.valueName ?? '';
      if (/^RulesClassified/.test(name)) assert.deepEqual(values, ['justify', 'block'], name);
      else if (name.startsWith('Rules') || name === 'AttachmentsExternal') assert.deepEqual(values, [...VERDICTS], name);
      else if (name === 'RemoteContent') assert.deepEqual(values, ['block', 'allow']);
      else if (name === 'KeyProtection') assert.deepEqual(values, ['os', 'passphrase']);
      else assert.fail(`unexpected enum ${name}`);
    }
  }
});

void test('every referenced string and presentation exists in English and Thai, with matching element ids', () => {
  const strings = refs('string');
  const presentations = refs('presentation');
  assert.ok(strings.size > 20 && presentations.size === policies.length);
  for (const [lang, adml] of Object.entries(admls)) {
    const all = allElements(adml);
    const ids = new Set(all.filter((e) => e.name === 'string').map((e) => e.attrs.id));
    for (const s of strings) assert.ok(ids.has(s), `${lang} lacks string ${s}`);
    for (const p of policies) {
      const pres = all.find((e) => e.name === 'presentation' && e.attrs.id === p.attrs.name);
      assert.ok(pres, `${lang} lacks presentation ${p.attrs.name}`);
      assert.deepEqual(
        pres.children.map((c) => c.attrs.refId).sort(),
        elementsOf(p)
          .map((e) => e.attrs.id)
          .sort(),
        `${lang} ${p.attrs.name}`,
      );
    }
    for (const s of all.filter((e) => e.name === 'string'))
      assert.notEqual(s.text.trim(), '', `${lang} ${s.attrs.id}`);
  }
  const thai = allElements(admls['th-TH']).filter((e) => e.name === 'string');
  assert.ok(
    thai.every((s) => /[\u0E00-\u0E7F]/.test(s.text) || /^Raksa|^\w+(\.\w+)?$/.test(s.text)),
    'Thai strings are in Thai',
  );
});
