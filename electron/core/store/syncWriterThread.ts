// The header writer thread (threadedSyncWriter.ts): its own connection to the profile database (same cipher,
// same asserted pragmas, openDatabase.ts) and a SqliteSyncWriter over it. Commits run strictly one after the
// other in the order received, each one transaction, and each is answered when it is committed or has failed
// (with nothing of it written): the core relies on that order for its checkpoints. Runs from the bundle
// (dist/core/syncWriterThread.mjs) or through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { isCodedError } from '../../../shared/contract/result.js';
import { openDatabase, type SqliteDatabase } from './openDatabase.js';
import { SqliteSyncWriter } from './sqliteSyncWriter.js';
import type { FromSyncWriterThread, SyncWriterThreadData, ToSyncWriterThread } from './threadedSyncWriter.js';

const port = parentPort;
if (!port) throw new Error('syncWriterThread.ts must run in a worker thread');
const post = (msg: FromSyncWriterThread): void => port.postMessage(msg);

const data = workerData as SyncWriterThreadData;

function open(): SqliteDatabase | null {
  try {
    return openDatabase(data.file, data.key);
  } catch (e) {
    // Not any batch's fault: the core then writes on its own connection instead.
    post({ t: 'fatal', message: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

const db = open();
if (db === null) port.close();
else {
  const writer = new SqliteSyncWriter(db);
  port.on('message', (msg: ToSyncWriterThread) => {
    if (msg.t === 'close') {
      // The core's connection folds the WAL back and truncates it when it closes (closeDatabase).
      db.close();
      post({ t: 'closed' });
      port.close();
      return;
    }
    try {
      writer.commit(msg.folderId, msg.batch);
      post({ t: 'done', id: msg.id });
    } catch (e) {
      post({
        t: 'failed',
        id: msg.id,
        code: isCodedError(e) ? e.code : null,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  });
  post({ t: 'ready' });
}
