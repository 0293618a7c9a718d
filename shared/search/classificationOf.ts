// The secrecy class of a received message, for `class:` search. Until classification headers are sent by
// Raksa itself, the class is read from what senders already write: a subject prefix `[ลับ]`, `[ลับมาก]`,
// `[ลับที่สุด]` (after any Re:/Fwd:/ตอบกลับ: and other bracketed markers such as `[ด่วนที่สุด]`), or the
// header `X-Raksa-Classification` (English id or Thai name). The header wins when both are present.
import { parseClassification } from '../policy/classification.js';
import type { Classification } from '../policy/types.js';

export const CLASSIFICATION_HEADER = 'X-Raksa-Classification';

const REPLY_PREFIX = /^\s*(?:re|fw|fwd|aw|tr|ตอบกลับ|ตอบ|ส่งต่อ)\s*(?:\[\d+\])?\s*[:：]\s*/iu;
const BRACKET = /^\s*[[(【]\s*([^\])】]{1,40}?)\s*[\])】]\s*/u;

/** The class named by the leading bracketed markers of a subject, or 'none'. */
export function classificationFromSubject(subject: string): Classification {
  let s = subject.normalize('NFC');
  // Bounded: a subject has only so many prefixes, and a hostile one must not loop us for long.
  for (let i = 0; i < 12; i++) {
    const reply = REPLY_PREFIX.exec(s);
    if (reply) {
      s = s.slice(reply[0].length);
      continue;
    }
    const bracket = BRACKET.exec(s);
    if (!bracket?.[1]) break;
    const c = parseClassification(bracket[1]);
    if (c && c !== 'none') return c;
    s = s.slice(bracket[0].length);
  }
  return 'none';
}

/** The class named by a header value, or null when the value names none. */
export const classificationFromHeader = (value: string): Classification | null =>
  parseClassification(value) ?? null;
