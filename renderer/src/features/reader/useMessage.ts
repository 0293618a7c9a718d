import { useEffect, useState } from 'react';
import type { ApiError } from '../../../../shared/contract/result.js';
import type { MessageView } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';

export type MessageState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'error'; error: ApiError }
  | { kind: 'ready'; view: MessageView };

type Loaded = { id: number; view: MessageView } | { id: number; error: ApiError };

/** The opened message; a newer selection wins over a slower older answer. */
export function useMessage(id: number | null): MessageState {
  const client = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (id === null) return undefined;
    let live = true;
    void client.call('messages.get', { id }).then((r) => {
      if (live) setLoaded(r.ok ? { id, view: r.value } : { id, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [client, id]);

  if (id === null) return { kind: 'none' };
  if (loaded?.id !== id) return { kind: 'loading' };
  return 'view' in loaded ? { kind: 'ready', view: loaded.view } : { kind: 'error', error: loaded.error };
}
