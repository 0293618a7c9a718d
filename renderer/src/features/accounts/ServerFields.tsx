import { useTranslation } from 'react-i18next';
import type { Security } from '../../../../shared/domain/schemas.js';
import type { FieldProblem } from './accountForm.js';
import { TextField } from './TextField.js';
import type { ServerKind } from './serverDefaults.js';

export interface ServerFieldsProps {
  kind: ServerKind;
  host: string;
  port: string;
  security: Security;
  hostProblem?: FieldProblem;
  portProblem?: FieldProblem;
  disabled: boolean;
  onHost: (v: string) => void;
  onPort: (v: string) => void;
  onSecurity: (v: Security) => void;
}

const SECURITIES: readonly Security[] = ['tls', 'starttls', 'plain'];

export function ServerFields(p: ServerFieldsProps) {
  const { t } = useTranslation();
  const id = (name: string): string => `${p.kind}-${name}`;
  return (
    <fieldset className="form-section" disabled={p.disabled}>
      <legend>{t(p.kind === 'imap' ? 'account.incoming' : 'account.outgoing')}</legend>
      <div className="server-row">
        <TextField
          id={id('host')}
          className="grow"
          label={t('account.host')}
          value={p.host}
          onChange={p.onHost}
          problem={p.hostProblem}
          placeholder={p.kind === 'imap' ? 'imap.example.go.th' : 'smtp.example.go.th'}
          autoComplete="off"
          spellCheck={false}
        />
        <div className="field">
          <label htmlFor={id('security')}>{t('account.security')}</label>
          <select
            id={id('security')}
            value={p.security}
            onChange={(e) => p.onSecurity(e.target.value as Security)}
            aria-describedby={p.security === 'plain' ? id('plain-note') : undefined}
          >
            {SECURITIES.map((s) => (
              <option key={s} value={s}>
                {t(`account.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={id('port')}
          className="port"
          label={t('account.port')}
          value={p.port}
          onChange={p.onPort}
          problem={p.portProblem}
          inputMode="numeric"
          autoComplete="off"
        />
      </div>
      {p.security === 'plain' && (
        <p id={id('plain-note')} className="field-note warning">
          {t('account.plainNote')}
        </p>
      )}
    </fieldset>
  );
}
