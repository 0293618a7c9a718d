// The Electron transport: the preload's frozen `window.raksa` pipe, wrapped as a typed ApiClient.
import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodResult,
} from '../../../shared/contract/api.js';
import { err, type Result } from '../../../shared/contract/result.js';
import type { RaksaBridge } from './bridge.js';
import { parseEvent, parseResult } from './contractGuard.js';
import type { TransportClient } from './TransportClient.js';

export function createIpcClient(bridge: RaksaBridge): TransportClient {
  return {
    async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
      let raw: unknown;
      try {
        raw = await bridge.call(method, args);
      } catch (e) {
        // A rejected invoke means the relay itself failed (window closing, main crashed): not a Result.
        return err('INTERNAL', `${method}: ${e instanceof Error ? e.message : 'ipc failure'}`);
      }
      return parseResult(method, raw);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (raw) => {
        const payload = parseEvent(event, raw);
        if (payload !== undefined) listener(payload);
      });
    },
    // IPC to the main process has no connection to lose.
    isConnected: () => true,
    onConnectionChange: () => () => undefined,
    close: () => undefined,
  };
}
