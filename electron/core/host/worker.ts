// The core's worker thread entry. It owns the database (the single writer) and answers the contract.
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { isCodedError } from '../../../shared/contract/result.js';
import type { EventSink } from '../../../shared/contract/client.js';
import { dispatch } from '../api/dispatch.js';
import { createLogger } from '../log/logger.js';
import { createCore, DATABASE_FILE, type Core } from './composition.js';
import { recoverProfile } from '../recovery/recoverProfile.js';
import type { RecoveryReport } from '../../../shared/domain/profile.js';
import type { CoreWorkerData, FromWorker, ToWorker } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const config = workerData as CoreWorkerData;
const post = (msg: FromWorker) => port.postMessage(msg);

const log = createLogger({ level: config.logLevel, sink: (line) => post({ t: 'log', line }) });
const emit: EventSink = (event, payload) => post({ t: 'event', event, payload });

let core: Core;
// profile.recover (docs/storage.md): only the worker can replace the core it runs. The old core closes
// (database checkpointed and closed), the database is rebuilt with the key this worker holds, and a new core
// opens on the fresh file. Calls made meanwhile fail; the UI refetches on accounts.changed.
const recover = async (): Promise<RecoveryReport> => {
  await core.close();
  try {
    return recoverProfile(config.profileDir, config.databaseKey, { databaseFile: DATABASE_FILE });
  } finally {
    core = build();
    emit('accounts.changed', {});
  }
};
const build = (): Core => createCore(config, emit, log, undefined, { recoverProfile: recover });
try {
  core = build();
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
// The limits this thread runs with (startCore's CORE_WORKER_LIMITS): said once, for support and for the test
// that the packaged bundle gets them.
log.info('core thread ready', { youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb ?? null });
post({ t: 'ready' });
