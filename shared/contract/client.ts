// What every caller of the API holds, whatever carries the messages (Electron IPC, a WebSocket, a
// worker port): a typed `call` and a typed `on`.
import type { EventName, EventPayload, MethodArgs, MethodName, MethodResult, ParsedArgs } from './api.js';
import type { Result } from './result.js';

export interface ApiClient {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Result<MethodResult<M>>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The handlers the core implements: one per method, receiving already-validated arguments. */
export type ApiHandlers = {
  [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>>;
};

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
