import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useApi } from '../../api/ApiContext.js';
import { MessagePageCache } from './MessagePageCache.js';

/** One page cache per folder; refetches the visible pages when the core reports a change. */
export function useMessagePages(folderId: number): MessagePageCache {
  const client = useApi();
  const cache = useMemo(
    () => new MessagePageCache((offset, limit) => client.call('messages.list', { folderId, offset, limit })),
    [client, folderId],
  );
  useSyncExternalStore(cache.subscribe, cache.getVersion);

  useEffect(() => {
    const offChanged = client.on('mailbox.changed', (p) => {
      if (p.folderId === null || p.folderId === folderId) cache.invalidate();
    });
    const offTransport = client.onConnectionChange((up) => {
      if (up) cache.invalidate();
    });
    return () => {
      offChanged();
      offTransport();
    };
  }, [client, cache, folderId]);

  return cache;
}
