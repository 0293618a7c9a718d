// What the main process needs from the core worker's client (electron/core/host/coreClient.ts). Kept
// this small so the relay is tested with a fake and does not depend on how the worker is run.
import type { EventName, MethodName } from '../../shared/contract/api.js';
import type { Result } from '../../shared/contract/result.js';

export interface CoreLike {
  /** Receives already-validated arguments; answers with a Result, never a thrown error. */
  call(method: MethodName, args: unknown): Promise<Result<unknown>>;
  /** Returns the unsubscribe function. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
