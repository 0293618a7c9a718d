// Starts the core worker straight from TypeScript (tests, preview, the CLI run through tsx). Node 20 does
// not apply the parent's `--import tsx` to a worker's entry, so the worker registers tsx itself first.
// The packaged app never uses this file: it runs the bundled worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
