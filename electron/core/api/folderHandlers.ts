// folders.create / folders.rename / folders.delete and messages.thread (issue 4 §2).
import type { ApiHandlers } from '../../../shared/contract/client.js';
import type { FolderManager } from '../sync/folderManager.js';
import type { ThreadQuery } from '../store/threadQuery.js';

export interface FolderHandlerDeps {
  readonly folders: FolderManager;
  readonly threads: ThreadQuery;
}

type FolderMethods = 'folders.create' | 'folders.rename' | 'folders.delete' | 'messages.thread';

export function createFolderHandlers(deps: FolderHandlerDeps): Pick<ApiHandlers, FolderMethods> {
  return {
    'folders.create': ({ accountId, parentPath, name }) => deps.folders.create(accountId, name, parentPath),
    'folders.rename': ({ folderId, newName }) => deps.folders.rename(folderId, newName),
    'folders.delete': async ({ folderId }) => {
      await deps.folders.delete(folderId);
      return null;
    },
    'messages.thread': ({ id }) => Promise.resolve(deps.threads.listThread(id)),
  };
}
