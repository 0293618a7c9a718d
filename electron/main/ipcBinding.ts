// Binds the relay to Electron's real ipcMain and to our window. Kept apart from ipcRelay.ts so the
// relay's tests never load the `electron` module (which, without its binary, tries to download it).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { CoreLike } from './coreLike.js';
import { createIpcRelay, type IpcRelay } from './ipcRelay.js';
import type { MainLogger } from './mainLogger.js';
import { isTrustedSender } from './trustedSender.js';

export interface IpcBindingDeps {
  readonly core: CoreLike;
  /** Our window's webContents, or null while there is no window. */
  readonly getWindowContents: () => WebContents | null;
  readonly logger: MainLogger;
}

export function startIpcRelay(deps: IpcBindingDeps): IpcRelay {
  return createIpcRelay<IpcMainInvokeEvent>({
    ipc: ipcMain,
    core: deps.core,
    isTrustedSender: (event) => isTrustedSender(event, deps.getWindowContents()),
    getEventTarget: deps.getWindowContents,
    logger: deps.logger,
  });
}
