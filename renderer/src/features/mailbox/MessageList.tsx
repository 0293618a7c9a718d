// The virtualized message list: only the rows on screen exist in the DOM and only their pages are
// fetched, so 100 000 messages scroll as smoothly as 100. ARIA: a listbox whose options carry
// posinset/setsize, because most of the set is never in the DOM.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder, Locale, MessageSummary } from '../../../../shared/domain/schemas.js';
import { useNow } from '../../components/useNow.js';
import { createDateFormatter, intlLocale } from '../../i18n/formatDate.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { MessageRow, rowId } from './MessageRow.js';
import { useMessagePages } from './useMessagePages.js';

const ROW_HEIGHT = 62;
// Fetch only once the visible range has settled: dragging the scrollbar across 100k rows must not
// request every page it passes.
const SETTLE_MS = 60;

export interface MessageListProps {
  folder: Folder;
  openedId: number | null;
  onOpen: (message: MessageSummary) => void;
}

export function MessageList({ folder, openedId, onOpen }: MessageListProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const cache = useMessagePages(folder.id);
  const total = cache.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const now = useNow();
  const dates = useMemo(() => createDateFormatter(locale), [locale]);

  // The virtualizer is read afresh on every render by design; nothing below memoizes its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
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
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
    );
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const item = cache.item(active);
        if (item) onOpen(item);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const activeRendered = rows.some((r) => r.index === active);

  return (
    <section className="list-pane" aria-labelledby="list-heading">
      <div className="list-header">
        <h2 id="list-heading" className="list-title">
          {folder.specialUse ? t(`folders.${folder.specialUse}`) : folder.name}
        </h2>
        <span className="list-count">
          {cache.total === null
            ? t('list.loading')
            : t('list.count', { n: total.toLocaleString(intlLocale(locale)) })}
        </span>
      </div>
      {cache.error && (
        <p className="list-error" role="alert">
          {errorMessage(t, cache.error.code)}
        </p>
      )}
      <div
        ref={scrollRef}
        className="list-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('list.label')}
        aria-activedescendant={total > 0 && activeRendered ? rowId(active) : undefined}
        onKeyDown={onKeyDown}
      >
        {cache.total === 0 && <p className="list-empty">{t('list.empty')}</p>}
        <div className="list-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((r) => {
            const item = cache.item(r.index);
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
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
