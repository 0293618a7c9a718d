// The store as sync must see it while actions wait for the server (see actionQueueStore.ts):
// - UIDs hidden by a pending move or delete count as known, so sync neither fetches them back into the
//   folder they left nor shows them twice;
// - placeholder rows are not server UIDs, so sync never removes them as "gone from the server";
// - a hidden UID that sync finds gone is forgotten (someone else removed it; the replay will skip it).
// Everything else is the store itself. A Proxy keeps this independent of methods other features add later.
import type { MailStore } from '../store/mailStore.js';
import type { ActionQueueStore } from './actionQueueStore.js';

export function pendingAwareStore(store: MailStore, queue: ActionQueueStore): MailStore {
  const listUids = (folderId: number): number[] => {
    const placeholders = new Set(queue.placeholderUids(folderId));
    const uids = new Set(store.listUids(folderId).filter((u) => !placeholders.has(u)));
    for (const u of queue.hiddenUids(folderId)) uids.add(u);
    return [...uids].sort((a, b) => a - b);
  };
  const removeUids = (folderId: number, uids: readonly number[]): void => {
    store.removeUids(folderId, uids);
    queue.forgetHidden(folderId, uids);
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'listUids') return listUids;
      if (prop === 'removeUids') return removeUids;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
