// Issue 5 §5: while the machine policy is invalid, a red banner on every start says that the strictest
// settings apply and why, until IT fixes it. It cannot be dismissed: the condition is the machine's, not
// the user's to acknowledge away.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.js';
import { Icon } from '../../components/Icon.js';
import { useAppStatus } from '../../components/useAppStatus.js';
import './settings.css';

export interface PolicyBannerProps {
  /** Opens the settings page, where the policy in force is listed. */
  onDetails?: (() => void) | undefined;
}

export function PolicyBanner({ onDetails }: PolicyBannerProps) {
  const { t } = useTranslation();
  const client = useApi();
  // AppStatus.policyProblem: the core's own sentence, shown as is when the detail cannot be read.
  const problem = useAppStatus().status?.policyProblem ?? null;
  const [detail, setDetail] = useState<string | null>(null);

  useEffect(() => {
    if (problem === null) return;
    let live = true;
    // The effective policy names what is wrong and where (file and key); the status only says that it is.
    void client.call('policy.effective', {}).then((r) => {
      if (live && r.ok) setDetail(r.value.error);
    });
    return () => {
      live = false;
    };
  }, [client, problem]);

  if (problem === null) return null;
  return (
    <div className="policy-banner" role="alert">
      <Icon name="alert" />
      <div className="policy-banner-text">
        <strong>{t('policy.problem', { detail: detail ?? problem })}</strong>
        <span>{t('policy.problemHint')}</span>
      </div>
      {onDetails && (
        <button type="button" className="policy-banner-button" onClick={onDetails}>
          {t('policy.details')}
        </button>
      )}
    </div>
  );
}
