import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/domain/schemas.js';
import { Icon } from './Icon.js';

export interface TopBarProps {
  locale: Locale;
  onLocale: (locale: Locale) => void;
  /** Absent while the account form is the whole screen. */
  onAddAccount?: () => void;
  onSync?: () => void;
  /** The search box (features/search), absent while there is nothing to search. */
  search?: ReactNode;
  onSettings?: () => void;
}

const LOCALES: readonly Locale[] = ['th', 'en'];

export function TopBar({ locale, onLocale, onAddAccount, onSync, search, onSettings }: TopBarProps) {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <div className="brand">
        <Icon name="shield" className="brand-icon" />
        <span className="brand-name">รักษา</span>
        <span className="brand-sub">Raksa Mail</span>
      </div>
      {search}
      <div className="top-actions">
        {onSync && (
          <button type="button" className="top-button" onClick={onSync}>
            <Icon name="refresh" />
            <span>{t('app.syncNow')}</span>
          </button>
        )}
        {onAddAccount && (
          <button type="button" className="top-button" onClick={onAddAccount}>
            <Icon name="userPlus" />
            <span>{t('app.addAccount')}</span>
          </button>
        )}
        {onSettings && (
          <button type="button" className="top-button icon-only" onClick={onSettings} title={t('settings.open')}>
            <Icon name="settings" />
            <span className="visually-hidden">{t('settings.open')}</span>
          </button>
        )}
        <div className="lang-switch" role="group" aria-label={t('app.language')}>
          {LOCALES.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              className="lang-button"
              aria-pressed={locale === l}
              onClick={() => onLocale(l)}
            >
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
