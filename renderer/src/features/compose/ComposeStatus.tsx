import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/errorMessage.js';
import type { DraftStatus } from './useDraftAutosave.js';

/** The line under compose: where the draft is (this device, the server) and why sending stopped. */
export function ComposeStatus({ status, error }: { status: DraftStatus; error: string | null }) {
  const { t, i18n } = useTranslation();
  const time = (ms: number): string =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'th-TH-u-ca-buddhist', { hour: '2-digit', minute: '2-digit' }).format(ms);
  let draft = '';
  if (status.kind === 'saving') draft = t('compose.draftSaving');
  else if (status.kind === 'saved')
    draft = status.item.onServer ? t('compose.draftSavedServer', { time: time(status.at) }) : t('compose.draftSavedLocal', { time: time(status.at) });
  else if (status.kind === 'failed') draft = t('compose.draftFailed', { message: errorMessage(t, status.error.code) });
  return (
    <footer className="compose-status">
      <span className="draft-status" role="status" data-state={status.kind === 'saved' ? (status.item.onServer ? 'server' : 'local') : status.kind}>
        {draft}
      </span>
      {error && (
        <span className="send-error" role="alert">
          {error}
        </span>
      )}
    </footer>
  );
}
