import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../../shared/domain/schemas.js';
import { errorMessage } from '../i18n/errorMessage.js';
import { useAppStatus } from './useAppStatus.js';
import { OutboxCount } from '../features/outbox/OutboxCount.js';

export function StatusBar() {
  const { t } = useTranslation();
  const { status, progress, transportUp } = useAppStatus();
  const connection: ConnectionState = !transportUp
    ? 'offline'
    : progress
      ? 'syncing'
      : (status?.connection ?? 'offline');
  const percent =
    progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;

  return (
    <footer className="status-bar" role="status" aria-label={t('status.region')} aria-live="polite">
      <span className={`status-dot status-${connection}`} aria-hidden="true" />
      <span className="status-state">{t(`status.${connection}`)}</span>
      {progress && (
        <span className="status-progress">
          {progress.phase === 'bodies'
            ? t('status.bodies', { done: progress.done, total: progress.total })
            : t('status.progress', { folder: progress.folderPath, done: progress.done, total: progress.total })}
          {percent !== null && (
            <progress className="status-meter" max={100} value={percent} aria-label={t('status.syncing')} />
          )}
        </span>
      )}
      {status !== null && status.queuedActions > 0 && (
        <span className="status-queued">{t('status.queued', { count: status.queuedActions })}</span>
      )}
      <OutboxCount />
      <span className="status-spacer" />
      {status?.lastError && (
        <span className="status-error">
          {t('status.lastError', { message: errorMessage(t, status.lastError.code) })}
        </span>
      )}
    </footer>
  );
}
