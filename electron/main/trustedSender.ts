// Who may call the core through IPC: only the main frame of our own window, showing our own origin.
// A subframe (the message iframe), another webContents, or a page that somehow navigated elsewhere is
// refused, so a hostile message that gained script could still not reach the API (Electron security
// checklist §17, "validate the sender of all IPC messages").
import { isAppUrl } from './appOrigin.js';

export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly frameTreeNodeId: number;
}

/** The parts of IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: SenderFrameLike | null;
}

/** The parts of our window's webContents the check compares against. */
export interface WindowContentsLike {
  readonly id: number;
  readonly mainFrame: { readonly frameTreeNodeId: number };
}

export function isTrustedSender(event: InvokeEventLike, window: WindowContentsLike | null): boolean {
  if (!window) return false;
  const frame = event.senderFrame;
  // Null when the frame navigated or was destroyed after sending: its origin can no longer be known.
  if (!frame) return false;
  if (event.sender.id !== window.id) return false;
  if (frame.parent !== null) return false;
  if (frame.frameTreeNodeId !== window.mainFrame.frameTreeNodeId) return false;
  return isAppUrl(frame.url);
}
