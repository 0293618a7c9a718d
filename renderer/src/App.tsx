// The three panes (folders, list, reading) between the top bar and the status bar, or the account
// form when there is no account yet.
import { useCallback, useMemo, useState } from 'react';
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
import { SearchBox } from './features/search/SearchBox.js';
import { SearchResults } from './features/search/SearchResults.js';
import { useSearch } from './features/search/useSearch.js';
import { PolicyBanner } from './features/settings/PolicyBanner.js';
import { SettingsPage } from './features/settings/SettingsPage.js';
import { errorMessage } from './i18n/errorMessage.js';
import { ComposeWindow } from './features/compose/ComposeWindow.js';
import { useComposer } from './features/compose/useComposer.js';
import { DraftsPane } from './features/outbox/DraftsPane.js';
import { LocalFolders, type LocalView } from './features/outbox/LocalFolders.js';
import { OutboxPane } from './features/outbox/OutboxPane.js';

const NO_ACCOUNTS: readonly AccountSummary[] = [];

export function App() {
  const client = useApi();
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const { accounts, error, reload } = useAccounts();
  const [adding, setAdding] = useState(false);
  const [chosenFolderId, setChosenFolderId] = useState<number | null>(null);
  const [openedId, setOpenedId] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const search = useSearch();
  const foldersByAccount = useFolders(accounts ?? NO_ACCOUNTS);
  // Compose and the on-device folders (Outbox, drafts) take the list and reading panes' place.
  const composer = useComposer(accounts);
  const [localView, setLocalView] = useState<LocalView | null>(null);

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
    setLocalView(null);
    search.session.clear();
  };
  const openMessage = (m: MessageSummary): void => setOpenedId(m.id);
  const closeMessage = useCallback((): void => setOpenedId(null), []);
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
  } else if (settingsOpen) {
    content = (
      <SettingsPage
        accounts={accounts}
        locale={locale}
        onLocale={changeLocale}
        onClose={() => setSettingsOpen(false)}
        onAddAccount={() => {
          setSettingsOpen(false);
          setAdding(true);
        }}
        onAccountsChanged={reload}
      />
    );
  } else if (showSetup) {
    content = (
      <AccountSetupForm onAdded={accountAdded} onCancel={hasAccounts ? () => setAdding(false) : undefined} />
    );
  } else {
    content = (
      <main className="panes">
        <div className="side-column">
          <LocalFolders
            selected={composer.session ? null : localView}
            onSelect={(v) => {
              composer.close();
              setLocalView(v);
            }}
            onNewMail={() => composer.open({ kind: 'new' })}
          />
          <FolderPane
            accounts={accounts}
            foldersByAccount={foldersByAccount}
            selectedId={localView || composer.session ? null : folderId}
            onSelect={(f) => {
              composer.close();
              selectFolder(f);
            }}
          />
        </div>
        {composer.session ? (
          <ComposeWindow key={composer.session.key} session={composer.session} accounts={accounts} onClose={composer.close} />
        ) : composer.loading || composer.error ? (
          <section className="compose-window compose-placeholder">
            <p className={composer.error ? 'pane-placeholder error' : 'pane-placeholder'} role={composer.error ? 'alert' : undefined}>
              {composer.error ? t('compose.failed', { message: errorMessage(t, composer.error.code) }) : t('compose.loading')}
            </p>
            {composer.error && (
              <button type="button" className="button" onClick={composer.close}>
                {t('compose.close')}
              </button>
            )}
          </section>
        ) : localView === 'outbox' ? (
          <OutboxPane onEditDraft={(id) => composer.open({ kind: 'draft', id })} />
        ) : localView === 'drafts' ? (
          <DraftsPane onOpen={(id) => composer.open({ kind: 'draft', id })} />
        ) : (
          <>
        {search.snapshot.active ? (
          <SearchResults
            snapshot={search.snapshot}
            foldersByAccount={foldersByAccount}
            openedId={openedId}
            onOpen={openMessage}
            onClear={() => search.session.clear()}
          />
        ) : folder ? (
          <MessageList key={folder.id} folder={folder} openedId={openedId} onOpen={openMessage} />
        ) : (
          <section className="list-pane">
            <p className="pane-placeholder">{t('list.noFolder')}</p>
          </section>
        )}
        <ReadingPane
          messageId={openedId}
          foldersByAccount={foldersByAccount}
          onGone={closeMessage}
          onCompose={(mode, messageId) => composer.open({ kind: 'prepare', mode, messageId })}
          onEditDraft={(messageId) => composer.open({ kind: 'serverDraft', messageId })}
        />
          </>
        )}
      </main>
    );
  }

  return (
    <div className="app-shell">
      <div className="app-top">
        <TopBar
          locale={locale}
          onLocale={changeLocale}
          onAddAccount={hasAccounts && !adding ? () => setAdding(true) : undefined}
          onSync={hasAccounts && !adding ? syncAll : undefined}
          search={hasAccounts && !adding && !settingsOpen ? <SearchBox session={search.session} /> : undefined}
          onSettings={accounts !== null && !adding && !settingsOpen ? () => setSettingsOpen(true) : undefined}
        />
        <PolicyBanner onDetails={settingsOpen ? undefined : () => setSettingsOpen(true)} />
      </div>
      {content}
      <StatusBar />
    </div>
  );
}
