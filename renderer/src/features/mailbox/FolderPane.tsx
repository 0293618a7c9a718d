import { useTranslation } from 'react-i18next';
import type { AccountSummary, Folder } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { orderFolders, SPECIAL_ICON } from './folderOrder.js';

export interface FolderPaneProps {
  accounts: readonly AccountSummary[];
  foldersByAccount: ReadonlyMap<number, readonly Folder[]>;
  selectedId: number | null;
  onSelect: (folder: Folder) => void;
}

export function FolderPane({ accounts, foldersByAccount, selectedId, onSelect }: FolderPaneProps) {
  const { t } = useTranslation();
  const label = (f: Folder): string => (f.specialUse ? t(`folders.${f.specialUse}`) : f.name);

  return (
    <nav className="folder-pane" aria-label={t('folders.pane')}>
      {accounts.map((account) => {
        const rows = orderFolders(foldersByAccount.get(account.id) ?? []);
        const headingId = `account-${account.id}`;
        return (
          <section key={account.id} className="account-block" aria-labelledby={headingId}>
            <h2 id={headingId} className="account-name" title={account.email}>
              {account.displayName || account.email}
              {account.displayName && <span className="account-email">{account.email}</span>}
            </h2>
            {rows.length === 0 ? (
              <p className="folder-empty">{t('folders.empty')}</p>
            ) : (
              <ul className="folder-list">
                {rows.map(({ folder, depth }) => (
                  <li key={folder.id}>
                    <button
                      type="button"
                      className={`folder-button depth-${depth}`}
                      aria-current={folder.id === selectedId ? 'true' : undefined}
                      onClick={() => onSelect(folder)}
                    >
                      <Icon name={folder.specialUse ? SPECIAL_ICON[folder.specialUse] : 'folder'} />
                      <span className="folder-name">{label(folder)}</span>
                      {folder.unread > 0 && (
                        <span
                          className="unread-count"
                          aria-label={t('folders.unread', { count: folder.unread })}
                        >
                          {folder.unread.toLocaleString('en-US')}
                        </span>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </nav>
  );
}
