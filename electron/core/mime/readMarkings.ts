// The Saraban markings of a received message (docs/markings.md): the X-Raksa-* headers, else the subject
// prefix ("[ลับ][ด่วน] …"). Where both exist the stronger secrecy class counts, so a message marked only
// in one place is never shown (or replied to) as less secret than it says.
import { decodeWords } from 'postal-mime';
import { strongerClassification } from '../../../shared/domain/classificationOrder.js';
import { MARKING_HEADERS, parseSubjectMarkings, URGENCIES, type Urgency } from '../../../shared/domain/markings.js';
import { parseClassification } from '../../../shared/policy/classification.js';
import type { Classification } from '../../../shared/policy/types.js';

export interface Markings {
  readonly classification: Classification;
  readonly urgency: Urgency;
  readonly documentNumber: string | null;
}

export interface HeaderLike {
  readonly key: string;
  readonly value: string;
}

const MAX_DOCUMENT_NUMBER = 200;

const headerValue = (headers: readonly HeaderLike[], name: string): string | null => {
  const h = headers.find((x) => x.key.toLowerCase() === name.toLowerCase());
  return h ? decodeWords(h.value).trim() : null;
};

const asUrgency = (v: string | null): Urgency | undefined => {
  if (v === null) return undefined;
  const key = v.trim().toLowerCase();
  if ((URGENCIES as readonly string[]).includes(key)) return key as Urgency;
  // The subject parser knows the Thai names; a header may carry them too.
  const fromThai = parseSubjectMarkings(`[${v.trim()}]`).urgency;
  return fromThai === 'none' ? undefined : fromThai;
};

/** Markings from headers and subject; null when the message carries none. */
export function readMarkings(headers: readonly HeaderLike[], subject: string): Markings | null {
  const fromSubject = parseSubjectMarkings(subject);
  const headerClass = headerValue(headers, MARKING_HEADERS.classification);
  // An unknown value is ignored rather than guessed (docs/markings.md).
  const parsedClass = headerClass === null ? undefined : parseClassification(headerClass);
  const classification = strongerClassification(parsedClass ?? 'none', fromSubject.classification);
  const urgency = asUrgency(headerValue(headers, MARKING_HEADERS.urgency)) ?? fromSubject.urgency;
  const rawNumber = headerValue(headers, MARKING_HEADERS.documentNumber);
  const documentNumber = rawNumber ? rawNumber.replace(/[\r\n\t]+/gu, ' ').slice(0, MAX_DOCUMENT_NUMBER) : null;
  if (classification === 'none' && urgency === 'none' && documentNumber === null) return null;
  return { classification, urgency, documentNumber };
}
