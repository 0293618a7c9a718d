// The user's mail actions as the API offers them: each one changes the local store at once and queues what the
// server must do, in one transaction, so the list the UI reads next already shows the result and a crash
// leaves either both the change and its queued action or neither.
import { CodedError } from '../../../shared/contract/result.js';
import type { ActionQueueStore, FolderRef, MessageRef } from './actionQueueStore.js';

export interface FlagChange {
  readonly seen?: boolean | undefined;
  readonly flagged?: boolean | undefined;
}

const groupByFolder = (refs: readonly MessageRef[]): MessageRef[][] => {
  const groups = new Map<number, MessageRef[]>();
  for (const r of refs) {
    const list = groups.get(r.folderId) ?? [];
    list.push(r);
    groups.set(r.folderId, list);
  }
  return [...groups.values()];
};

const groupByAccount = (refs: readonly MessageRef[]): Map<number, MessageRef[]> => {
  const groups = new Map<number, MessageRef[]>();
  for (const r of refs) groups.set(r.accountId, [...(groups.get(r.accountId) ?? []), r]);
  return groups;
};

export class LocalActions {
  constructor(
    private readonly queue: ActionQueueStore,
    /** Called after each action with the accounts whose mailboxes changed. */
    private readonly changed: (accountIds: readonly number[]) => void,
  ) {}

  setFlags(ids: readonly number[], change: FlagChange): number {
    return this.run(ids, (refs) => {
      const touched = new Set<number>();
      const apply = (flag: '\\Seen' | '\\Flagged', on: boolean, current: (r: MessageRef) => boolean): void => {
        // Only messages whose state differs: the server gets exactly the per-flag change the user made.
        for (const group of groupByFolder(refs.filter((r) => current(r) !== on))) {
          const first = group[0];
          if (!first) continue;
          this.queue.enqueue({
            kind: 'flags',
            accountId: first.accountId,
            folderPath: first.folderPath,
            uidValidity: first.folderUidValidity,
            payload: { uids: group.map((r) => r.uid), add: on ? [flag] : [], remove: on ? [] : [flag] },
          });
          for (const r of group) {
            this.queue.setLocalFlags(r.id, flag, on);
            touched.add(r.id);
          }
        }
      };
      if (change.seen !== undefined) apply('\\Seen', change.seen, (r) => r.seen);
      if (change.flagged !== undefined) apply('\\Flagged', change.flagged, (r) => r.flagged);
      return touched.size;
    });
  }

  move(ids: readonly number[], targetFolderId: number): number {
    return this.transferTo('move', ids, targetFolderId);
  }

  copy(ids: readonly number[], targetFolderId: number): number {
    return this.transferTo('copy', ids, targetFolderId);
  }

  /** Delete = move to Trash; in Trash (or where the account has no Trash) = delete for good. */
  delete(ids: readonly number[]): number {
    return this.run(ids, (refs) => {
      let n = 0;
      for (const [accountId, list] of groupByAccount(refs)) {
        const trash = this.queue.folderByRole(accountId, 'trash');
        const final = list.filter((r) => !trash || r.folderId === trash.id);
        const toTrash = list.filter((r) => trash && r.folderId !== trash.id);
        n += this.expunge(final);
        if (trash) n += this.transfer('move', toTrash, trash);
      }
      return n;
    });
  }

  archive(ids: readonly number[]): number {
    return this.run(ids, (refs) => {
      let n = 0;
      for (const [accountId, list] of groupByAccount(refs)) {
        const archive = this.queue.folderByRole(accountId, 'archive');
        if (!archive) throw new CodedError('NOT_FOUND', 'This account has no Archive folder.');
        n += this.transfer(
          'move',
          list.filter((r) => r.folderId !== archive.id),
          archive,
        );
      }
      return n;
    });
  }

  emptyTrash(accountId: number): number {
    const n = this.queue.transaction(() => {
      const trash = this.queue.folderByRole(accountId, 'trash');
      if (!trash) throw new CodedError('NOT_FOUND', 'This account has no Trash folder.');
      return this.expunge(this.queue.folderRefs(trash.id));
    });
    if (n > 0) this.changed([accountId]);
    return n;
  }

  private transferTo(kind: 'move' | 'copy', ids: readonly number[], targetFolderId: number): number {
    return this.run(ids, (refs) => {
      const target = this.queue.folder(targetFolderId);
      if (!target) throw new CodedError('NOT_FOUND', `No folder ${targetFolderId}.`);
      if (refs.some((r) => r.accountId !== target.accountId)) {
        throw new CodedError('INVALID_ARGUMENT', 'Messages can only be moved or copied within their account.');
      }
      return this.transfer(
        kind,
        kind === 'move' ? refs.filter((r) => r.folderId !== target.id) : refs,
        target,
      );
    });
  }

  private transfer(kind: 'move' | 'copy', refs: readonly MessageRef[], target: FolderRef): number {
    for (const group of groupByFolder(refs)) {
      const first = group[0];
      if (!first) continue;
      const pairs = group.map((r): [MessageRef, number] => [r, this.queue.allocatePlaceholderUid(target.id)]);
      const actionId = this.queue.enqueue({
        kind,
        accountId: first.accountId,
        folderPath: first.folderPath,
        uidValidity: first.folderUidValidity,
        payload: {
          uids: group.map((r) => r.uid),
          targetPath: target.path,
          placeholders: pairs.map(([r, p]) => [r.uid, p]),
        },
      });
      for (const [r, p] of pairs) {
        if (kind === 'move') {
          this.queue.hide(r.folderId, r.uid, actionId);
          this.queue.moveRow(r, target.id, p, actionId);
        } else {
          this.queue.copyRow(r, target.id, p, actionId);
        }
      }
    }
    return refs.length;
  }

  private expunge(refs: readonly MessageRef[]): number {
    for (const group of groupByFolder(refs)) {
      const first = group[0];
      if (!first) continue;
      const actionId = this.queue.enqueue({
        kind: 'expunge',
        accountId: first.accountId,
        folderPath: first.folderPath,
        uidValidity: first.folderUidValidity,
        payload: { uids: group.map((r) => r.uid) },
      });
      for (const r of group) {
        this.queue.hide(r.folderId, r.uid, actionId);
        this.queue.deleteMessage(r.id);
      }
    }
    return refs.length;
  }

  private run(ids: readonly number[], fn: (refs: MessageRef[]) => number): number {
    const unique = [...new Set(ids)];
    const { n, accounts } = this.queue.transaction(() => {
      const refs = this.queue.messageRefs(unique);
      if (refs.length !== unique.length) throw new CodedError('NOT_FOUND', 'A message is no longer there.');
      return { n: fn(refs), accounts: [...new Set(refs.map((r) => r.accountId))] };
    });
    if (n > 0) this.changed(accounts);
    return n;
  }
}
