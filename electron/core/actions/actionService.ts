// Everything about local actions, wired once for the composition root: the queue in the database, the
// local side (LocalActions), the replay (ActionRunner) and the view of the store that sync must use.
import type { ImapFlow } from 'imapflow';
import type { ErrorCode } from '../../../shared/contract/result.js';
import type { Logger } from '../log/logger.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { ActionQueueStore } from './actionQueueStore.js';
import { ActionRunner, type Clock } from './actionRunner.js';
import { LocalActions } from './localActions.js';
import { pendingAwareStore } from './pendingAwareStore.js';

export interface ActionServiceDeps {
  readonly db: SqliteDatabase;
  readonly store: MailStore;
  readonly log: Logger;
  readonly connect: (account: AccountWithSecret) => Promise<ImapFlow>;
  readonly mailboxChanged: (accountId: number) => void;
  readonly queueChanged: (count: number) => void;
  readonly serverReached: (error: { code: ErrorCode; message: string } | null) => void;
  readonly clock?: Clock;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly forceCopyFallback?: boolean;
}

export class ActionService {
  readonly queue: ActionQueueStore;
  readonly local: LocalActions;
  readonly runner: ActionRunner;
  /** The store sync must write through while actions wait (pendingAwareStore.ts). */
  readonly syncStore: MailStore;

  constructor(private readonly deps: ActionServiceDeps) {
    this.queue = new ActionQueueStore(deps.db);
    this.runner = new ActionRunner({
      queue: this.queue,
      getAccount: (id) => deps.store.getAccountWithSecret(id),
      connect: deps.connect,
      log: deps.log.child({ part: 'actions' }),
      onQueueChanged: deps.queueChanged,
      onServer: deps.serverReached,
      onMailboxChanged: deps.mailboxChanged,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
      ...(deps.forceCopyFallback ? { forceCopyFallback: true } : {}),
    });
    this.local = new LocalActions(this.queue, (accountIds) => {
      this.runner.queueChanged();
      for (const id of accountIds) {
        deps.mailboxChanged(id);
        this.runner.kick(id);
      }
    });
    this.syncStore = pendingAwareStore(deps.store, this.queue);
  }

  start(): void {
    this.runner.start();
  }

  /**
   * One account sync, alone with the queue: pending actions reach the server first (so sync reads a server
   * that already has them), then sync, then the still-pending flag changes are laid over what sync wrote.
   */
  runSync(accountId: number, sync: () => Promise<void>): Promise<void> {
    return this.runner.exclusive(accountId, async () => {
      await this.runner.replayLocked(accountId);
      try {
        await sync();
      } finally {
        if (this.queue.reapplyPendingFlags(accountId) > 0) this.deps.mailboxChanged(accountId);
      }
      // The server answered: anything queued during the sync goes now rather than at the next retry.
      if (this.queue.count(accountId) > 0) this.runner.kick(accountId);
    });
  }

  count(): number {
    return this.queue.count();
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
