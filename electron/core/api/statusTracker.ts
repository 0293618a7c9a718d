// The connection state the status bar shows. Derived from what sync actually experienced, so "online"
// always means a server answered recently, never a guess from the OS network state.
import type { AppStatus, ConnectionState } from '../../../shared/domain/schemas.js';
import type { ErrorCode } from '../../../shared/contract/result.js';

const OFFLINE_CODES: ReadonlySet<ErrorCode> = new Set(['HOST_UNREACHABLE', 'TIMEOUT', 'OFFLINE']);

export class StatusTracker {
  private connection: ConnectionState = 'offline';
  private lastError: AppStatus['lastError'] = null;
  private syncing = 0;

  constructor(
    private readonly countAccounts: () => number,
    private readonly publish: (status: AppStatus) => void,
  ) {}

  snapshot(): AppStatus {
    return { connection: this.connection, lastError: this.lastError, accounts: this.countAccounts() };
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

  accountsChanged(): void {
    this.publish(this.snapshot());
  }

  private set(state: ConnectionState): void {
    this.connection = state;
    this.publish(this.snapshot());
  }
}
