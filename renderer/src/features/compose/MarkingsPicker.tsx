// Saraban markings in compose (docs/markings.md): secrecy class, urgency class, document number, and the
// subject exactly as it will be sent. Lowering the class of an answered/forwarded message is flagged here;
// the send dialog then asks for the written reason the core requires.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { URGENCIES, type Urgency } from '../../../../shared/domain/markings.js';
import type { Classification } from '../../../../shared/policy/types.js';

const CLASSES: readonly Classification[] = ['none', 'confidential', 'secret', 'top-secret'];

export interface MarkingsPickerProps {
  classification: Classification;
  urgency: Urgency;
  documentNumber: string;
  downgradeFrom: Classification | null;
  onChange: (patch: { classification?: Classification; urgency?: Urgency; documentNumber?: string }) => void;
}

export function MarkingsPicker({ classification, urgency, documentNumber, downgradeFrom, onChange }: MarkingsPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="markings-picker">
      <legend className="visually-hidden">{t('compose.markings')}</legend>
      <label htmlFor={`${id}-c`}>{t('compose.classification')}</label>
      <select
        id={`${id}-c`}
        className={classification === 'none' ? 'marking-select' : 'marking-select marked'}
        value={classification}
        onChange={(e) => onChange({ classification: e.target.value as Classification })}
      >
        {CLASSES.map((c) => (
          <option key={c} value={c}>
            {t(`markings.classification.${c}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-u`}>{t('compose.urgency')}</label>
      <select
        id={`${id}-u`}
        className={urgency === 'none' ? 'marking-select' : 'marking-select marked'}
        value={urgency}
        onChange={(e) => onChange({ urgency: e.target.value as Urgency })}
      >
        {URGENCIES.map((u) => (
          <option key={u} value={u}>
            {t(`markings.urgency.${u}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-n`}>{t('compose.documentNumber')}</label>
      <input
        id={`${id}-n`}
        className="document-number"
        type="text"
        maxLength={200}
        placeholder={t('compose.documentNumberHint')}
        value={documentNumber}
        onChange={(e) => onChange({ documentNumber: e.target.value })}
      />
      {downgradeFrom !== null && (
        <p className="compose-warning downgrade-note" role="status">
          {t('compose.downgradeNote', { from: t(`markings.classification.${downgradeFrom}`) })}
        </p>
      )}
    </fieldset>
  );
}
