// Picks the transport: the preload's bridge inside Electron, else the browser host's WebSocket.
import { createIpcClient } from './ipcClient.js';
import type { TransportClient } from './TransportClient.js';
import { createWsClient } from './wsClient.js';

export interface HostPage {
  readonly raksa?: Window['raksa'];
  readonly location: Pick<Location, 'protocol' | 'host' | 'pathname' | 'search' | 'hash'>;
  readonly history: Pick<History, 'replaceState'>;
}

/**
 * Reads `?token=` from the address and removes it at once, so the token that opens the core's socket is
 * not kept in history, bookmarks or screenshots. Returns '' when there is none.
 */
export function takeToken(page: HostPage): string {
  const params = new URLSearchParams(page.location.search);
  const token = params.get('token') ?? '';
  if (params.has('token')) {
    params.delete('token');
    const rest = params.toString();
    page.history.replaceState(
      null,
      '',
      `${page.location.pathname}${rest ? `?${rest}` : ''}${page.location.hash}`,
    );
  }
  return token;
}

export function apiSocketUrl(page: HostPage, token: string): string {
  const scheme = page.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.location.host}/api?token=${encodeURIComponent(token)}`;
}

export function createClient(win: Window): TransportClient {
  if (win.raksa) return createIpcClient(win.raksa);
  const url = apiSocketUrl(win, takeToken(win));
  return createWsClient({
    url,
    createSocket: (u) => new WebSocket(u),
    timers: {
      setTimeout: (fn, ms) => win.setTimeout(fn, ms),
      clearTimeout: (h) => win.clearTimeout(h),
    },
  });
}
