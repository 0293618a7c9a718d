// Small facts about Thai text that search depends on. Thai is written without spaces between words, so
// word tokenizers see a whole run of words as one token; search therefore treats any term that contains
// Thai letters as a substring, never as a word (docs/search.md).

const THAI = /[\u0E00-\u0E7F]/u;

export const containsThai = (s: string): boolean => THAI.test(s);

/** Length in Unicode code points, the unit SQLite's trigram tokenizer counts (a Thai vowel mark is one). */
export const codePointLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
