import { useTranslation } from 'react-i18next';
import type { AttachmentInfo, Locale } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { formatSize } from '../../i18n/formatSize.js';
import { displayFileName } from './displayFileName.js';

export function AttachmentList({
  attachments,
  locale,
}: {
  attachments: readonly AttachmentInfo[];
  locale: Locale;
}) {
  const { t } = useTranslation();
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
        {listed.map((a) => (
          <li key={a.index} className="attachment">
            <span className="attachment-name">{displayFileName(a.filename)}</span>
            <span className="attachment-size">{formatSize(a.size, locale)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
