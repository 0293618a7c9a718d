// The red banner of a message with Saraban markings (docs/markings.md), drawn by React above the message
// frame from the X-Raksa-* headers or the subject prefix (MessageView.markings), never from the body.
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';

export function MarkingsBanner({ markings }: { markings: MessageView['markings'] }) {
  const { t } = useTranslation();
  if (!markings) return null;
  const parts = [
    ...(markings.classification !== 'none' ? [t(`markings.classification.${markings.classification}`)] : []),
    ...(markings.urgency !== 'none' ? [t(`markings.urgency.${markings.urgency}`)] : []),
  ];
  return (
    <div className="markings-banner" role="note" aria-label={t('markings.banner')} data-classification={markings.classification} data-urgency={markings.urgency}>
      <Icon name="shield" />
      {parts.length > 0 && <strong className="markings-classes">{parts.join(' · ')}</strong>}
      {markings.documentNumber && <span className="markings-number">{t('markings.documentNumber', { number: markings.documentNumber })}</span>}
    </div>
  );
}
