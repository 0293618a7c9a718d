// The parent side of the core worker: every host (the Electron main process, the browser host, the CLI)
// starts the core through this and talks to it as an ApiClient.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ApiClient } from '../../../shared/contract/client.js';
import type { EventName, EventPayload, MethodArgs, MethodName, MethodResult } from '../../../shared/contract/api.js';
import { CodedError, err, type Result } from '../../../shared/contract/result.js';
import { loadMachinePolicy, type MachinePolicy } from '../policy/machinePolicy.js';
import { systemPolicyEnvironment } from '../policy/systemPolicyEnvironment.js';
import { CORE_WORKER_LIMITS } from './coreWorkerLimits.js';
import type { CoreWorkerData, FromWorker, ToWorker } from './workerProtocol.js';

export interface StartCoreOptions {
  readonly profileDir: string;
  readonly databaseKey: Uint8Array;
  readonly trustedCaPem?: readonly string[];
  readonly logLevel?: CoreWorkerData['logLevel'];
  /** The bundled worker (packaged app). Defaults to the TypeScript sources through tsx. */
  readonly workerPath?: string;
  /** The bundled search-document parser; defaults to docWorker.mjs beside workerPath (scripts/build.mjs). */
  readonly docWorkerPath?: string;
  /** Receives the worker's already-redacted log lines. */
  readonly onLog?: (line: string) => void;
  /**
   * The machine policy the core enforces. Omitted, it is read from the machine's real locations
   * (loadMachinePolicy); only code that already read it (the Electron main process) or tests pass one. There
   * is deliberately no file-path option: no flag may replace the machine policy.
   */
  readonly policy?: MachinePolicy;
  /** Push (IDLE + polling) for every account once it has synced; the app and the preview host turn it on. */
  readonly push?: boolean;
}

export interface CoreClient extends ApiClient {
  /** Resolves once the worker has closed the database cleanly. */
  close(): Promise<void>;
  /** Fires when the worker dies unexpectedly (crash, OOM); pending calls are failed first. */
  onExit(listener: (code: number) => void): () => void;
}

const CLOSE_TIMEOUT_MS = 10_000;

export async function startCore(options: StartCoreOptions): Promise<CoreClient> {
  const data: CoreWorkerData = {
    profileDir: options.profileDir,
    databaseKey: options.databaseKey,
    trustedCaPem: options.trustedCaPem ?? [],
    logLevel: options.logLevel ?? 'info',
    machinePolicy: options.policy ?? (await loadMachinePolicy(systemPolicyEnvironment())),
    ...(options.push ? { push: true } : {}),
    ...(options.workerPath ? {} : { entry: new URL('./worker.ts', import.meta.url).href }),
    ...(options.workerPath
      ? {
          docWorkerPath: options.docWorkerPath ?? path.join(path.dirname(options.workerPath), 'docWorker.mjs'),
          syncWriterPath: path.join(path.dirname(options.workerPath), 'syncWriterThread.mjs'),
        }
      : {}),
  };
  const script = options.workerPath ?? fileURLToPath(new URL('./tsWorkerBootstrap.mjs', import.meta.url));
  const worker = new Worker(script, { workerData: data, stdout: false, stderr: false, resourceLimits: CORE_WORKER_LIMITS });

  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const exitListeners = new Set<(code: number) => void>();
  let nextId = 1;
  let closing = false;
  let exited = false;
  let closed: (() => void) | undefined;

  const failPending = (message: string) => {
    for (const resolve of pending.values()) resolve(err('STORE_UNAVAILABLE', message));
    pending.clear();
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (msg: FromWorker) => {
      switch (msg.t) {
        case 'ready':
          resolve();
          return;
        case 'fatal':
          reject(new CodedError(msg.error.code, msg.error.message));
          return;
        case 'result': {
          const done = pending.get(msg.id);
          pending.delete(msg.id);
          done?.(msg.result);
          return;
        }
        case 'event':
          for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
          return;
        case 'log':
          options.onLog?.(msg.line);
          return;
        case 'closed':
          closed?.();
          return;
      }
    });
    worker.on('error', (e) => reject(e));
    worker.on('exit', (code) => {
      exited = true;
      failPending('The mail core stopped.');
      reject(new CodedError('STORE_UNAVAILABLE', `The mail core exited (code ${code}) before it was ready.`));
      closed?.();
      if (!closing) for (const l of exitListeners) l(code);
    });
  });
  await ready;

  const post = (msg: ToWorker) => worker.postMessage(msg);

  return {
    call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Result<MethodResult<M>>> {
      if (exited || closing) return Promise.resolve(err('STORE_UNAVAILABLE', 'The mail core is not running.'));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        post({ t: 'call', id, method, args });
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onExit(listener) {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
    async close() {
      if (exited) return;
      closing = true;
      const done = new Promise<void>((resolve) => (closed = resolve));
      post({ t: 'close' });
      const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
