// Change of passphrase (passphrase mode only): the core rewraps the same database key under the new
// passphrase (profile.changePassphrase); nothing in the database is rewritten.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import { useApi } from '../../api/ApiContext.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { MIN_PASSPHRASE_LENGTH, passphraseProblem, type PassphraseProblem } from './profileCare.js';

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'invalid'; problem: PassphraseProblem } | { kind: 'error'; code: ErrorCode };

export function ChangePassphraseForm() {
  const { t } = useTranslation();
  const client = useApi();
  const [oldPassphrase, setOld] = useState('');
  const [newPassphrase, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = passphraseProblem({ oldPassphrase, newPassphrase, confirm });
    if (problem) return setOutcome({ kind: 'invalid', problem });
    setOutcome({ kind: 'busy' });
    void client.call('profile.changePassphrase', { oldPassphrase, newPassphrase }).then((r) => {
      if (!r.ok) return setOutcome({ kind: 'error', code: r.error.code });
      setOld('');
      setNew('');
      setConfirm('');
      return setOutcome({ kind: 'done' });
    });
  };

  return (
    <form className="profile-passphrase" onSubmit={submit} noValidate>
      <h3>{t('profileCare.passphraseTitle')}</h3>
      <p className="settings-intro">{t('profileCare.passphraseIntro')}</p>
      <label className="profile-field">
        <span>{t('profileCare.oldPassphrase')}</span>
        <input id="old-passphrase" type="password" autoComplete="current-password" value={oldPassphrase} onChange={(e) => setOld(e.target.value)} />
      </label>
      <label className="profile-field">
        <span>{t('profileCare.newPassphrase')}</span>
        <input id="new-passphrase" type="password" autoComplete="new-password" value={newPassphrase} onChange={(e) => setNew(e.target.value)} />
      </label>
      <label className="profile-field">
        <span>{t('profileCare.confirmPassphrase')}</span>
        <input id="confirm-passphrase" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </label>
      <button type="submit" className="button small" disabled={outcome.kind === 'busy'}>
        {outcome.kind === 'busy' ? t('profileCare.changing') : t('profileCare.change')}
      </button>
      {outcome.kind === 'done' && (
        <p className="profile-result ok" role="status">
          {t('profileCare.changed')}
        </p>
      )}
      {outcome.kind === 'invalid' && (
        <p className="profile-result bad" role="alert">
          {t(`profileCare.problem.${outcome.problem}`, { min: MIN_PASSPHRASE_LENGTH })}
        </p>
      )}
      {outcome.kind === 'error' && (
        <p className="profile-result bad" role="alert">
          {errorMessage(t, outcome.code)}
        </p>
      )}
    </form>
  );
}
