// Messages between a process that hosts the core and the core's worker thread. Plain structured-clone
// objects; the worker re-validates every call against the contract (it trusts no caller).
import type { EventName } from '../../../shared/contract/api.js';
import type { ApiError, Result } from '../../../shared/contract/result.js';

export interface CoreWorkerData {
  readonly profileDir: string;
  /** 32 raw bytes; unwrapped by the parent (OS keystore or passphrase), never written to disk in clear. */
  readonly databaseKey: Uint8Array;
  /** Extra CA certificates (PEM) trusted for IMAP/SMTP, e.g. an agency CA set by IT policy. */
  readonly trustedCaPem: readonly string[];
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Set only when the worker is started from TypeScript sources (tests, preview); see tsWorkerBootstrap.mjs. */
  readonly entry?: string;
}

export type ToWorker =
  | { readonly t: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly t: 'close' };

export type FromWorker =
  | { readonly t: 'ready' }
  | { readonly t: 'fatal'; readonly error: ApiError }
  | { readonly t: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly t: 'event'; readonly event: EventName; readonly payload: unknown }
  | { readonly t: 'log'; readonly line: string }
  | { readonly t: 'closed' };
