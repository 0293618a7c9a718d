// Confirmation before an account is removed: removal deletes its cached mail and its unsent outbox on this
// computer, which cannot be undone, so the dialog says so and the safe choice (Cancel) has the focus.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import type { AccountSummary } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';
import { Icon } from '../../components/Icon.js';
import { errorMessage } from '../../i18n/errorMessage.js';

export interface RemoveAccountDialogProps {
  account: AccountSummary;
  onClose: (removed: boolean) => void;
}

export function RemoveAccountDialog({ account, onClose }: RemoveAccountDialogProps) {
  const { t } = useTranslation();
  const client = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await client.call('accounts.remove', { id: account.id });
    setBusy(false);
    if (r.ok) onClose(true);
    else setError(r.error.code);
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby="remove-title"
      aria-describedby="remove-warning"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose(false);
      }}
    >
      <h2 id="remove-title" className="confirm-title">
        <Icon name="alert" />
        {t('settings.removeTitle', { email: account.email })}
      </h2>
      <p id="remove-warning" className="confirm-text">
        {t('settings.removeWarning')}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      <div className="form-actions">
        <button
          ref={cancelRef}
          type="button"
          className="button secondary"
          onClick={() => onClose(false)}
          disabled={busy}
        >
          {t('settings.cancel')}
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => void remove()}
          disabled={busy}
          aria-busy={busy}
        >
          {busy ? t('settings.removing') : t('settings.removeConfirm')}
        </button>
      </div>
    </dialog>
  );
}
