// Messages between a process that hosts the core and the core's worker thread. Plain structured-clone
// objects; the worker re-validates every call against the contract (it trusts no caller).
import type { EventName } from '../../../shared/contract/api.js';
import type { ApiError, Result } from '../../../shared/contract/result.js';
import type { MachinePolicy } from '../policy/machinePolicy.js';

export interface CoreWorkerData {
  readonly profileDir: string;
  /** 32 raw bytes; unwrapped by the parent (OS keystore or passphrase), never written to disk in clear. */
  readonly databaseKey: Uint8Array;
  /** Extra CA certificates (PEM) trusted for IMAP/SMTP, e.g. an agency CA set by IT policy. */
  readonly trustedCaPem: readonly string[];
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The effective machine policy, read by the parent (startCore); absent only for cores built in tests. */
  readonly machinePolicy?: MachinePolicy;
  /** Set only when the worker is started from TypeScript sources (tests, preview); see tsWorkerBootstrap.mjs. */
  readonly entry?: string;
  /** Push: keep an IDLE connection per account and poll its other folders (the app); off for the CLI. */
  readonly push?: boolean;
  /**
   * The bundled search-document parser thread (dist/core/docWorker.mjs), set when the core itself runs from
   * the bundle; absent, the core starts it from TypeScript like itself (docWorkerPool.ts, docWorkerScript).
   */
  readonly docWorkerPath?: string;
  /** The bundled header-sync writer thread (dist/core/syncWriterThread.mjs); absent: as docWorkerPath. */
  readonly syncWriterPath?: string;
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
