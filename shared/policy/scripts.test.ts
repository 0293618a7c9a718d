import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isConfusableLabel, isMixedScriptLabel, labelScripts } from './scripts.js';

void describe('script checks', () => {
  void it('finds the scripts of a label, ignoring digits, hyphens and inherited marks', () => {
    assert.deepEqual([...labelScripts('moph-2')], ['Latin']);
    assert.deepEqual([...labelScripts('กระทรวง๑')], ['Thai']);
    assert.deepEqual([...labelScripts('1-2')], []);
  });

  void it('flags labels that mix scripts', () => {
    for (const label of ['gо', 'mоph', 'gο', 'กระทรวงabc', 'aа', 'ไทยth', 'abcмир']) {
      assert.equal(isMixedScriptLabel(label), true, label);
    }
    for (const label of ['moph', 'กระทรวง', 'мир', '日本語', 'ひらがな漢字カタカナ', '한국어漢字', 'a-1']) {
      assert.equal(isMixedScriptLabel(label), false, label);
    }
  });

  void it('flags whole-script Cyrillic or Greek labels that imitate Latin', () => {
    for (const label of ['аре', 'рау', 'οκ', 'сос']) assert.equal(isConfusableLabel(label), true, label);
    for (const label of ['мир', 'москва', 'moph', 'กระทรวง', 'ελληνικά'])
      assert.equal(isConfusableLabel(label), false, label);
  });
});
