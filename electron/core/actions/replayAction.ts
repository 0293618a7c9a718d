// Replays one queued action on the server with UID commands, then settles it locally. Rules:
// - flags: UID STORE +FLAGS / -FLAGS of the one flag the user changed, never FLAGS (replace): a flag another
//   client changed meanwhile is merged, not overwritten.
// - move: UID MOVE (RFC 6851) when offered; otherwise UID COPY, then \Deleted and UID EXPUNGE (RFC 4315) of
//   exactly those UIDs. Never a plain EXPUNGE, which would also remove every other message someone marked
//   \Deleted. imapflow's own messageMove fallback and messageDelete fall back to plain EXPUNGE without UIDPLUS,
//   so both are only called once the capabilities are checked here.
// - UIDs the server no longer has are dropped (a message deleted elsewhere is not resurrected), and an action
//   whose folder has a new UIDVALIDITY is dropped whole: its UIDs name nothing any more.
import type { CopyResponseObject, ImapFlow } from 'imapflow';
import { CodedError } from '../../../shared/contract/result.js';
import type { Logger } from '../log/logger.js';
import { toUidSet } from '../sync/uidSet.js';
import type { ActionQueueStore } from './actionQueueStore.js';
import type { QueuedAction } from './queuedAction.js';

export type ReplayClient = Pick<
  ImapFlow,
  | 'getMailboxLock'
  | 'mailbox'
  | 'search'
  | 'messageFlagsAdd'
  | 'messageFlagsRemove'
  | 'messageMove'
  | 'messageCopy'
  | 'messageDelete'
  | 'capabilities'
  | 'usable'
>;

export interface ReplayOptions {
  /** Tests only: use UID COPY + UID EXPUNGE even where the server offers MOVE. */
  readonly forceCopyFallback?: boolean;
  readonly log: Logger;
}

export type ReplayOutcome = 'done' | 'dropped';

const has = (client: ReplayClient, cap: string): boolean => client.capabilities.has(cap);

/** A `false` from imapflow is either a refused command or a dead connection; the two are retried differently. */
function check(client: ReplayClient, ok: unknown, what: string): void {
  if (ok) return;
  if (!client.usable) throw new CodedError('HOST_UNREACHABLE', `The connection was lost during ${what}.`);
  throw new CodedError('PROTOCOL', `The server refused ${what}.`);
}

async function presentUids(client: ReplayClient, uids: readonly number[]): Promise<Set<number>> {
  if (uids.length === 0) return new Set();
  const found = await client.search({ uid: toUidSet(uids) }, { uid: true });
  check(client, Array.isArray(found), 'UID SEARCH');
  const wanted = new Set(uids);
  // Only the asked-for UIDs count, whatever else the server answers.
  return new Set((found || []).filter((u) => wanted.has(u)));
}

/** Removes exactly `set` from the selected folder: \Deleted + UID EXPUNGE, or just \Deleted without UIDPLUS. */
async function expungeExactly(client: ReplayClient, set: string, log: Logger): Promise<void> {
  if (has(client, 'UIDPLUS')) {
    check(client, await client.messageDelete(set, { uid: true }), 'UID EXPUNGE');
    return;
  }
  check(client, await client.messageFlagsAdd(set, ['\\Deleted'], { uid: true }), 'UID STORE');
  log.warn('server lacks UIDPLUS: messages marked \\Deleted but not expunged, to spare other \\Deleted mail');
}

/** Local side of a finished move or copy: placeholders take their real UIDs, or go when there are none. */
function settleTransfer(
  queue: ActionQueueStore,
  action: Extract<QueuedAction, { kind: 'move' | 'copy' }>,
  present: ReadonlySet<number>,
  result: CopyResponseObject | null,
): void {
  const { targetPath } = action.payload;
  const target = queue.findFolderId(action.accountId, targetPath);
  const targetValidity = target === null ? null : (queue.folder(target)?.uidValidity ?? null);
  const mapUsable =
    result?.uidMap !== undefined &&
    (targetValidity === null || result.uidValidity === undefined || Number(result.uidValidity) === targetValidity);
  const placeholderOf = new Map(action.payload.placeholders);
  const rows = queue.placeholdersOf(action.id);
  for (const src of action.payload.uids) {
    const row = rows.find((r) => r.source_uid === src);
    const v = present.has(src) && mapUsable ? result?.uidMap?.get(src) : undefined;
    if (v === undefined) {
      // Gone from the server (not resurrected), or no COPYUID: the next sync shows it under its real UID.
      if (row) queue.deleteMessage(row.message_id);
      continue;
    }
    const p = placeholderOf.get(src);
    if (p !== undefined) queue.renameUid(action.accountId, action.id, targetPath, p, v);
    if (row && target !== null) queue.settlePlaceholder(row.message_id, target, v);
  }
}

/** Undoes what an action did locally when it is dropped: moved rows go back where they were when possible. */
export function revertAction(queue: ActionQueueStore, action: QueuedAction, canRestore: boolean): void {
  queue.transaction(() => {
    for (const p of queue.placeholdersOf(action.id)) {
      if (!(action.kind === 'move' && canRestore && queue.restoreRow(p))) queue.deleteMessage(p.message_id);
    }
    queue.remove(action.id);
  });
}

export async function replayAction(
  client: ReplayClient,
  queue: ActionQueueStore,
  action: QueuedAction,
  opts: ReplayOptions,
): Promise<ReplayOutcome> {
  const { log } = opts;
  const lock = await client.getMailboxLock(action.folderPath);
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new CodedError('PROTOCOL', 'The folder could not be opened.');
    if (action.uidValidity !== null && Number(mailbox.uidValidity) !== action.uidValidity) {
      log.warn('queued action dropped: the folder was recreated on the server (UIDVALIDITY changed)', {
        actionId: action.id,
        kind: action.kind,
      });
      revertAction(queue, action, false);
      return 'dropped';
    }
    const present = await presentUids(client, action.payload.uids);
    const live = action.payload.uids.filter((u) => present.has(u));
    if (live.length < action.payload.uids.length) {
      log.info('queued action skips messages no longer on the server', {
        actionId: action.id,
        kind: action.kind,
        missing: action.payload.uids.length - live.length,
      });
    }
    const set = toUidSet(live);

    switch (action.kind) {
      case 'flags':
        for (const flag of action.payload.add) {
          if (live.length) check(client, await client.messageFlagsAdd(set, [flag], { uid: true }), 'UID STORE +FLAGS');
        }
        for (const flag of action.payload.remove) {
          if (live.length) check(client, await client.messageFlagsRemove(set, [flag], { uid: true }), 'UID STORE -FLAGS');
        }
        queue.remove(action.id);
        break;
      case 'expunge':
        if (live.length) await expungeExactly(client, set, log);
        queue.remove(action.id);
        break;
      case 'copy':
      case 'move': {
        let result: CopyResponseObject | null = null;
        const target = action.payload.targetPath;
        if (live.length && action.kind === 'move' && has(client, 'MOVE') && !opts.forceCopyFallback) {
          const moved = await client.messageMove(set, target, { uid: true });
          check(client, moved, 'UID MOVE');
          result = moved || null;
        } else if (live.length) {
          const copied = await client.messageCopy(set, target, { uid: true });
          check(client, copied, 'UID COPY');
          result = copied || null;
        }
        queue.transaction(() => {
          settleTransfer(queue, action, present, result);
          if (action.kind === 'move' && live.length) queue.convertToExpunge(action.id, live);
          else queue.remove(action.id);
        });
        if (action.kind === 'move' && live.length) {
          // UID MOVE already removed them; the fallback removes exactly the copied UIDs.
          if (!(has(client, 'MOVE') && !opts.forceCopyFallback)) await expungeExactly(client, set, log);
          queue.remove(action.id);
        }
        break;
      }
    }
    return 'done';
  } finally {
    lock.release();
  }
}
