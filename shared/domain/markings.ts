// Saraban markings (issue 5 §4, docs/markings.md): the secrecy and urgency classes of Thai official
// correspondence, as the visible subject prefix `[ลับ][ด่วนที่สุด] …` and as machine-readable headers.
// Pure: compose previews the subject with the same function the core builds the message with.
import { z } from 'zod';
import { parseClassification } from '../policy/classification.js';
import type { Classification } from '../policy/types.js';
import { strongerClassification } from './classificationOrder.js';

export const URGENCIES = ['none', 'urgent', 'very-urgent', 'most-urgent'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

/** Header names (docs/markings.md). The search index reads CLASSIFICATION_HEADER by this exact name. */
export const MARKING_HEADERS = {
  classification: 'X-Raksa-Classification',
  urgency: 'X-Raksa-Urgency',
  documentNumber: 'X-Raksa-Document-Number',
} as const;

export const CLASSIFICATION_LABELS_TH: Readonly<Record<Exclude<Classification, 'none'>, string>> = {
  confidential: 'ลับ',
  secret: 'ลับมาก',
  'top-secret': 'ลับที่สุด',
};

export const URGENCY_LABELS_TH: Readonly<Record<Exclude<Urgency, 'none'>, string>> = {
  urgent: 'ด่วน',
  'very-urgent': 'ด่วนมาก',
  'most-urgent': 'ด่วนที่สุด',
};

const URGENCY_BY_LABEL: ReadonlyMap<string, Urgency> = new Map(
  Object.entries(URGENCY_LABELS_TH).map(([id, label]) => [label, id as Urgency]),
);

export interface SubjectMarkings {
  readonly classification: Classification;
  readonly urgency: Urgency;
  /** The subject without its leading markings (reply prefixes kept). */
  readonly rest: string;
}

const REPLY_PREFIX = /^\s*(?:re|fw|fwd|aw|tr|ตอบกลับ|ตอบ|ส่งต่อ)\s*(?:\[\d+\])?\s*[:：]\s*/iu;
const MARKING = /^\s*\[\s*([^\]]{1,20}?)\s*\]\s*/u;

/**
 * Reads the markings at the start of a subject, also right after a reply prefix ("Re: [ลับ] …"), and
 * returns the subject without them. Only recognised class and urgency names are taken; any other
 * bracketed text is left where it is.
 */
export function parseSubjectMarkings(subject: string): SubjectMarkings {
  let classification: Classification = 'none';
  let urgency: Urgency = 'none';
  const take = (s: string): string => {
    // Bounded: a subject has only so many markers, and a hostile one must not loop us for long.
    for (let i = 0; i < 8; i++) {
      const m = MARKING.exec(s);
      const label = m?.[1];
      if (!m || label === undefined) return s;
      const c = parseClassification(label);
      const u = URGENCY_BY_LABEL.get(label.normalize('NFC'));
      if (c !== undefined && c !== 'none') classification = strongerClassification(classification, c);
      else if (u !== undefined) urgency = u;
      else return s;
      s = s.slice(m[0].length);
    }
    return s;
  };
  let rest = take(subject.normalize('NFC'));
  const reply = REPLY_PREFIX.exec(rest);
  if (reply) rest = reply[0] + take(rest.slice(reply[0].length));
  return { classification, urgency, rest: rest.trim() };
}

/** `[ลับ][ด่วนที่สุด] subject`: the classes that are set, never twice (existing markings are replaced). */
export function subjectWithMarkings(subject: string, classification: Classification, urgency: Urgency): string {
  const { rest } = parseSubjectMarkings(subject);
  const prefix =
    (classification === 'none' ? '' : `[${CLASSIFICATION_LABELS_TH[classification]}]`) +
    (urgency === 'none' ? '' : `[${URGENCY_LABELS_TH[urgency]}]`);
  return prefix === '' ? rest : rest === '' ? prefix : `${prefix} ${rest}`;
}
