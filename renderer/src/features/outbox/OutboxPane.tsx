// The Outbox (กล่องจดหมายออก, issue 5 §2): every message not yet filed in Sent with its state, why it
// waits, failed or is held, when it is tried again, and what the user can do: cancel, edit (back into a
// draft), retry a failure, and for an uncertain message the explicit choice the core will never make by
// itself: send again, or it was sent.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '../../../../shared/contract/result.js';
import type { OutboxItem } from '../../../../shared/domain/compose.js';
import type { Locale } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';
import { createDateFormatter } from '../../i18n/formatDate.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { useOutbox } from './useOutbox.js';

const CANCELLABLE = new Set(['queued', 'failed', 'held', 'uncertain']);

export function OutboxPane({ onEditDraft }: { onEditDraft: (draftId: number) => void }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const dates = useMemo(() => createDateFormatter(locale), [locale]);
  const client = useApi();
  const [showDone, setShowDone] = useState(false);
  const { items } = useOutbox(showDone);
  const [error, setError] = useState<ApiError | null>(null);

  const act = (call: Promise<Result<unknown>>, then?: (value: unknown) => void): void => {
    void call.then((r) => {
      setError(r.ok ? null : r.error);
      if (r.ok) then?.(r.value);
    });
  };

  const actions = (item: OutboxItem) => (
    <div className="outbox-actions">
      {item.state === 'uncertain' && (
        <>
          <button type="button" className="button primary" data-action="send-again" onClick={() => act(client.call('outbox.resolve', { id: item.id, action: 'send' }))}>
            {t('outbox.sendAgain')}
          </button>
          <button type="button" className="button secondary" data-action="was-sent" onClick={() => act(client.call('outbox.resolve', { id: item.id, action: 'discard' }))}>
            {t('outbox.wasSent')}
          </button>
        </>
      )}
      {item.state === 'failed' && (
        <button type="button" className="button secondary" data-action="retry" onClick={() => act(client.call('outbox.resolve', { id: item.id, action: 'send' }))}>
          {t('outbox.retry')}
        </button>
      )}
      {CANCELLABLE.has(item.state) && (
        <>
          <button
            type="button"
            className="button secondary"
            data-action="edit"
            onClick={() => act(client.call('drafts.fromOutbox', { id: item.id }), (d) => onEditDraft((d as { id: number }).id))}
          >
            {t('outbox.edit')}
          </button>
          {item.state !== 'uncertain' && (
            <button type="button" className="button secondary danger-text" data-action="cancel" onClick={() => act(client.call('outbox.cancel', { id: item.id }))}>
              {t('outbox.cancel')}
            </button>
          )}
        </>
      )}
    </div>
  );

  return (
    <section className="local-pane" aria-label={t('outbox.title')}>
      <header className="list-header">
        <h2 className="list-title">{t('outbox.title')}</h2>
        <label className="outbox-done">
          <input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} />
          {t('outbox.showDone')}
        </label>
      </header>
      {error && (
        <p className="list-error" role="alert">
          {t('outbox.failed', { message: errorMessage(t, error.code) })}
        </p>
      )}
      {items !== null && items.length === 0 && <p className="list-empty">{t('outbox.empty')}</p>}
      <ul className="outbox-list">
        {(items ?? []).map((item) => (
          <li key={item.id} className={`outbox-item state-${item.state}`} data-outbox-id={item.id} data-state={item.state}>
            <div className="outbox-line">
              <span className={`state-badge badge-${item.state}`}>{t(`outbox.state.${item.state}`)}</span>
              <strong className="outbox-subject">{item.subject}</strong>
              <span className="outbox-date">{dates.full(item.updatedAt)}</span>
            </div>
            <div className="outbox-to">{t('outbox.to', { list: [...item.to, ...item.cc, ...item.bcc].join(', ') })}</div>
            {item.state === 'uncertain' && <p className="outbox-reason">{t('outbox.uncertain')}</p>}
            {item.lastError && item.state !== 'uncertain' && (
              <p className="outbox-reason">
                {errorMessage(t, item.lastError.code)} — {item.lastError.message}
              </p>
            )}
            {item.nextAttemptAt !== null && item.state === 'queued' && (
              <p className="outbox-retry">
                {t('outbox.retryAt', { time: dates.full(item.nextAttemptAt) })} · {t('outbox.attempts', { count: item.attempts })}
              </p>
            )}
            {item.rejected.length > 0 && <p className="outbox-reason">{t('outbox.rejected', { list: item.rejected.map((r) => `${r.address} (${r.message})`).join(', ') })}</p>}
            {actions(item)}
          </li>
        ))}
      </ul>
    </section>
  );
}
