import type { ApiClient } from '../../../shared/contract/client.js';

/**
 * An ApiClient that also says whether its transport is up. The WebSocket can drop while the core is
 * fine; the status bar then shows offline without waiting for a `status.changed` that cannot arrive.
 */
export interface TransportClient extends ApiClient {
  isConnected(): boolean;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  close(): void;
}
