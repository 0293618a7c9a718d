// How the offline cache commits a batch of downloaded bodies (cacheBodies.ts): the raw sources and their index
// documents in ONE transaction, so a crash leaves a batch all in or all out. Where it runs is the writer's
// choice: on the core's connection (bodyWriterOn), or on the sync writer thread's own connection
// (ThreadedSyncWriter.writeBodies), which lets the core thread go on reading the next batch from the server
// while this one is written; both run commitBodies.
import type { SearchDoc } from '../search/searchDoc.js';
import type { SearchIndex } from '../search/searchIndex.js';
import type { MailStore } from '../store/mailStore.js';

/** One downloaded message: its raw source and its index document (null: the message left the store meanwhile). */
export interface CachedBody {
  readonly id: number;
  readonly source: Uint8Array;
  readonly doc: SearchDoc | null;
}

export interface BodyWriter {
  /**
   * Commits a batch in one transaction. Calls are committed in the order made; the promise settles once the
   * batch is committed, or has failed with nothing of it written.
   */
  writeBodies(bodies: readonly CachedBody[]): Promise<void>;
}

/**
 * The batch's transaction. Messages are written by ascending id, the order their documents must reach the
 * index in: FTS5 flushes its pending terms into a new segment whenever a rowid is not above the previous one,
 * so a batch written newest first (the body cache lists by date, and a server may answer a FETCH in any
 * order) made one segment a message, and the merges after them: that took index building from ~245 to
 * ~475 µs a document.
 */
export function commitBodies(store: MailStore, index: SearchIndex, bodies: readonly CachedBody[]): void {
  const ordered = [...bodies].sort((a, b) => a.id - b.id);
  index.cacheTransaction(() => {
    for (const b of ordered) {
      store.putRawSource(b.id, b.source);
      if (b.doc) index.putDoc(b.id, b.doc, true);
    }
  });
}

/** A BodyWriter on the calling thread's connection (the default, and the fallback when no thread can run). */
export const bodyWriterOn = (store: MailStore, index: SearchIndex): BodyWriter => ({
  writeBodies(bodies) {
    try {
      commitBodies(store, index, bodies);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
});
