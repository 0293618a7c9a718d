// The one object the Electron preload exposes (contextBridge.exposeInMainWorld('raksa', …)). It is a
// frozen, untyped pipe: the renderer validates everything that comes back through it (ipcClient.ts).
export interface RaksaBridge {
  call(method: string, args: unknown): Promise<unknown>;
  /** Subscribes to a core event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside the Electron app; the browser host uses a WebSocket instead. */
    readonly raksa?: RaksaBridge;
  }
}
