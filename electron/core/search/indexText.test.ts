import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastTwo, trigramPieces, trigramText, wordText } from './indexText.js';

void test('the trigram index gets the Thai runs: whitespace between runs is one space, anything else a break', () => {
  assert.equal(trigramText('  ประชุม   สำนักงาน\n\tด่วน '), 'ประชุม สำนักงาน ด่วน');
  assert.equal(trigramText('ประชุม 2567 สำนักงาน'), 'ประชุม\nสำนักงาน');
  assert.equal(trigramText('Budget ๒๕๖๗, งบ'), '๒๕๖๗\nงบ', 'Thai digits are Thai');
  assert.equal(trigramText('ประ\u200Bชุม\u00ADสำ\uFEFFนัก'), 'ประชุมสำนัก', 'invisible breaks are dropped');
  assert.equal(trigramText('only English'), '');
});

void test('the word index gets everything but the Thai runs', () => {
  assert.equal(wordText('COVID-19ระบาด report'), 'COVID-19  report');
  assert.equal(wordText('ไม่มี'), ' ');
});

void test('a query term splits into the pieces the trigram index must each contain', () => {
  assert.deepEqual(trigramPieces('ประมาณ.pdf'), ['ประมาณ']);
  assert.deepEqual(trigramPieces('ประชุม สำนักงาน'), ['ประชุม สำนักงาน']);
  assert.deepEqual(trigramPieces('กA ขค'), ['ก', 'ขค']);
  assert.deepEqual(trigramPieces('budget'), []);
});

void test('lastTwo counts code points as SQL substr does', () => {
  assert.equal(lastTwo('abc'), 'bc');
  assert.equal(lastTwo('ก'), 'ก');
  assert.equal(lastTwo('x😀😀'), '😀😀');
  assert.equal(lastTwo(''), '');
});
