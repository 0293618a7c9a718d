// Status for the bottom bar: the core's own status (app.status, status.changed), its sync progress, and
// the transport, which can drop while the core is fine (the browser host's socket).
import { useEffect, useState } from 'react';
import type { AppStatus, SyncProgress } from '../../../shared/domain/schemas.js';
import { useApi } from '../api/ApiContext.js';

export interface StatusView {
  status: AppStatus | null;
  progress: SyncProgress | null;
  transportUp: boolean;
}

export function useAppStatus(): StatusView {
  const client = useApi();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [transportUp, setTransportUp] = useState(() => client.isConnected());

  useEffect(() => {
    let live = true;
    const refresh = (): void => {
      void client.call('app.status', {}).then((r) => {
        if (live && r.ok) setStatus(r.value);
      });
    };
    refresh();
    const offStatus = client.on('status.changed', setStatus);
    const offProgress = client.on('sync.progress', (p) => {
      // 'done' and 'error' end a folder's run: the bar goes back to the plain connection state.
      setProgress(p.phase === 'done' || p.phase === 'error' ? null : p);
    });
    const offTransport = client.onConnectionChange((up) => {
      setTransportUp(up);
      if (up)
        refresh(); // events may have been missed while the socket was down
      else setProgress(null);
    });
    return () => {
      live = false;
      offStatus();
      offProgress();
      offTransport();
    };
  }, [client]);

  return { status, progress, transportUp };
}
