import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { buildFrameDocument } from './frameDocument.js';
import { frameFontCss } from './frameFontCss.js';
import { sanitizeHtml } from './sanitizeHtml.js';

export function MessageBody({ view, lang }: { view: MessageView; lang: string }) {
  const { t } = useTranslation();
  const sanitized = useMemo(
    () => (view.html === null ? null : sanitizeHtml(view.html, view.inlineImages, { window })),
    [view],
  );

  if (sanitized) {
    return (
      <>
        {sanitized.blockedRemote > 0 && (
          <p className="remote-notice" role="note">
            <Icon name="shield" />
            {t('reader.blockedRemote', { count: sanitized.blockedRemote })}
          </p>
        )}
        {/* sandbox="" (empty): no scripts, no same-origin, no forms, no popups, no top navigation. */}
        <iframe
          className="message-frame"
          title={t('reader.frameTitle')}
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={buildFrameDocument(sanitized.html, lang, frameFontCss)}
        />
      </>
    );
  }
  if (view.text !== null && view.text !== '') {
    // Plain text stays text: React escapes it and nothing becomes a live link.
    return <pre className="plain-body">{view.text}</pre>;
  }
  return <p className="no-body">{t('reader.noBody')}</p>;
}
