// The browser-host transport (tests, `npm run preview`): the same contract as JSON text frames over one
// WebSocket on 127.0.0.1. Calls that were sent when the socket drops fail with OFFLINE rather than being
// resent, because the core may already have acted on them (an account added, a message sent).
import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodResult,
} from '../../../shared/contract/api.js';
import { err, type Result } from '../../../shared/contract/result.js';
import { parseEvent, parseResult } from './contractGuard.js';
import type { TransportClient } from './TransportClient.js';

/** The part of the DOM WebSocket this client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}

export interface WsClientOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  timers: Timers;
  /** First reconnect delay; doubles on each failure up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a call made while disconnected waits for the socket before failing with OFFLINE. */
  connectWaitMs?: number;
}

const OPEN = 1;

interface Pending {
  method: MethodName;
  resolve: (raw: unknown) => void;
}

interface Waiting {
  frame: () => string;
  id: number;
  timer: number;
  fail: () => void;
}

export function createWsClient(options: WsClientOptions): TransportClient {
  const { url, createSocket, timers } = options;
  const initialBackoff = options.initialBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const connectWait = options.connectWaitMs ?? 5_000;

  let socket: SocketLike | null = null;
  let connected = false;
  let closed = false;
  let backoff = initialBackoff;
  let reconnectTimer: number | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const waiting: Waiting[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const l of connectionListeners) l(value);
  };

  const failAllPending = (): void => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve({ ok: false, error: { code: 'OFFLINE', message: `${p.method}: connection lost` } });
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { t?: unknown; id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (m.t === 'result' && typeof m.id === 'number') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      p.resolve(m.result);
    } else if (m.t === 'event' && typeof m.event === 'string') {
      const set = listeners.get(m.event);
      if (!set) return;
      // Validated per listener's event name inside `on`; here we only route.
      for (const l of set) l(m.payload);
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer !== null) return;
    const delay = backoff;
    backoff = Math.min(backoff * 2, maxBackoff);
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  };

  const flushWaiting = (): void => {
    while (waiting.length > 0 && socket && connected) {
      const w = waiting.shift();
      if (!w) break;
      timers.clearTimeout(w.timer);
      socket.send(w.frame());
    }
  };

  function connect(): void {
    if (closed) return;
    let s: SocketLike;
    try {
      s = createSocket(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      backoff = initialBackoff;
      setConnected(true);
      flushWaiting();
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
    };
    s.onerror = () => undefined; // always followed by close, which does the work
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      failAllPending();
      setConnected(false);
      scheduleReconnect();
    };
  }

  const send = <M extends MethodName>(method: M, args: MethodArgs<M>): Promise<unknown> =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      const frame = (): string => {
        pending.set(id, { method, resolve });
        return JSON.stringify({ t: 'call', id, method, args });
      };
      if (closed) {
        resolve({ ok: false, error: { code: 'OFFLINE', message: `${method}: client closed` } });
      } else if (socket && connected && socket.readyState === OPEN) {
        socket.send(frame());
      } else {
        const fail = (): void =>
          resolve({ ok: false, error: { code: 'OFFLINE', message: `${method}: not connected` } });
        const timer = timers.setTimeout(() => {
          const i = waiting.findIndex((w) => w.id === id);
          if (i >= 0) waiting.splice(i, 1);
          fail();
        }, connectWait);
        waiting.push({ frame, id, timer, fail });
      }
    });

  connect();

  return {
    async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
      try {
        return parseResult(method, await send(method, args));
      } catch (e) {
        return err('INTERNAL', `${method}: ${e instanceof Error ? e.message : 'send failed'}`);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const wrapped = (raw: unknown): void => {
        const payload = parseEvent(event, raw);
        if (payload !== undefined) listener(payload);
      };
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    isConnected: () => connected,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
      for (const w of waiting.splice(0)) {
        timers.clearTimeout(w.timer);
        w.fail();
      }
      const s = socket;
      socket = null;
      failAllPending();
      setConnected(false);
      s?.close();
    },
  };
}
