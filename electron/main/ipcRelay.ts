// The relay between the renderer and the core worker: one invoke channel per contract method, one send
// channel per event, all derived from shared/contract. It re-checks everything a compromised renderer
// could forge (the sender, the method name, the arguments) before the core sees a call.
import { EVENT_NAMES, METHOD_NAMES, type EventName, type MethodName } from '../../shared/contract/api.js';
import { channelFor, eventChannelFor } from '../../shared/contract/channels.js';
import { err, type Result } from '../../shared/contract/result.js';
import { validateCall } from '../../shared/contract/validate.js';
import { isAppUrl } from './appOrigin.js';
import type { CoreLike } from './coreLike.js';
import type { MainLogger } from './mainLogger.js';

/** The two ipcMain methods the relay uses; Electron's ipcMain satisfies it with E = IpcMainInvokeEvent. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Where events go: our window's webContents. */
export interface EventTargetLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  getURL(): string;
}

export interface IpcRelayDeps<E> {
  readonly ipc: IpcMainLike<E>;
  readonly core: CoreLike;
  readonly isTrustedSender: (event: E) => boolean;
  readonly getEventTarget: () => EventTargetLike | null;
  readonly logger: MainLogger;
}

export interface IpcRelay {
  /** Removes every handler and event subscription (before the core closes). */
  dispose(): void;
}

export function createIpcRelay<E>(deps: IpcRelayDeps<E>): IpcRelay {
  const { ipc, core, logger } = deps;

  const handleCall = async (method: MethodName, event: E, rest: unknown[]): Promise<Result<unknown>> => {
    if (!deps.isTrustedSender(event)) {
      logger.warn(`refused ${method}: the sender is not the app's main frame`);
      return err('FORBIDDEN', 'This caller may not use the mail API.');
    }
    // The preload always sends exactly one argument object; anything else did not come from it.
    if (rest.length > 1) return err('INVALID_ARGUMENT', `${method}: expected one argument object`);
    const checked = validateCall(method, rest[0]);
    if (!checked.ok) return checked;
    try {
      return await core.call(checked.value.method, checked.value.args);
    } catch (e) {
      logger.error(`core call ${method} threw: ${e instanceof Error ? e.name : 'unknown error'}`);
      return err('INTERNAL', 'The mail core did not answer.');
    }
  };

  for (const method of METHOD_NAMES) {
    ipc.handle(channelFor(method), (event, ...rest) => handleCall(method, event, rest));
  }

  const forward = (name: EventName) => (payload: unknown) => {
    const target = deps.getEventTarget();
    // Never deliver to a page that is not ours (navigation is denied, but this costs nothing).
    if (!target || target.isDestroyed() || !isAppUrl(target.getURL())) return;
    target.send(eventChannelFor(name), payload);
  };
  const unsubscribes = EVENT_NAMES.map((name) => core.on(name, forward(name)));

  return {
    dispose() {
      for (const method of METHOD_NAMES) ipc.removeHandler(channelFor(method));
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    },
  };
}
