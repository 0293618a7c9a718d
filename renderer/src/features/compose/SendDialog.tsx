// The send dialog (issue 5 §3; model: FlexConfirmMail for Thunderbird). It only previews: the core judges
// again at send.submit and refuses anything the user did not confirm.
// - warn: recipients grouped by domain (outside government, free webmail apart), each group ticked;
// - justify: the same plus a written reason (recorded in the audit log);
// - block: no way through; says why for each recipient and who to ask;
// - a lowered secrecy class: a written reason too (audit `classification-downgrade`).
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SendPreview } from '../../../../shared/domain/compose.js';
import type { Classification } from '../../../../shared/policy/types.js';
import { Icon } from '../../components/Icon.js';
import { reasonText } from './reasonText.js';
import { confirmationKeys, dialogGroups, needsEncryption, type DomainGroup } from './sendDecision.js';

export interface SendAnswers {
  readonly justification?: string;
  readonly downgradeJustification?: string;
}

export interface SendDialogProps {
  preview: SendPreview;
  downgrade: { from: Classification; to: Classification } | null;
  /** Where the machine policy came from (policy.effective), for "who to ask". */
  policySource: string | null;
  busy: boolean;
  error: string | null;
  onSend: (answers: SendAnswers) => void;
  onBack: () => void;
}

function Group({ group, confirm, checked, onCheck }: { group: DomainGroup; confirm: boolean; checked: boolean; onCheck: (v: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <li className={`send-group verdict-${group.verdict}`} data-domain={group.domain}>
      <div className="send-group-head">
        {confirm ? (
          <label htmlFor={id} className="send-confirm">
            <input id={id} type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} />
            {t('sendDialog.confirmDomain', { domain: `@${group.domain}`, count: group.addresses.length })}
          </label>
        ) : (
          <strong>@{group.domain}</strong>
        )}
      </div>
      <ul className="send-addresses">
        {group.addresses.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
      <ul className="send-reasons">
        {group.reasonCodes.map((c) => (
          <li key={c}>{reasonText(t, c)}</li>
        ))}
      </ul>
    </li>
  );
}

export function SendDialog({ preview, downgrade, policySource, busy, error, onSend, onBack }: SendDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const reasonId = useId();
  const downId = useId();
  const first = useRef<HTMLButtonElement>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [justification, setJustification] = useState('');
  const [downgradeReason, setDowngradeReason] = useState('');
  const groups = dialogGroups(preview);
  const blocked = preview.verdict === 'block';
  const keys = blocked ? [] : confirmationKeys(preview);
  const needsReason = preview.verdict === 'justify';
  const ready =
    !blocked &&
    keys.every((k) => checked.has(k)) &&
    (!needsReason || justification.trim() !== '') &&
    (downgrade === null || downgradeReason.trim() !== '');

  useEffect(() => first.current?.focus(), []);
  const tick = (key: string) => (v: boolean) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (v) next.add(key);
      else next.delete(key);
      return next;
    });

  const title = blocked
    ? t('sendDialog.titleBlock')
    : needsReason
      ? t('sendDialog.titleJustify')
      : preview.verdict === 'warn'
        ? t('sendDialog.titleWarn')
        : t('sendDialog.titleDowngrade');
  const flagged = preview.attachments.filter((a) => a.verdict !== 'allow');

  return (
    <div className="dialog-backdrop">
      <div
        className={`send-dialog dialog-${preview.verdict}`}
        role={blocked ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onBack();
        }}
      >
        <h2 id={titleId} className="send-dialog-title">
          <Icon name={blocked ? 'alert' : 'shield'} />
          {title}
        </h2>
        <p className="send-subject">{preview.subject}</p>
        {blocked ? <p className="send-intro">{t('sendDialog.introBlock')}</p> : preview.verdict !== 'allow' && <p className="send-intro">{t('sendDialog.introWarn')}</p>}
        {blocked && needsEncryption(preview) && <p className="send-encryption">{t('sendDialog.encryptionRequired')}</p>}

        {groups.government.length > 0 && <p className="send-government">{t('sendDialog.government', { count: groups.government.length })}</p>}
        {groups.blocked.length > 0 && (
          <section className="send-section section-blocked">
            <h3>{t('sendDialog.blockedGroups')}</h3>
            <ul className="send-groups">
              {groups.blocked.map((g) => (
                <Group key={g.domain} group={g} confirm={false} checked={false} onCheck={() => undefined} />
              ))}
            </ul>
          </section>
        )}
        {groups.external.length > 0 && (
          <section className="send-section section-external">
            <h3>{t('sendDialog.externalGroups')}</h3>
            <ul className="send-groups">
              {groups.external.map((g) => (
                <Group key={g.domain} group={g} confirm={!blocked && g.verdict !== 'allow'} checked={checked.has(`domain:${g.domain}`)} onCheck={tick(`domain:${g.domain}`)} />
              ))}
            </ul>
          </section>
        )}
        {groups.freemail.length > 0 && (
          <section className="send-section section-freemail">
            <h3>{t('sendDialog.freemailGroups')}</h3>
            <ul className="send-groups">
              {groups.freemail.map((g) => (
                <Group key={g.domain} group={g} confirm={!blocked && g.verdict !== 'allow'} checked={checked.has(`domain:${g.domain}`)} onCheck={tick(`domain:${g.domain}`)} />
              ))}
            </ul>
          </section>
        )}
        {flagged.length > 0 && (
          <section className="send-section section-attachments">
            <h3>{t('sendDialog.attachments')}</h3>
            <ul className="send-files">
              {flagged.map((a) => (
                <li key={a.filename} className={`verdict-${a.verdict}`}>
                  <strong>{a.filename}</strong> — {a.reasons.map((r) => reasonText(t, r.code)).join(' · ')}
                </li>
              ))}
            </ul>
            {keys.includes('attachments') && (
              <label className="send-confirm">
                <input type="checkbox" checked={checked.has('attachments')} onChange={(e) => tick('attachments')(e.target.checked)} />
                {t('sendDialog.confirmAttachments')}
              </label>
            )}
          </section>
        )}

        {!blocked && needsReason && (
          <div className="send-reason">
            <label htmlFor={reasonId}>{t('sendDialog.justification')}</label>
            <textarea id={reasonId} rows={3} required value={justification} onChange={(e) => setJustification(e.target.value)} />
          </div>
        )}
        {!blocked && downgrade && (
          <div className="send-reason">
            <label htmlFor={downId}>
              {t('sendDialog.downgrade', { from: t(`markings.classification.${downgrade.from}`), to: t(`markings.classification.${downgrade.to}`) })}
            </label>
            <textarea id={downId} rows={3} required value={downgradeReason} onChange={(e) => setDowngradeReason(e.target.value)} />
          </div>
        )}
        {blocked && (
          <div className="send-who">
            <p>{t('sendDialog.whoToAsk')}</p>
            <p className="send-policy-source">{t('sendDialog.policySource', { source: policySource ?? t('sendDialog.policyBuiltIn') })}</p>
          </div>
        )}
        {error && (
          <p className="send-error" role="alert">
            {error}
          </p>
        )}
        <div className="send-actions">
          <button ref={first} type="button" className="button secondary" onClick={onBack}>
            {t('sendDialog.back')}
          </button>
          {!blocked && (
            <button
              type="button"
              className="button primary"
              disabled={!ready || busy}
              onClick={() =>
                onSend({
                  ...(needsReason ? { justification: justification.trim() } : {}),
                  ...(downgrade ? { downgradeJustification: downgradeReason.trim() } : {}),
                })
              }
            >
              {busy ? t('compose.sending') : t('sendDialog.send')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
