// The keyboard and paging behaviour shared by every virtualized message list (a folder, search results):
// only the visible rows exist, their pages are fetched once scrolling settles, and the arrow, page,
// Home/End and Enter keys move an "active" row the way Outlook's list does.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import type { MessageSummary } from '../../../shared/domain/schemas.js';

// Fetch only once the visible range has settled: dragging the scrollbar across 100k rows must not
// request every page it passes.
const SETTLE_MS = 60;

export interface PagedRows {
  ensure(first: number, last: number): void;
  item(index: number): MessageSummary | undefined;
}

export interface ListNavigationOptions {
  readonly total: number;
  readonly rowHeight: number;
  readonly overscan: number;
  readonly scrollRef: RefObject<HTMLDivElement | null>;
  readonly pages: PagedRows | null;
  readonly onOpen: (item: MessageSummary) => void;
  /** ArrowUp on the first row (search results hand focus back to the search box). */
  readonly onArrowUpAtTop?: () => void;
  readonly onEscape?: () => void;
}

export function useVirtualListNavigation(o: ListNavigationOptions) {
  const { total, rowHeight, scrollRef, pages, onOpen } = o;
  const [active, setActive] = useState(0);

  // The virtualizer is read afresh on every render by design; nothing below memoizes its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: o.overscan,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (!pages) return;
    const handle = window.setTimeout(() => pages.ensure(first, last), SETTLE_MS);
    return () => window.clearTimeout(handle);
  }, [pages, first, last]);

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
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => (active === 0 && o.onArrowUpAtTop ? o.onArrowUpAtTop() : move(active - 1)),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const item = pages?.item(active);
        if (item) onOpen(item);
      },
      ...(o.onEscape ? { Escape: o.onEscape } : {}),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return {
    virtualizer,
    rows,
    active,
    setActive,
    pick,
    onKeyDown,
    activeRendered: rows.some((r) => r.index === active),
  };
}
