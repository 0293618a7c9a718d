import { useEffect, useState } from 'react';
import type { AccountSummary, Folder } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';

/** Folders of every account, refetched when the core says an account's mailbox changed. */
export function useFolders(accounts: readonly AccountSummary[]): ReadonlyMap<number, readonly Folder[]> {
  const client = useApi();
  const [byAccount, setByAccount] = useState<ReadonlyMap<number, readonly Folder[]>>(() => new Map());

  useEffect(() => {
    let live = true;
    const load = (accountId: number): void => {
      void client.call('folders.list', { accountId }).then((r) => {
        if (!live || !r.ok) return;
        setByAccount((prev) => new Map(prev).set(accountId, r.value));
      });
    };
    for (const a of accounts) load(a.id);
    const offChanged = client.on('mailbox.changed', (p) => load(p.accountId));
    const offTransport = client.onConnectionChange((up) => {
      if (up) for (const a of accounts) load(a.id);
    });
    return () => {
      live = false;
      offChanged();
      offTransport();
    };
  }, [client, accounts]);

  return byAccount;
}
