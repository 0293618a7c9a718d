// The connection state the status bar shows. Derived from what sync actually experienced, so "online"
// always means a server answered recently, never a guess from the OS network state.
import type { AppStatus, ConnectionState } from '../../../shared/domain/schemas.js';
import type { ErrorCode } from '../../../shared/contract/result.js';

const OFFLINE_CODES: ReadonlySet<ErrorCode> = new Set(['HOST_UNREACHABLE', 'TIMEOUT', 'OFFLINE']);

export class StatusTracker {
  private connection: ConnectionState = 'offline';
  private lastError: AppStatus['lastError'] = null;
  private syncing = 0;
  private queuedActions = 0;

  constructor(
    private readonly countAccounts: () => number,
    private readonly publish: (status: AppStatus) => void,
    /** Fixed for the life of the core: the machine policy is read once, at start. */
    private readonly policyProblem: string | null = null,
  ) {}

  snapshot(): AppStatus {
    return {
      connection: this.connection,
      lastError: this.lastError,
      accounts: this.countAccounts(),
      policyProblem: this.policyProblem,
      queuedActions: this.queuedActions,
    };
  }

  syncStarted(): void {
    this.syncing++;
    this.set('syncing');
  }

  syncSucceeded(): void {
    this.syncing = Math.max(0, this.syncing - 1);
    this.lastError = null;
    this.set(this.syncing > 0 ? 'syncing' : 'online');
  }

  syncFailed(code: ErrorCode, message: string): void {
    this.syncing = Math.max(0, this.syncing - 1);
    this.lastError = { code, message };
    this.set(this.syncing > 0 ? 'syncing' : OFFLINE_CODES.has(code) ? 'offline' : 'online');
  }

  /** The action queue's length changed (electron/core/actions/); published only when it differs. */
  setQueuedActions(count: number): void {
    if (count === this.queuedActions) return;
    this.queuedActions = count;
    this.publish(this.snapshot());
  }

  /**
   * The action queue reached a server (error null) or could not (a connection error): it is as much
   * evidence of being online or offline as a sync is. A running sync owns the state until it ends.
   */
  serverReached(error: { code: ErrorCode; message: string } | null): void {
    if (this.syncing > 0) return;
    if (error === null) {
      this.lastError = null;
      this.set('online');
    } else if (OFFLINE_CODES.has(error.code)) {
      this.lastError = error;
      this.set('offline');
    }
  }

  accountsChanged(): void {
    this.publish(this.snapshot());
  }

  private set(state: ConnectionState): void {
    this.connection = state;
    this.publish(this.snapshot());
  }
}
