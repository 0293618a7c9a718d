// Attachments of the message: a file picker, drop anywhere on compose (ComposeWindow), the total with a
// warning above 20 MB, and what the policy says about each file (blocked type, leaving government).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentFinding, ComposeAttachment } from '../../../../shared/domain/compose.js';
import type { Locale } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { formatSize } from '../../i18n/formatSize.js';
import { attachmentBytes, bytesOfBase64, sizeLevel } from './composeModel.js';
import { reasonText } from './reasonText.js';

export interface AttachmentBarProps {
  attachments: readonly ComposeAttachment[];
  findings: readonly AttachmentFinding[];
  locale: Locale;
  onFiles: (files: File[]) => void;
  onRemove: (index: number) => void;
}

export function AttachmentBar({ attachments, findings, locale, onFiles, onRemove }: AttachmentBarProps) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const total = attachmentBytes(attachments);
  return (
    <div className="compose-attachments">
      <button type="button" className="button secondary" onClick={() => input.current?.click()}>
        <Icon name="paperclip" />
        {t('compose.attach')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {attachments.length > 0 && (
        <span className="attachment-total">{t('compose.attachments', { count: attachments.length, size: formatSize(total, locale) })}</span>
      )}
      {sizeLevel(total) === 'warn' && (
        <p className="compose-warning" role="status">
          {t('compose.sizeWarn', { size: formatSize(total, locale) })}
        </p>
      )}
      {attachments.length > 0 && (
        <ul className="compose-attachment-list">
          {attachments.map((a, i) => {
            const finding = findings.find((f) => f.filename === a.filename);
            const tone = finding?.verdict === 'block' ? 'blocked' : finding && finding.verdict !== 'allow' ? 'external' : 'neutral';
            const why = finding?.reasons.map((r) => reasonText(t, r.code)).join(' · ') ?? '';
            return (
              <li key={`${a.filename}-${i}`} className={`compose-attachment tone-${tone}`} title={why}>
                <span className="attachment-name">{a.filename}</span>
                <span className="attachment-size">{formatSize(bytesOfBase64(a.dataBase64), locale)}</span>
                {why && <span className="attachment-why">{why}</span>}
                <button type="button" className="chip-remove" aria-label={t('compose.removeAttachment', { name: a.filename })} onClick={() => onRemove(i)}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
