// Search results in the message-list pane: the same virtualized list and rows as a folder (only the visible
// pages are fetched), each row with the hit's folder and its snippet, matches marked with <mark>.
import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder, Locale, MessageSummary } from '../../../../shared/domain/schemas.js';
import type { SearchHit, Snippet } from '../../../../shared/domain/search.js';
import { parseQuery } from '../../../../shared/search/parseQuery.js';
import { Icon } from '../../components/Icon.js';
import { useNow } from '../../components/useNow.js';
import { useVirtualListNavigation } from '../../components/useVirtualListNavigation.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { createDateFormatter, intlLocale } from '../../i18n/formatDate.js';
import { MessageRow, rowId } from '../mailbox/MessageRow.js';
import { highlightPieces, trimLead } from './highlightPieces.js';
import type { SearchSnapshotView } from './useSearch.js';
import { SEARCH_INPUT_ID, SEARCH_LIST_ID } from './searchIds.js';
import './search.css';

const ROW_HEIGHT = 88;
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

  const { virtualizer, rows, active, setActive, pick, onKeyDown, activeRendered } = useVirtualListNavigation({
    total,
    rowHeight: ROW_HEIGHT,
    overscan: 8,
    scrollRef,
    pages: cache,
    onOpen,
    onArrowUpAtTop: () => document.getElementById(SEARCH_INPUT_ID)?.focus(),
    onEscape: onClear,
  });

  // A new query starts at the top.
  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [cache, setActive]);

  const error = cache?.error ?? null;
  let errorText: string | null = null;
  if (error && shown) {
    const tokens = parseQuery(shown.query).problems.map((p) => p.token);
    errorText =
      error.code === 'INVALID_ARGUMENT'
        ? t('search.invalid', { tokens: tokens.length > 0 ? tokens.join(' ') : shown.query })
        : errorMessage(t, error.code);
  }
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
