// The settings page (a full pane in place of the mail panes): language, mail accounts (edit, remove) and
// the organisation's policy, read-only, each locked setting shown with the place that locks it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, Locale } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { AccountSetupForm } from '../accounts/AccountSetupForm.js';
import { PolicySection } from './PolicySection.js';
import { ProfileSection } from './ProfileSection.js';
import { RemoveAccountDialog } from './RemoveAccountDialog.js';
import './settings.css';

export interface SettingsPageProps {
  accounts: readonly AccountSummary[];
  locale: Locale;
  onLocale: (locale: Locale) => void;
  onClose: () => void;
  onAddAccount: () => void;
  /** An account was edited or removed: the caller reloads its list (the core also sends accounts.changed). */
  onAccountsChanged: () => void;
}

const LOCALES: readonly Locale[] = ['th', 'en'];

export function SettingsPage(p: SettingsPageProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<AccountSummary | null>(null);
  const [removing, setRemoving] = useState<AccountSummary | null>(null);

  if (editing) {
    return (
      <AccountSetupForm
        key={editing.id}
        account={editing}
        onAdded={() => {
          setEditing(null);
          p.onAccountsChanged();
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }

  return (
    <main className="settings-page" aria-labelledby="settings-title">
      <div className="settings-card">
        <header className="settings-header">
          <h1 id="settings-title">
            <Icon name="settings" />
            {t('settings.title')}
          </h1>
          <button type="button" className="button secondary" onClick={p.onClose}>
            {t('settings.back')}
          </button>
        </header>

        <section className="settings-section" aria-labelledby="settings-language">
          <h2 id="settings-language">{t('settings.language')}</h2>
          <div className="settings-choices" role="radiogroup" aria-labelledby="settings-language">
            {LOCALES.map((l) => (
              <label key={l} className="settings-choice" lang={l}>
                <input
                  type="radio"
                  name="settings-locale"
                  value={l}
                  checked={p.locale === l}
                  onChange={() => p.onLocale(l)}
                />
                {t(`lang.${l}`)}
              </label>
            ))}
          </div>
        </section>

        <section className="settings-section" aria-labelledby="settings-accounts">
          <h2 id="settings-accounts">{t('settings.accounts')}</h2>
          {p.accounts.length === 0 ? (
            <p className="settings-intro">{t('settings.noAccounts')}</p>
          ) : (
            <ul className="settings-accounts">
              {p.accounts.map((a) => (
                <li key={a.id} className="settings-account" data-account-id={a.id}>
                  <div className="settings-account-text">
                    <span className="settings-account-name">{a.displayName || a.email}</span>
                    <span className="settings-account-detail">
                      {a.email} · IMAP {a.imap.host}:{a.imap.port} · SMTP {a.smtp.host}:{a.smtp.port}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => setEditing(a)}
                    aria-label={`${t('settings.edit')} ${a.email}`}
                  >
                    <Icon name="edit" />
                    {t('settings.edit')}
                  </button>
                  <button
                    type="button"
                    className="button secondary small danger-text"
                    onClick={() => setRemoving(a)}
                    aria-label={`${t('settings.remove')} ${a.email}`}
                  >
                    <Icon name="trash" />
                    {t('settings.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button secondary small" onClick={p.onAddAccount}>
            <Icon name="userPlus" />
            {t('app.addAccount')}
          </button>
        </section>

        <ProfileSection />

        <PolicySection locale={p.locale} />
      </div>
      {removing && (
        <RemoveAccountDialog
          account={removing}
          onClose={(removed) => {
            setRemoving(null);
            if (removed) p.onAccountsChanged();
          }}
        />
      )}
    </main>
  );
}
