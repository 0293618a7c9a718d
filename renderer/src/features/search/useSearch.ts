// One search session per window, wired to the core: each settled query pages `search.query` through a
// MessagePageCache (only the visible rows are fetched), and the shown results refresh when mail changes.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SearchHit } from '../../../../shared/domain/search.js';
import { useApi } from '../../api/ApiContext.js';
import { MessagePageCache } from '../mailbox/MessagePageCache.js';
import { SearchSession, type SearchSnapshot } from './SearchSession.js';

export type SearchCache = MessagePageCache<SearchHit>;
export type SearchSnapshotView = SearchSnapshot<SearchCache>;

export interface SearchHandle {
  session: SearchSession<SearchCache>;
  snapshot: SearchSnapshotView;
}

export function useSearch(): SearchHandle {
  const client = useApi();
  const [session] = useState(
    () =>
      new SearchSession<SearchCache>({
        createSource: (query) =>
          new MessagePageCache<SearchHit>(async (offset, limit) => {
            const r = await client.call('search.query', { query, offset, limit });
            return r.ok ? { ok: true, value: { total: r.value.total, offset, items: r.value.items } } : r;
          }),
        schedule: (run, ms) => {
          const handle = window.setTimeout(run, ms);
          return () => window.clearTimeout(handle);
        },
      }),
  );
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);

  useEffect(() => () => session.dispose(), [session]);

  const shown = snapshot.shown;
  useEffect(() => {
    if (!shown) return;
    // New mail, flags or moves change what matches; refetch the visible pages, old rows stay meanwhile.
    const offChanged = client.on('mailbox.changed', () => shown.source.invalidate());
    const offTransport = client.onConnectionChange((up) => {
      if (up) shown.source.invalidate();
    });
    return () => {
      offChanged();
      offTransport();
    };
  }, [client, shown]);

  return { session, snapshot };
}
