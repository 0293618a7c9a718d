// The single entry from any transport into the core's handlers: validate, call, and turn every outcome
// into a Result. Unknown failures never leak their message (it may hold addresses or server text).
import type { ApiHandlers } from '../../../shared/contract/client.js';
import type { MethodName, ParsedArgs } from '../../../shared/contract/api.js';
import { err, isCodedError, ok, type Result } from '../../../shared/contract/result.js';
import { validateCall } from '../../../shared/contract/validate.js';
import { isCorruptionError } from '../store/integrity.js';
import { DAMAGED_DATABASE_MESSAGE } from '../store/openProfileDatabase.js';

export interface DispatchLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  args: unknown,
  log: DispatchLogger,
): Promise<Result<unknown>> {
  const checked = validateCall(method, args);
  if (!checked.ok) return checked;
  const handler = handlers[checked.value.method] as (a: ParsedArgs<MethodName>) => Promise<unknown>;
  try {
    return ok(await handler(checked.value.args));
  } catch (e) {
    // A page that fails its MAC at run time (disk damage): the user is told plainly and offered recovery.
    if (isCorruptionError(e)) {
      log.error('database damaged', { method: checked.value.method });
      return err('STORE_UNAVAILABLE', DAMAGED_DATABASE_MESSAGE);
    }
    if (isCodedError(e)) return err(e.code, e.message);
    log.error('handler failed', { method: checked.value.method, error: e instanceof Error ? e.name : typeof e });
    return err('INTERNAL', 'An internal error occurred.');
  }
}
