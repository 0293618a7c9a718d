// The core's worker thread entry. It owns the database (the single writer) and answers the contract.
import { parentPort, workerData } from 'node:worker_threads';
import { isCodedError } from '../../../shared/contract/result.js';
import type { EventSink } from '../../../shared/contract/client.js';
import { dispatch } from '../api/dispatch.js';
import { createLogger } from '../log/logger.js';
import { createCore, type Core } from './composition.js';
import type { CoreWorkerData, FromWorker, ToWorker } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const config = workerData as CoreWorkerData;
const post = (msg: FromWorker) => port.postMessage(msg);

const log = createLogger({ level: config.logLevel, sink: (line) => post({ t: 'log', line }) });
const emit: EventSink = (event, payload) => post({ t: 'event', event, payload });

let core: Core;
try {
  core = createCore(config, emit, log);
} catch (e) {
  post({
    t: 'fatal',
    error: isCodedError(e)
      ? { code: e.code, message: e.message }
      : { code: 'STORE_UNAVAILABLE', message: 'The local mail store could not be opened.' },
  });
  process.exit(1);
}

let closing = false;
port.on('message', (msg: ToWorker) => {
  if (msg.t === 'close') {
    if (closing) return;
    closing = true;
    void core.close().finally(() => post({ t: 'closed' }));
    return;
  }
  void dispatch(core.handlers, msg.method, msg.args, log).then((result) => post({ t: 'result', id: msg.id, result }));
});
post({ t: 'ready' });
