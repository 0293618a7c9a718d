import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from './accountForm.js';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: FieldProblem | undefined;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password';
  className?: string;
  placeholder?: string;
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
}

/** A labelled input whose problem and hint are tied to it with aria-describedby. */
export function TextField(p: TextFieldProps) {
  const { t } = useTranslation();
  const described = [p.problem ? `${p.id}-problem` : '', p.hint ? `${p.id}-hint` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={p.className ? `field ${p.className}` : 'field'}>
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.id}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.problem ? true : undefined}
        aria-describedby={described || undefined}
        placeholder={p.placeholder}
        autoComplete={p.autoComplete}
        spellCheck={p.spellCheck}
        inputMode={p.inputMode}
      />
      {p.hint && (
        <span id={`${p.id}-hint`} className="field-note">
          {p.hint}
        </span>
      )}
      {p.problem && (
        <span id={`${p.id}-problem`} className="field-problem">
          {t(`account.${p.problem}`)}
        </span>
      )}
    </div>
  );
}
