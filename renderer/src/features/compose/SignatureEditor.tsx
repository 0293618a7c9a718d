// The signature of one account (settings.getSignature/setSignature): plain text, put under new messages,
// replies and forwards when they open (useComposer). Edited here, next to where it is used.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';

export function SignatureEditor({ account, onInsert, canInsert }: { account: AccountSummary; onInsert: (signature: string) => void; canInsert: boolean }) {
  const { t } = useTranslation();
  const client = useApi();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!open) return undefined;
    let live = true;
    void client.call('settings.getSignature', { accountId: account.id }).then((r) => {
      if (live && r.ok) setText(r.value);
    });
    return () => {
      live = false;
    };
  }, [client, account.id, open]);

  return (
    <span className="signature-editor">
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('compose.editSignature')}
      </button>
      {open && (
        <div className="signature-panel">
          <label htmlFor={id}>{t('compose.signatureFor', { email: account.email })}</label>
          <textarea id={id} rows={4} value={text} onChange={(e) => { setText(e.target.value); setSaved(false); }} />
          <div className="signature-actions">
            <button
              type="button"
              className="button secondary"
              onClick={() => void client.call('settings.setSignature', { accountId: account.id, signature: text }).then((r) => setSaved(r.ok))}
            >
              {t('compose.signatureSave')}
            </button>
            {canInsert && text.trim() && (
              <button type="button" className="button secondary" onClick={() => onInsert(text.trim())}>
                {t('compose.insertSignature')}
              </button>
            )}
            {saved && <span role="status">{t('compose.signatureSaved')}</span>}
          </div>
        </div>
      )}
    </span>
  );
}
