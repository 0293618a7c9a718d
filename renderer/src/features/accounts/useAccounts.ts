import { useCallback, useEffect, useState } from 'react';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import type { AccountSummary } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';

export interface AccountsState {
  /** null until the first answer. */
  accounts: readonly AccountSummary[] | null;
  error: ErrorCode | null;
  reload: () => void;
}

export function useAccounts(): AccountsState {
  const client = useApi();
  const [accounts, setAccounts] = useState<readonly AccountSummary[] | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    void client.call('accounts.list', {}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setAccounts(r.value);
        setError(null);
      } else {
        setError(r.error.code);
      }
    });
    const offChanged = client.on('accounts.changed', reload);
    const offTransport = client.onConnectionChange((up) => {
      if (up) reload();
    });
    return () => {
      live = false;
      offChanged();
      offTransport();
    };
  }, [client, generation, reload]);

  return { accounts, error, reload };
}
