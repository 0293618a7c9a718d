// The FAKE bridge's answer types, derived from the contract so every canned answer is type-checked.
import type { MethodArgs, MethodName, MethodResult } from '../../shared/contract/api.js';
import type { ErrorCode } from '../../shared/contract/result.js';

export type Wire<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type FakeHandlers = { [M in MethodName]: (args: MethodArgs<M>) => Wire<MethodResult<M>> };

export const ok = <T>(value: T): Wire<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Wire<never> => ({
  ok: false,
  error: { code, message },
});
