// Search results in the message-list pane: the same virtualized list and rows as a folder (only the visible
// pages are fetched), each row with the hit's folder and its snippet, matches marked with <mark>.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder, Locale, MessageSummary } from '../../../../shared/domain/schemas.js';
import type { SearchHit, Snippet } from '../../../../shared/domain/search.js';
import { parseQuery } from '../../../../shared/search/parseQuery.js';
import { Icon } from '../../components/Icon.js';
import { useNow } from '../../components/useNow.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { createDateFormatter, intlLocale } from '../../i18n/formatDate.js';
import { MessageRow, rowId } from '../mailbox/MessageRow.js';
import { highlightPieces, trimLead } from './highlightPieces.js';
import type { SearchSnapshotView } from './useSearch.js';
import { SEARCH_INPUT_ID, SEARCH_LIST_ID } from './searchIds.js';
import './search.css';

const ROW_HEIGHT = 88;
const SETTLE_MS = 60;
// Characters kept before the first match: the snippet line is short, the match must stay in view.
const SNIPPET_LEAD = 14;

export interface SearchResultsProps {
  snapshot: SearchSnapshotView;
  foldersByAccount: ReadonlyMap<number, readonly Folder[]>;
  openedId: number | null;
  onOpen: (message: MessageSummary) => void;
  onClear: () => void;
}

const SnippetText = memo(function SnippetText({ snippet }: { snippet: Snippet }) {
  const pieces = useMemo(() => {
    const short = trimLead(snippet.text, snippet.highlights, SNIPPET_LEAD);
    return highlightPieces(short.text, short.highlights);
  }, [snippet]);
  return (
    <>{pieces.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>
  );
});

export function SearchResults({ snapshot, foldersByAccount, openedId, onOpen, onClear }: SearchResultsProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const shown = snapshot.shown;
  const cache = shown?.source ?? null;
  useSyncExternalStore(
    useCallback((l: () => void) => cache?.subscribe(l) ?? (() => undefined), [cache]),
    () => cache?.getVersion() ?? -1,
  );
  const total = cache?.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const now = useNow();
  const dates = useMemo(() => createDateFormatter(locale), [locale]);

  const folderLabel = useCallback(
    (hit: SearchHit): string => {
      const folder = foldersByAccount.get(hit.accountId)?.find((f) => f.id === hit.folderId);
      if (!folder) return hit.folderPath;
      return folder.specialUse ? t(`folders.${folder.specialUse}`) : folder.name;
    },
    [foldersByAccount, t],
  );

  // A new query starts at the top.
  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [cache]);

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (!cache) return;
    const handle = window.setTimeout(() => cache.ensure(first, last), SETTLE_MS);
    return () => window.clearTimeout(handle);
  }, [cache, first, last]);

  const pick = useCallback(
    (index: number, item: MessageSummary) => {
      setActive(index);
      onOpen(item);
    },
    [onOpen],
  );

  const move = (to: number): void => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 8) / ROW_HEIGHT) - 1,
    );
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => (active === 0 ? document.getElementById(SEARCH_INPUT_ID)?.focus() : move(active - 1)),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const item = cache?.item(active);
        if (item) onOpen(item);
      },
      Escape: onClear,
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const error = cache?.error ?? null;
  let errorText: string | null = null;
  if (error && shown) {
    const tokens = parseQuery(shown.query).problems.map((p) => p.token);
    errorText =
      error.code === 'INVALID_ARGUMENT'
        ? t('search.invalid', { tokens: tokens.length > 0 ? tokens.join(' ') : shown.query })
        : errorMessage(t, error.code);
  }
  const activeRendered = rows.some((r) => r.index === active);
  const busy = snapshot.pending || (cache !== null && cache.total === null && error === null);

  return (
    <section
      className={snapshot.pending ? 'list-pane search-pane pending' : 'list-pane search-pane'}
      aria-labelledby="search-heading"
      aria-busy={busy}
    >
      <div className="list-header">
        <h2 id="search-heading" className="list-title">
          <Icon name="search" />
          {t('search.title')}
        </h2>
        <span className="list-count" aria-live="polite">
          {busy && total === 0
            ? t('search.searching')
            : error
              ? ''
              : t('search.count', { n: total.toLocaleString(intlLocale(locale)) })}
        </span>
        <button type="button" className="search-clear" onClick={onClear} title={t('search.clear')}>
          <Icon name="close" />
          <span className="visually-hidden">{t('search.clear')}</span>
        </button>
      </div>
      {errorText && (
        <p className="list-error search-error" role="alert">
          {errorText}
        </p>
      )}
      <div
        ref={scrollRef}
        id={SEARCH_LIST_ID}
        className="list-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('search.results')}
        aria-activedescendant={total > 0 && activeRendered ? rowId(active) : undefined}
        onKeyDown={onKeyDown}
      >
        {cache?.total === 0 && !error && <p className="list-empty">{t('search.none')}</p>}
        <div className="list-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((r) => {
            const item = cache?.item(r.index);
            return (
              <MessageRow
                key={r.key}
                index={r.index}
                total={total}
                start={r.start}
                height={r.size}
                item={item}
                dateText={item ? dates.list(item.date, now) : ''}
                active={r.index === active}
                opened={item !== undefined && item.id === openedId}
                onPick={pick}
                detail={
                  item && (
                    <div className="row-line row-detail">
                      <span className="row-folder">{folderLabel(item)}</span>
                      <span className="row-snippet">
                        {item.snippet && <SnippetText snippet={item.snippet} />}
                      </span>
                    </div>
                  )
                }
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
