import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightPieces, normalizeRanges, trimLead } from './highlightPieces.js';

const marked = (text: string, ranges: [number, number][]): string[] =>
  highlightPieces(text, ranges)
    .filter((p) => p.mark)
    .map((p) => p.text);

test('pieces follow the ranges and join back into the text', () => {
  const text = 'ผลผลิตมังคุดตามคำสั่ง';
  const pieces = highlightPieces(text, [[2, 6]]);
  assert.deepEqual(pieces, [
    { text: 'ผล', mark: false },
    { text: 'ผลิต', mark: true },
    { text: 'มังคุดตามคำสั่ง', mark: false },
  ]);
  assert.equal(pieces.map((p) => p.text).join(''), text);
});

test('no ranges: one plain piece; empty text still yields a piece', () => {
  assert.deepEqual(highlightPieces('สวัสดี', []), [{ text: 'สวัสดี', mark: false }]);
  assert.deepEqual(highlightPieces('', []), [{ text: '', mark: false }]);
});

test('a range that would cut a Thai vowel or tone mark from its consonant is widened', () => {
  // ที่ = ท + ี (vowel above) + ่ (tone mark): a range over ท alone would orphan both marks.
  assert.deepEqual(marked('ที่นี่', [[0, 1]]), ['ที่']);
  // นั|กเรียน: the range ends between น and ั.
  assert.deepEqual(marked('นักเรียน', [[0, 1]]), ['นั']);
  // A range starting ON a combining mark moves back to its base consonant.
  assert.deepEqual(marked('นักเรียน', [[1, 3]]), ['นัก']);
  // Sara am (ำ) is listed as a SpacingMark (UAX #29): it stays with its consonant too.
  assert.deepEqual(marked('คำสั่ง', [[0, 1]]), ['คำ']);
  // The end of a range before ั่ (vowel + tone mark) of ส moves past both.
  assert.deepEqual(marked('คำสั่ง', [[2, 3]]), ['สั่']);
  // เรียน inside นักเรียน: already on cluster edges, unchanged.
  assert.deepEqual(marked('นักเรียน', [[3, 8]]), ['เรียน']);
});

test('surrogate pairs are never split', () => {
  const text = 'a😀b';
  assert.deepEqual(marked(text, [[1, 2]]), ['😀']);
});

test('ranges are clamped, sorted, and overlapping or touching ranges merge', () => {
  assert.deepEqual(
    normalizeRanges('abcdefgh', [
      [6, 20],
      [0, 2],
      [1, 3],
      [3, 4],
      [5, 5],
      [-4, 0],
    ]),
    [
      [0, 4],
      [6, 8],
    ],
  );
  assert.deepEqual(
    marked('abcdefgh', [
      [6, 20],
      [0, 2],
      [1, 3],
    ]),
    ['abc', 'gh'],
  );
});

test('widening can make two ranges meet; they become one mark', () => {
  // ที่ (0..3): [0,1] widens to [0,3], [2,4] starts on the tone mark and widens back to 0.
  assert.deepEqual(
    normalizeRanges('ที่นี่', [
      [0, 1],
      [2, 4],
    ]),
    [[0, 6]],
  );
});

test('a long lead before the first match is cut at a word boundary, ranges shifted', () => {
  const text = 'เรียน ผู้เกี่ยวข้องทุกท่าน ขอนำส่งผลมะละกอจากแปลงทดลองของกรมวิชาการเกษตร';
  const at = text.indexOf('มะละกอ');
  const r = trimLead(text, [[at, at + 6]], 12);
  assert.ok(r.text.startsWith('…'));
  assert.ok(r.text.length < text.length);
  const [range] = r.highlights;
  assert.ok(range);
  assert.equal(r.text.slice(range[0], range[1]), 'มะละกอ');
  assert.ok(range[0] <= 13, `match within the first 13 characters, at ${range[0]}`);
  // The cut is on a Thai word boundary: the text after "…" is a suffix starting at a segment.
  const rest = r.text.slice(1);
  const starts = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(text)].map((s) => s.index);
  assert.ok(starts.includes(text.length - rest.length), 'cut at a word start');
});

test('a short lead, or no match, leaves the snippet as it is', () => {
  assert.deepEqual(trimLead('ผลผลิตมังคุด', [[2, 6]], 12), { text: 'ผลผลิตมังคุด', highlights: [[2, 6]] });
  assert.deepEqual(trimLead('ไม่มีคำที่ตรง', [], 12), { text: 'ไม่มีคำที่ตรง', highlights: [] });
});
