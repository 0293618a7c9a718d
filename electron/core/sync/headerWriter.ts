// How folder sync writes: every call is ONE transaction, so a batch of headers (with its threads), a batch of
// flag changes, or a checkpoint is all in or all out. Checkpoints (UIDNEXT, HIGHESTMODSEQ) are only written by
// `commit` calls made after the data they cover is committed, or in the same call (RFC 7162 §3.2: a client
// that saves HIGHESTMODSEQ before the changes it covers would skip them forever after a crash).
import type { FolderSyncState, HeaderUpsert, MailStore } from '../store/mailStore.js';

/** A header as sync fetched it: the store's header plus the References Message-IDs for threading. */
export interface SyncHeader extends HeaderUpsert {
  readonly references: readonly string[];
}

/** Flags in one comparable form (servers may list them in any order). */
export const flagKey = (flags: Iterable<string>): string => JSON.stringify([...flags].sort());

export interface FlagUpdate {
  readonly uid: number;
  readonly flags: readonly string[];
}

export interface HeaderBatch {
  readonly headers?: readonly SyncHeader[];
  readonly flags?: readonly FlagUpdate[];
  /** Written last, in the same transaction. */
  readonly checkpoint?: Partial<FolderSyncState>;
}

export interface HeaderWriter {
  /** false: `flags` batches are not supported, and sync re-fetches whole headers for changed flags instead. */
  readonly updatesFlags: boolean;
  /**
   * Commits the batch, or returns a promise settled once it is committed (or failed, with nothing of it
   * written) when the writing happens on another thread (threadedSyncWriter.ts). Sync sends a batch's
   * successor only after it settled, and a checkpoint only after every batch it covers is committed.
   */
  commit(folderId: number, batch: HeaderBatch): void | Promise<void>;
}

/**
 * The portable writer over the MailStore interface (any MailStore, e.g. the action queue's wrapper; no threads).
 * It cannot join the store's calls into one transaction; the order still keeps each checkpoint after its data.
 */
export function mailStoreWriter(store: MailStore): HeaderWriter {
  return {
    updatesFlags: false,
    commit(folderId, batch) {
      if (batch.flags && batch.flags.length > 0) throw new Error('mailStoreWriter cannot update flags alone');
      if (batch.headers && batch.headers.length > 0) store.upsertHeaders(folderId, batch.headers);
      if (batch.checkpoint) store.setFolderSyncState(folderId, batch.checkpoint);
    },
  };
}
