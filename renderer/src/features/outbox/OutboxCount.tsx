import { useTranslation } from 'react-i18next';
import { useOutbox } from './useOutbox.js';

/** The status bar's outbox count: messages not yet filed in Sent (queued, sending, failed, held, …). */
export function OutboxCount() {
  const { t } = useTranslation();
  const { items } = useOutbox();
  const n = items?.length ?? 0;
  if (n === 0) return null;
  const trouble = items?.some((i) => i.state === 'failed' || i.state === 'held' || i.state === 'uncertain') ?? false;
  return <span className={trouble ? 'status-outbox status-error' : 'status-outbox'}>{t('outbox.count', { count: n })}</span>;
}
