// The sync writer thread (threadedSyncWriter.ts): its own connection to the profile database (same cipher,
// same asserted pragmas, openDatabase.ts), a SqliteSyncWriter over it for header batches, and the store and
// search index over it for the body cache's batches (commitBodies). Commits run strictly one after the
// other in the order received, each one transaction, and each is answered when it is committed or has failed
// (with nothing of it written): the core relies on that order for its checkpoints. Runs from the bundle
// (dist/core/syncWriterThread.mjs) or through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { isCodedError } from '../../../shared/contract/result.js';
import { SearchIndex } from '../search/searchIndex.js';
import { commitBodies } from '../sync/bodyWriter.js';
import { openDatabase, type SqliteDatabase } from './openDatabase.js';
import { SqliteMailStore } from './sqliteMailStore.js';
import { SqliteSyncWriter } from './sqliteSyncWriter.js';
import {
  SYNC_WRITER_AUTOCHECKPOINT_PAGES,
  type FromSyncWriterThread,
  type SyncWriterThreadData,
  type ToSyncWriterThread,
} from './threadedSyncWriter.js';

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
  // Body batches: the core's connection copies each commit into the database behind this thread, which
  // checkpoints less often meanwhile (SYNC_WRITER_AUTOCHECKPOINT_PAGES); header batches keep SQLite's default.
  const defaultAutocheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
  let autocheckpoint = defaultAutocheckpoint;
  const checkpointAt = (pages: number): void => {
    if (pages === autocheckpoint) return;
    db.pragma(`wal_autocheckpoint = ${pages}`);
    autocheckpoint = pages;
  };
  const writer = new SqliteSyncWriter(db);
  // Made at the first body batch: a header-only sync never prepares their statements.
  let bodies: { store: SqliteMailStore; index: SearchIndex } | null = null;
  port.on('message', (msg: ToSyncWriterThread) => {
    if (msg.t === 'close') {
      // The core's connection folds the WAL back and truncates it when it closes (closeDatabase).
      db.close();
      post({ t: 'closed' });
      port.close();
      return;
    }
    try {
      if (msg.t === 'commit') {
        checkpointAt(defaultAutocheckpoint);
        writer.commit(msg.folderId, msg.batch);
      } else {
        checkpointAt(SYNC_WRITER_AUTOCHECKPOINT_PAGES);
        bodies ??= { store: new SqliteMailStore(db), index: new SearchIndex(db) };
        commitBodies(bodies.store, bodies.index, msg.bodies);
      }
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
