import type { TFunction } from 'i18next';
import { composeTh } from './composeTh.js';

type ReasonCode = keyof typeof composeTh.reasons;

/** A policy reason code in the user's language (the English message from the core is for logs). */
export function reasonText(t: TFunction, code: string): string {
  return Object.hasOwn(composeTh.reasons, code) && code !== 'unknown'
    ? t(`reasons.${code as Exclude<ReasonCode, 'unknown'>}`)
    : t('reasons.unknown', { code });
}
