import { useTranslation } from 'react-i18next';
import type { AttachmentInfo, Locale } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { formatSize } from '../../i18n/formatSize.js';
import { attachmentHostOf, attachmentOffer } from './attachmentActions.js';
import { displayFileName } from './displayFileName.js';
import { useAttachmentActions } from './useAttachmentActions.js';
import './attachments.css';

export function AttachmentList({
  messageId,
  attachments,
  locale,
}: {
  messageId: number;
  attachments: readonly AttachmentInfo[];
  locale: Locale;
}) {
  const { t } = useTranslation();
  const host = attachmentHostOf(window);
  const actions = useAttachmentActions(messageId, host);
  // Inline images with a Content-ID are shown in the body; everything else is listed here.
  const listed = attachments.filter((a) => !(a.inline && a.contentId));
  if (listed.length === 0) return null;
  return (
    <section className="attachments" aria-label={t('reader.attachments', { count: listed.length })}>
      <h3 className="attachments-title">
        <Icon name="paperclip" />
        {t('reader.attachments', { count: listed.length })}
      </h3>
      <ul className="attachment-list">
        {listed.map((a) => {
          const name = displayFileName(a.filename);
          const offer = attachmentOffer(a.filename, a.size, host);
          const dangerous = offer.warnings.length > 0;
          const warning = offer.warnings.map((w) => t(`attachmentCare.reason.${w}`)).join(' ');
          const busy = actions.busy === a.index;
          return (
            <li key={a.index} className={dangerous ? 'attachment dangerous' : 'attachment'} data-index={a.index}>
              {dangerous && (
                <span className="attachment-warning" role="img" aria-label={warning} title={warning}>
                  <Icon name="alert" />
                </span>
              )}
              <span className="attachment-name" dir="auto">
                {name}
              </span>
              <span className="attachment-size">{formatSize(a.size, locale)}</span>
              {offer.canOpen && (
                <button
                  type="button"
                  className="button secondary small attachment-open"
                  disabled={busy}
                  onClick={() => actions.open(a.index)}
                  aria-label={t('attachmentCare.openNamed', { name })}
                >
                  {t('attachmentCare.open')}
                </button>
              )}
              {offer.canSave && (
                <button
                  type="button"
                  className="button secondary small attachment-save"
                  disabled={busy}
                  onClick={() => actions.save(a.index)}
                  aria-label={t('attachmentCare.saveNamed', { name })}
                >
                  {t('attachmentCare.save')}
                </button>
              )}
              {dangerous && <span className="attachment-note">{t('attachmentCare.saveOnly')}</span>}
              {offer.tooLargeForBrowser && <span className="attachment-note">{t('attachmentCare.tooLarge')}</span>}
              {actions.error?.index === a.index && (
                <span className="attachment-error" role="alert">
                  {t('attachmentCare.failed', { message: errorMessage(t, actions.error.code) })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
