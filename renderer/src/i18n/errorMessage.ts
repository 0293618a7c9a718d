import type { TFunction } from 'i18next';
import { ERROR_CODES, type ErrorCode } from '../../../shared/contract/result.js';

const asErrorCode = (code: string): ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';

/** The translated sentence for a stable error code; `error.message` is diagnostic and never shown alone. */
export const errorMessage = (t: TFunction, code: string): string => t(`errors.${asErrorCode(code)}`);
