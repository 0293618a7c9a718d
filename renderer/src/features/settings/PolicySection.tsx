// The machine policy in force, read-only: where it comes from, its hash, and every setting with a lock
// and the place that locks it (a registry value, the policy file, or the strictest fallback).
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import type { EffectivePolicyView } from '../../../../shared/domain/machinePolicy.js';
import type { Locale } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';
import { Icon } from '../../components/Icon.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { formatSize } from '../../i18n/formatSize.js';
import type { Messages } from '../../i18n/th.js';
import { th } from '../../i18n/th.js';
import { policyKeyId, policySettingRows, type PolicySettingRow, type PolicyValueView } from './policyView.js';

type PolicyKeyId = keyof Messages['policyKeys'];
type PolicyWord = keyof Messages['policyValues'];

const isKeyId = (id: string): id is PolicyKeyId => Object.prototype.hasOwnProperty.call(th.policyKeys, id);
const isWord = (w: string): w is PolicyWord => Object.prototype.hasOwnProperty.call(th.policyValues, w);

export function PolicySection({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const client = useApi();
  const [view, setView] = useState<EffectivePolicyView | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);

  useEffect(() => {
    let live = true;
    void client.call('policy.effective', {}).then((r) => {
      if (!live) return;
      if (r.ok) setView(r.value);
      else setError(r.error.code);
    });
    return () => {
      live = false;
    };
  }, [client]);

  const rows = useMemo(() => (view ? policySettingRows(view) : []), [view]);

  const label = (key: string): string => {
    const id = policyKeyId(key);
    return isKeyId(id) ? t(`policyKeys.${id}`) : key;
  };

  const valueText = (v: PolicyValueView): string => {
    switch (v.kind) {
      case 'list':
        return v.items.length === 0 ? t('policyValues.empty') : v.items.join(', ');
      case 'count':
        return v.count === 0 ? t('policyValues.empty') : t('policyValues.certificates', { count: v.count });
      case 'word':
        return isWord(v.word) ? t(`policyValues.${v.word}`) : v.word;
      case 'days':
        return t('policyValues.days', { count: v.days });
      case 'bytes':
        return formatSize(v.bytes, locale);
      case 'number':
        return String(v.value);
      case 'unset':
        return t(`policyValues.${v.meaning}`);
    }
  };

  const stateCell = (row: PolicySettingRow) =>
    row.lock.locked ? (
      <span className={row.lock.fallback ? 'policy-lock fallback' : 'policy-lock'}>
        <Icon name="lock" />
        <span>
          {row.lock.fallback
            ? t('settings.lockedFallback')
            : t('settings.locked', { source: row.lock.source })}
        </span>
      </span>
    ) : (
      <span className="policy-unlocked">{t('settings.notLocked')}</span>
    );

  return (
    <section className="settings-section" aria-labelledby="settings-policy">
      <h2 id="settings-policy">{t('settings.policy')}</h2>
      <p className="settings-intro">{t('settings.policyIntro')}</p>
      {error && (
        <p className="list-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      {!view && !error && <p className="settings-intro">{t('settings.policyLoading')}</p>}
      {view && (
        <>
          <dl className={view.source === 'invalid' ? 'policy-summary invalid' : 'policy-summary'}>
            <dt>{t('settings.sourceLabel')}</dt>
            <dd className="policy-source" data-source={view.source}>
              {t(`settings.source.${view.source}`, { path: view.path ?? '' })}
            </dd>
            {view.error && (
              <>
                <dt className="visually-hidden">{t('settings.state')}</dt>
                <dd className="policy-error">{view.error}</dd>
              </>
            )}
            <dt>{t('settings.hash')}</dt>
            <dd>
              <code title={view.hash}>{view.hash.slice(0, 16)}…</code>
            </dd>
          </dl>
          <table className="policy-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.setting')}</th>
                <th scope="col">{t('settings.value')}</th>
                <th scope="col">{t('settings.state')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} className={row.lock.locked ? 'locked' : undefined} data-key={row.key}>
                  <th scope="row">
                    {label(row.key)}
                    <span className="policy-key">{row.key}</span>
                  </th>
                  <td>{valueText(row.value)}</td>
                  <td>{stateCell(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
