// One recipient row (To, Cc or Bcc): each address a chip coloured by its policy verdict (sendDecision.ts),
// the reason on hover, and suggestions from mail seen and sent (contacts.suggest) while typing.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactSuggestion } from '../../../../shared/domain/composeSupport.js';
import { useApi } from '../../api/ApiContext.js';
import { splitRecipients, type RecipientField as Field } from './composeModel.js';
import { reasonText } from './reasonText.js';
import { chipKey, type ChipVerdict } from './sendDecision.js';

export interface RecipientFieldProps {
  field: Field;
  label: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  verdicts: ReadonlyMap<string, ChipVerdict>;
}

const SUGGEST_DELAY_MS = 150;

const suggestionText = (s: ContactSuggestion): string => (s.name ? `${s.name} <${s.address}>` : s.address);

export function RecipientField({ field, label, values, onChange, verdicts }: RecipientFieldProps) {
  const { t } = useTranslation();
  const client = useApi();
  const inputId = useId();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const [suggestions, setSuggestions] = useState<ContactSuggestion[]>([]);
  const [active, setActive] = useState(0);
  // Enter takes a suggestion only when the user moved to it, or typed no full address: a typed address is
  // never silently replaced by a similar one someone else uses.
  const [navigated, setNavigated] = useState(false);

  useEffect(() => {
    const prefix = typed.trim();
    if (prefix.length < 1 || /[,;]/u.test(prefix)) return undefined;
    let live = true;
    const timer = window.setTimeout(() => {
      void client.call('contacts.suggest', { prefix, limit: 8 }).then((r) => {
        if (!live) return;
        setSuggestions(r.ok ? r.value.filter((s) => !values.some((v) => v.toLowerCase().includes(s.address))) : []);
        setActive(0);
        setNavigated(false);
      });
    }, SUGGEST_DELAY_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [client, typed, values]);

  const commit = (text: string): void => {
    const added = splitRecipients(text).filter((a) => !values.includes(a));
    if (added.length) onChange([...values, ...added]);
    setTyped('');
    setSuggestions([]);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    const open = suggestions.length > 0 && typed.trim() !== '';
    if (open && e.key === 'ArrowDown') {
      e.preventDefault();
      setNavigated(true);
      setActive((i) => Math.min(i + 1, suggestions.length - 1));
    } else if (open && e.key === 'ArrowUp') {
      e.preventDefault();
      setNavigated(true);
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' || e.key === 'Tab' || e.key === ',' || e.key === ';') {
      const typedAddress = typed.trim().toLowerCase();
      const exact = suggestions.find((s) => s.address === typedAddress);
      const pick = !open ? undefined : navigated || !typedAddress.includes('@') ? suggestions[active] : exact;
      if (pick) {
        e.preventDefault();
        commit(suggestionText(pick));
      } else if (typed.trim()) {
        if (e.key !== 'Tab') e.preventDefault();
        commit(typed);
      }
    } else if (e.key === 'Escape') {
      setSuggestions([]);
    } else if (e.key === 'Backspace' && typed === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };

  const showList = suggestions.length > 0 && typed.trim() !== '';
  return (
    <div className="compose-row recipient-row">
      <label className="compose-label" htmlFor={inputId}>
        {label}
      </label>
      <div className="recipient-box" onClick={() => inputRef.current?.focus()}>
        <ul className="chip-list" aria-label={label}>
          {values.map((v) => {
            const verdict = verdicts.get(chipKey(field, v));
            const tone = verdict?.tone ?? 'pending';
            const why = verdict ? [t(`verdict.${verdict.tone === 'blocked' ? 'blocked' : verdict.tone}`), ...verdict.reasonCodes.map((c) => reasonText(t, c))].join(' · ') : '';
            return (
              <li key={v} className={`chip chip-${tone}`} title={why} data-tone={tone} data-verdict={verdict?.verdict ?? ''}>
                <span className="chip-text">{v}</span>
                {why && <span className="visually-hidden">{why}</span>}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('compose.removeRecipient', { address: v })}
                  onClick={(e) => {
                    e.stopPropagation();
                    onChange(values.filter((x) => x !== v));
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        <input
          ref={inputRef}
          id={inputId}
          className="recipient-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          placeholder={values.length === 0 ? t('compose.addRecipient') : ''}
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={onKey}
          onPaste={(e) => {
            const text = e.clipboardData.getData('text');
            if (/[,;\n]/u.test(text)) {
              e.preventDefault();
              commit(typed + text);
            }
          }}
          onBlur={() => {
            // Let a click on a suggestion land first.
            window.setTimeout(() => {
              if (document.activeElement !== inputRef.current && inputRef.current?.value.trim()) commit(inputRef.current.value);
            }, 150);
          }}
        />
        {showList && (
          <ul className="suggestions" id={listId} role="listbox" aria-label={t('compose.suggestions')}>
            {suggestions.map((s, i) => (
              <li
                key={s.address}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className="suggestion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  commit(suggestionText(s));
                }}
              >
                {s.name && <span className="suggestion-name">{s.name}</span>}
                <span className="suggestion-address">{s.address}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
