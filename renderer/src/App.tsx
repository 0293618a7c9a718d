// The three panes (folders, list, reading) between the top bar and the status bar, or the account
// form when there is no account yet.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, Folder, Locale, MessageSummary } from '../../shared/domain/schemas.js';
import { useApi } from './api/ApiContext.js';
import { StatusBar } from './components/StatusBar.js';
import { TopBar } from './components/TopBar.js';
import { AccountSetupForm } from './features/accounts/AccountSetupForm.js';
import { useAccounts } from './features/accounts/useAccounts.js';
import { defaultFolderId } from './features/mailbox/folderOrder.js';
import { FolderPane } from './features/mailbox/FolderPane.js';
import { MessageList } from './features/mailbox/MessageList.js';
import { useFolders } from './features/mailbox/useFolders.js';
import { ReadingPane } from './features/reader/ReadingPane.js';
import { errorMessage } from './i18n/errorMessage.js';

const NO_ACCOUNTS: readonly AccountSummary[] = [];

export function App() {
  const client = useApi();
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const { accounts, error, reload } = useAccounts();
  const [adding, setAdding] = useState(false);
  const [chosenFolderId, setChosenFolderId] = useState<number | null>(null);
  const [openedId, setOpenedId] = useState<number | null>(null);
  const foldersByAccount = useFolders(accounts ?? NO_ACCOUNTS);

  const allFolders = useMemo(() => [...foldersByAccount.values()].flat(), [foldersByAccount]);
  const folderId =
    chosenFolderId !== null && allFolders.some((f) => f.id === chosenFolderId)
      ? chosenFolderId
      : defaultFolderId(
          (accounts ?? NO_ACCOUNTS).map((a) => a.id),
          foldersByAccount,
        );
  const folder = allFolders.find((f) => f.id === folderId) ?? null;

  const changeLocale = (next: Locale): void => {
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
    void client.call('settings.setLocale', { locale: next });
  };
  const syncAll = (): void => {
    for (const a of accounts ?? NO_ACCOUNTS) void client.call('sync.now', { accountId: a.id });
  };
  const selectFolder = (f: Folder): void => {
    setChosenFolderId(f.id);
    setOpenedId(null);
  };
  const openMessage = (m: MessageSummary): void => setOpenedId(m.id);
  const accountAdded = (): void => {
    setAdding(false);
    setChosenFolderId(null);
    reload();
  };

  const hasAccounts = accounts !== null && accounts.length > 0;
  const showSetup = accounts !== null && (!hasAccounts || adding);

  let content;
  if (accounts === null) {
    content = (
      <main className="center-page">
        {error ? (
          <div className="start-error" role="alert">
            <p>{t('app.startFailed', { message: errorMessage(t, error) })}</p>
            <button type="button" className="button primary" onClick={reload}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <p className="pane-placeholder">{t('app.loading')}</p>
        )}
      </main>
    );
  } else if (showSetup) {
    content = (
      <AccountSetupForm onAdded={accountAdded} onCancel={hasAccounts ? () => setAdding(false) : undefined} />
    );
  } else {
    content = (
      <main className="panes">
        <FolderPane
          accounts={accounts}
          foldersByAccount={foldersByAccount}
          selectedId={folderId}
          onSelect={selectFolder}
        />
        {folder ? (
          <MessageList key={folder.id} folder={folder} openedId={openedId} onOpen={openMessage} />
        ) : (
          <section className="list-pane">
            <p className="pane-placeholder">{t('list.noFolder')}</p>
          </section>
        )}
        <ReadingPane messageId={openedId} />
      </main>
    );
  }

  return (
    <div className="app-shell">
      <TopBar
        locale={locale}
        onLocale={changeLocale}
        onAddAccount={hasAccounts && !adding ? () => setAdding(true) : undefined}
        onSync={hasAccounts && !adding ? syncAll : undefined}
      />
      {content}
      <StatusBar />
    </div>
  );
}
