// Drafts kept on this device (the encrypted database; each also copied to the server's Drafts folder).
// Opening one reopens compose with its attachments and markings.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';
import { createDateFormatter } from '../../i18n/formatDate.js';
import { Icon } from '../../components/Icon.js';
import { useDrafts } from './useDrafts.js';

export function DraftsPane({ onOpen }: { onOpen: (draftId: number) => void }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const dates = useMemo(() => createDateFormatter(locale), [locale]);
  const client = useApi();
  const drafts = useDrafts();
  return (
    <section className="local-pane" aria-label={t('drafts.title')}>
      <header className="list-header">
        <h2 className="list-title">{t('drafts.title')}</h2>
      </header>
      {drafts !== null && drafts.length === 0 && <p className="list-empty">{t('drafts.empty')}</p>}
      <ul className="outbox-list">
        {(drafts ?? []).map((d) => (
          <li key={d.id} className="outbox-item draft-item" data-draft-id={d.id}>
            <div className="outbox-line">
              {d.classification !== 'none' && <span className="state-badge badge-held">{t(`markings.classification.${d.classification}`)}</span>}
              {d.urgency !== 'none' && <span className="state-badge badge-failed">{t(`markings.urgency.${d.urgency}`)}</span>}
              <button type="button" className="link-button outbox-subject" onClick={() => onOpen(d.id)}>
                {d.subject || t('drafts.noSubject')}
              </button>
              <span className="outbox-date">{dates.full(d.updatedAt)}</span>
            </div>
            <div className="outbox-to">{d.to.length ? d.to.join(', ') : t('drafts.noRecipients')}</div>
            <div className="outbox-actions">
              <span className={d.onServer ? 'draft-where on-server' : 'draft-where'}>{d.onServer ? t('drafts.onServer') : t('drafts.localOnly')}</span>
              {d.attachments > 0 && (
                <span className="draft-where">
                  <Icon name="paperclip" /> {d.attachments}
                </span>
              )}
              <button type="button" className="button secondary" onClick={() => onOpen(d.id)}>
                {t('drafts.open')}
              </button>
              <button type="button" className="button secondary danger-text" onClick={() => void client.call('drafts.delete', { id: d.id })}>
                {t('drafts.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
