import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/domain/schemas.js';
import { createDateFormatter } from '../../i18n/formatDate.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { AttachmentList } from './AttachmentList.js';
import { MessageBody } from './MessageBody.js';
import { MessageHeader } from './MessageHeader.js';
import { useMessage } from './useMessage.js';

export function ReadingPane({ messageId }: { messageId: number | null }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const dates = useMemo(() => createDateFormatter(locale), [locale]);
  const state = useMessage(messageId);

  return (
    <section className="reading-pane" aria-label={t('reader.region')} aria-busy={state.kind === 'loading'}>
      {state.kind === 'none' && <p className="pane-placeholder">{t('reader.empty')}</p>}
      {state.kind === 'loading' && <p className="pane-placeholder">{t('reader.loading')}</p>}
      {state.kind === 'error' && (
        <p className="pane-placeholder error" role="alert">
          {t('reader.failed', { message: errorMessage(t, state.error.code) })}
        </p>
      )}
      {state.kind === 'ready' && (
        <article className="message" key={state.view.summary.id}>
          <MessageHeader view={state.view} dateText={dates.full(state.view.summary.date)} />
          <AttachmentList attachments={state.view.attachments} locale={locale} />
          <MessageBody view={state.view} lang={locale} />
        </article>
      )}
    </section>
  );
}
