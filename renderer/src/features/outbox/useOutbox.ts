// The outbox as the UI shows it: outbox.list, refetched on every outbox.changed and after a reconnect.
import { useCallback, useEffect, useState } from 'react';
import type { OutboxItem } from '../../../../shared/domain/compose.js';
import { useApi } from '../../api/ApiContext.js';

export function useOutbox(includeDone = false): { items: readonly OutboxItem[] | null; reload: () => void } {
  const client = useApi();
  const [items, setItems] = useState<readonly OutboxItem[] | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      void client.call('outbox.list', { includeDone }).then((r) => {
        if (live && r.ok) setItems(r.value);
      });
    };
    load();
    const off = client.on('outbox.changed', load);
    const offTransport = client.onConnectionChange((up) => {
      if (up) load();
    });
    return () => {
      live = false;
      off();
      offTransport();
    };
  }, [client, includeDone, tick]);

  return { items, reload };
}
