import { createContext, useContext, type ReactNode } from 'react';
import type { TransportClient } from './TransportClient.js';

const ApiContext = createContext<TransportClient | null>(null);

/** Hands the one client made by the composition root (main.tsx) to every component below. */
export function ApiProvider({ client, children }: { client: TransportClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): TransportClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}
