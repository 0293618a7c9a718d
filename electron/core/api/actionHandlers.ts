// The local-action methods of the contract (messages.setFlags/move/copy/delete/archive, folders.emptyTrash).
// Each returns as soon as the local store has the change; the server gets it through the queue.
import type { ApiHandlers } from '../../../shared/contract/client.js';
import type { ActionOutcome } from '../../../shared/domain/actions.js';
import type { LocalActions } from '../actions/localActions.js';

export interface ActionHandlerDeps {
  readonly actions: {
    readonly local: Pick<LocalActions, 'setFlags' | 'move' | 'copy' | 'delete' | 'archive' | 'emptyTrash'>;
    count(): number;
  };
}

type ActionMethods =
  | 'messages.setFlags'
  | 'messages.move'
  | 'messages.copy'
  | 'messages.delete'
  | 'messages.archive'
  | 'folders.emptyTrash';

export function createActionHandlers(deps: ActionHandlerDeps): Pick<ApiHandlers, ActionMethods> {
  const { local } = deps.actions;
  const outcome = (changed: number): Promise<ActionOutcome> =>
    Promise.resolve({ changed, queuedActions: deps.actions.count() });
  // Synchronous store work: a thrown CodedError must reach dispatch as a rejection, not escape it.
  const run = (fn: () => number): Promise<ActionOutcome> => {
    try {
      return outcome(fn());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return {
    'messages.setFlags': ({ ids, seen, flagged }) => run(() => local.setFlags(ids, { seen, flagged })),
    'messages.move': ({ ids, folderId }) => run(() => local.move(ids, folderId)),
    'messages.copy': ({ ids, folderId }) => run(() => local.copy(ids, folderId)),
    'messages.delete': ({ ids }) => run(() => local.delete(ids)),
    'messages.archive': ({ ids }) => run(() => local.archive(ids)),
    'folders.emptyTrash': ({ accountId }) => run(() => local.emptyTrash(accountId)),
  };
}
