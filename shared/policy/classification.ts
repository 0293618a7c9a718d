// Secrecy classes of Thai official correspondence. Users and IT write them in Thai as often as in
// English, so both names are accepted on input; the engine and the wire format use the English ids.
import type { Classification } from './types.js';

export const CLASSIFICATION_ALIASES: Readonly<Record<string, Classification>> = {
  none: 'none',
  confidential: 'confidential',
  secret: 'secret',
  'top-secret': 'top-secret',
  ลับ: 'confidential',
  ลับมาก: 'secret',
  ลับที่สุด: 'top-secret',
};

/** The English id for an English or Thai class name, or undefined when it is not a class name. */
export function parseClassification(input: string): Classification | undefined {
  const key = input.trim().normalize('NFC').toLowerCase();
  return Object.hasOwn(CLASSIFICATION_ALIASES, key) ? CLASSIFICATION_ALIASES[key] : undefined;
}

export const isClassified = (c: Classification): boolean => c !== 'none';
