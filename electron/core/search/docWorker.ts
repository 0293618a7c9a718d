// A document parser thread (docWorkerPool.ts): parses the jobs it is sent strictly one after the other, in
// the order received, and answers each as soon as it is done — the pool relies on that order to tell which
// job a dead worker was parsing. Runs from the bundle (dist/core/docWorker.mjs) or through tsx.
import { parentPort } from 'node:worker_threads';
import { parseDocOrFallback } from './docParser.js';
import type { DocJob, FromDocWorker, ToDocWorker } from './docWorkerPool.js';

const port = parentPort;
if (!port) throw new Error('docWorker.ts must run in a worker thread');
const post = (msg: FromDocWorker): void => port.postMessage(msg);

const queue: (DocJob | undefined)[] = [];
let head = 0;
let running = false;

async function drain(): Promise<void> {
  running = true;
  while (head < queue.length) {
    const job = queue[head];
    queue[head++] = undefined; // its source can be collected once parsed
    if (!job) continue;
    // An unparsable message gets its header-only document here, exactly as in the core's own thread.
    post({ t: 'doc', id: job.id, doc: await parseDocOrFallback(job.source, job.summary) });
  }
  queue.length = 0;
  head = 0;
  running = false;
}

port.on('message', (msg: ToDocWorker) => {
  queue.push(...msg.jobs);
  if (!running) void drain();
});
post({ t: 'ready' });
