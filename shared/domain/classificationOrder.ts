// Secrecy classes are ordered; wherever two sources disagree (the picker and the subject prefix, a reply
// and its original) the stronger one applies, so a mistake can only ever over-protect.
import type { Classification } from '../policy/types.js';

const ORDER: readonly Classification[] = ['none', 'confidential', 'secret', 'top-secret'];

export const classificationRank = (c: Classification): number => ORDER.indexOf(c);

export const strongerClassification = (a: Classification, b: Classification): Classification =>
  classificationRank(b) > classificationRank(a) ? b : a;
