// The object the sandboxed preload exposes to the page as `window.raksa`. It forwards only contract
// names on derived channels and never hands out ipcRenderer or its event objects, so page script gets
// `call` and `on` and nothing it could use to reach other channels (Electron security checklist §20).
import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodResult,
} from '../../shared/contract/api.js';
import {
  channelFor,
  eventChannelFor,
  isContractEvent,
  isContractMethod,
} from '../../shared/contract/channels.js';
import type { ApiClient } from '../../shared/contract/client.js';
import { err, type Result } from '../../shared/contract/result.js';

/** The three ipcRenderer methods the bridge uses; Electron's ipcRenderer satisfies it as it is. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcRendererLike): ApiClient {
  const bridge: ApiClient = {
    call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
      if (!isContractMethod(method)) {
        return Promise.resolve(
          err('UNKNOWN_METHOD', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`),
        );
      }
      // Callers branch on Result, never on exceptions: a failed invoke (no handler yet, main gone) is one too.
      return ipc.invoke(channelFor(method), args).then(
        (result) => result as Result<MethodResult<M>>,
        () => err('INTERNAL', 'The app could not reach the mail core.'),
      );
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!isContractEvent(event))
        throw new TypeError(`unknown event ${JSON.stringify(String(event)).slice(0, 80)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const channel = eventChannelFor(event);
      // The page gets the payload only: the IpcRendererEvent carries `sender` (ipcRenderer itself).
      const relay = (_event: unknown, payload: unknown) => listener(payload as EventPayload<E>);
      ipc.on(channel, relay);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, relay);
      };
    },
  };
  return Object.freeze(bridge);
}
