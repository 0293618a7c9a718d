// Drafts kept on this device (drafts.list), refetched on drafts.changed.
import { useEffect, useState } from 'react';
import type { DraftItem } from '../../../../shared/domain/composeSupport.js';
import { useApi } from '../../api/ApiContext.js';

export function useDrafts(): readonly DraftItem[] | null {
  const client = useApi();
  const [items, setItems] = useState<readonly DraftItem[] | null>(null);
  useEffect(() => {
    let live = true;
    const load = (): void => {
      void client.call('drafts.list', {}).then((r) => {
        if (live && r.ok) setItems(r.value);
      });
    };
    load();
    const off = client.on('drafts.changed', load);
    const offTransport = client.onConnectionChange((up) => {
      if (up) load();
    });
    return () => {
      live = false;
      off();
      offTransport();
    };
  }, [client]);
  return items;
}
