// Every call across a process boundary answers with a Result: callers branch on `ok`, never on thrown
// exceptions, and the UI translates `error.code` (stable) rather than showing `error.message` (diagnostic).

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NOT_FOUND',
  'AUTH_FAILED',
  'HOST_UNREACHABLE',
  'TIMEOUT',
  'TLS_CERT_INVALID',
  'TLS_REQUIRED',
  'PLAINTEXT_REFUSED',
  'SERVER_NOT_ALLOWED',
  'PROTOCOL',
  'OFFLINE',
  'STORE_UNAVAILABLE',
  'KEYSTORE_UNAVAILABLE',
  'WRONG_PASSPHRASE',
  'POLICY_BLOCKED',
  'NEEDS_CONFIRMATION',
  'NEEDS_JUSTIFICATION',
  'RECIPIENT_REFUSED',
  'ALREADY_EXISTS',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** An error that carries a stable code; thrown inside the core and turned into a Result at the edge. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodedError';
  }
}

export const isCodedError = (e: unknown): e is CodedError =>
  e instanceof CodedError ||
  (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'CodedError' && 'code' in e);
