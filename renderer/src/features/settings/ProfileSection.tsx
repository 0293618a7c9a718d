// The settings page's Profile section (docs/storage.md): change of passphrase when the key is protected by
// one, a check of the local database, and, when the check finds damage, a rebuild from the server that
// keeps the local-only data (accounts, outbox, drafts, audit log, queued actions) and downloads the rest.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import type { ProfileInfo } from '../../../../shared/domain/attachmentData.js';
import { useApi } from '../../api/ApiContext.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { ChangePassphraseForm } from './ChangePassphraseForm.js';
import { integrityView, recoverySummary, type IntegrityView, type RecoverySummary } from './profileCare.js';
import './profile.css';

type Check = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; view: IntegrityView } | { kind: 'error'; code: ErrorCode };
type Rebuild =
  | { kind: 'idle' }
  | { kind: 'confirming' }
  | { kind: 'busy' }
  | { kind: 'done'; summary: RecoverySummary }
  | { kind: 'error'; code: ErrorCode };

export function ProfileSection() {
  const { t } = useTranslation();
  const client = useApi();
  const [info, setInfo] = useState<ProfileInfo | null>(null);
  const [check, setCheck] = useState<Check>({ kind: 'idle' });
  const [rebuild, setRebuild] = useState<Rebuild>({ kind: 'idle' });

  useEffect(() => {
    let live = true;
    void client.call('profile.info', {}).then((r) => {
      if (live && r.ok) setInfo(r.value);
    });
    return () => {
      live = false;
    };
  }, [client]);

  const runCheck = () => {
    setCheck({ kind: 'busy' });
    setRebuild({ kind: 'idle' });
    // full: the user asked for it, so the slower check that also cross-checks the indexes is worth it.
    void client.call('profile.checkIntegrity', { kind: 'full' }).then((r) =>
      setCheck(r.ok ? { kind: 'done', view: integrityView(r.value) } : { kind: 'error', code: r.error.code }),
    );
  };

  const runRebuild = () => {
    setRebuild({ kind: 'busy' });
    void client.call('profile.recover', {}).then((r) =>
      setRebuild(r.ok ? { kind: 'done', summary: recoverySummary(r.value) } : { kind: 'error', code: r.error.code }),
    );
  };

  const damaged = check.kind === 'done' && check.view.kind === 'damaged' ? check.view : null;

  return (
    <section className="settings-section profile-section" aria-labelledby="settings-profile">
      <h2 id="settings-profile">{t('profileCare.title')}</h2>
      <p className="settings-intro">
        {info === null ? '' : t(info.keyProtection === 'passphrase' ? 'profileCare.modePassphrase' : 'profileCare.modeOs')}
      </p>
      {info?.keyProtection === 'passphrase' && <ChangePassphraseForm />}

      <h3>{t('profileCare.checkTitle')}</h3>
      <p className="settings-intro">{t('profileCare.checkIntro')}</p>
      <button type="button" className="button secondary small profile-check" disabled={check.kind === 'busy'} onClick={runCheck}>
        {check.kind === 'busy' ? t('profileCare.checking') : t('profileCare.check')}
      </button>
      {check.kind === 'done' && check.view.kind === 'healthy' && (
        <p className="profile-result ok" role="status">
          {t('profileCare.healthy')}
        </p>
      )}
      {check.kind === 'error' && (
        <p className="profile-result bad" role="alert">
          {t('profileCare.checkFailed', { message: errorMessage(t, check.code) })}
        </p>
      )}
      {damaged && (
        <div className="profile-damage" role="alert">
          <p className="profile-result bad">{t('profileCare.damaged', { count: damaged.problems.length })}</p>
          <details>
            <summary>{t('profileCare.details')}</summary>
            <ul>
              {damaged.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </details>
          <p>{t('profileCare.rebuildExplain')}</p>
          {rebuild.kind === 'idle' && (
            <button type="button" className="button small profile-rebuild" onClick={() => setRebuild({ kind: 'confirming' })}>
              {t('profileCare.rebuild')}
            </button>
          )}
          {rebuild.kind === 'confirming' && (
            <div className="profile-confirm">
              <p>{t('profileCare.rebuildConfirm')}</p>
              <button type="button" className="button small danger profile-rebuild-confirm" onClick={runRebuild}>
                {t('profileCare.rebuildYes')}
              </button>
              <button type="button" className="button secondary small" onClick={() => setRebuild({ kind: 'idle' })}>
                {t('profileCare.cancel')}
              </button>
            </div>
          )}
        </div>
      )}
      {rebuild.kind === 'busy' && <p role="status">{t('profileCare.rebuilding')}</p>}
      {rebuild.kind === 'done' && (
        <p className="profile-result ok" role="status">
          {t('profileCare.rebuilt', {
            kept: rebuild.summary.kept,
            lost: rebuild.summary.lost,
            accounts: rebuild.summary.accounts,
            movedTo: rebuild.summary.movedTo,
          })}
        </p>
      )}
      {rebuild.kind === 'error' && (
        <p className="profile-result bad" role="alert">
          {rebuild.code === 'STORE_UNAVAILABLE' ? t('profileCare.rebuildAtStart') : t('profileCare.rebuildFailed', { message: errorMessage(t, rebuild.code) })}
        </p>
      )}
    </section>
  );
}
