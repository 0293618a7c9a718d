// Where the build puts what the main process loads, relative to the app root (the repo root under
// `npm start`, app.asar when packaged). scripts/build.mjs and scripts/build-electron.mjs write these.
import path from 'node:path';

export interface AppPaths {
  /** Served as raksa://app/ (Vite's output). */
  readonly rendererDir: string;
  /** The bundled sandboxed preload (one CommonJS file). */
  readonly preload: string;
  /** The bundled core worker entry. */
  readonly coreWorker: string;
}

export function appPaths(appRoot: string): AppPaths {
  return {
    rendererDir: path.join(appRoot, 'dist', 'renderer'),
    preload: path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
    coreWorker: path.join(appRoot, 'dist', 'core', 'worker.mjs'),
  };
}
