// The search box in the top bar. Ctrl+F (or Cmd+F) and "/" focus it from anywhere but a text field; Esc
// clears it; ↓ moves into the results. Only this component re-renders on each keystroke: the rest of the
// window follows the session's snapshot, which changes once per settled query.
import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.js';
import type { SearchSession, ResultSource } from './SearchSession.js';
import { SEARCH_INPUT_ID, SEARCH_LIST_ID } from './searchIds.js';
import './search.css';

/** The session's text side (any result type). */
export type SearchInput = Pick<
  SearchSession<ResultSource>,
  'subscribeText' | 'getText' | 'setText' | 'clear' | 'flush'
>;

export interface SearchBoxProps {
  session: SearchInput;
}

const isTextTarget = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement &&
  (el.isContentEditable ||
    el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement);

export function SearchBox({ session }: SearchBoxProps) {
  const { t } = useTranslation();
  const text = useSyncExternalStore(session.subscribeText, session.getText);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      const findKey = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f';
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTextTarget(e.target);
      if (!findKey && !slash) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (text !== '') session.clear();
      else inputRef.current?.blur();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      session.flush();
    } else if (e.key === 'ArrowDown') {
      const list = document.getElementById(SEARCH_LIST_ID);
      if (list) {
        e.preventDefault();
        list.focus();
      }
    }
  };

  return (
    <div className="search-box" role="search">
      <Icon name="search" className="search-box-icon" />
      <input
        ref={inputRef}
        id={SEARCH_INPUT_ID}
        type="search"
        className="search-input"
        value={text}
        onChange={(e) => session.setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search.placeholder')}
        title={t('search.help')}
        aria-label={t('search.label')}
        aria-keyshortcuts="Control+F /"
        aria-controls={SEARCH_LIST_ID}
        autoComplete="off"
        spellCheck={false}
      />
      {text !== '' && (
        <button
          type="button"
          className="search-box-clear"
          onClick={() => {
            session.clear();
            inputRef.current?.focus();
          }}
          aria-label={t('search.clear')}
          title={t('search.clear')}
        >
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}
