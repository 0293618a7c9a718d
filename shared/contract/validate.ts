// Argument validation at every boundary: the relay in main, the browser host and the worker all call
// this before a handler sees anything, so a compromised renderer can only send what the contract allows.
import { isMethodName, methods, type MethodName, type ParsedArgs } from './api.js';
import { err, ok, type Result } from './result.js';

export function validateCall(method: unknown, args: unknown): Result<{ method: MethodName; args: ParsedArgs<MethodName> }> {
  if (!isMethodName(method)) return err('UNKNOWN_METHOD', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
  const parsed = methods[method].args.safeParse(args ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : 'arguments';
    return err('INVALID_ARGUMENT', `${method}: ${where}: ${first?.message ?? 'invalid'}`);
  }
  return ok({ method, args: parsed.data as ParsedArgs<MethodName> });
}
