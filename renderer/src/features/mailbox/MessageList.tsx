// The virtualized message list: only the rows on screen exist in the DOM and only their pages are
// fetched, so 100 000 messages scroll as smoothly as 100. ARIA: a listbox whose options carry
// posinset/setsize, because most of the set is never in the DOM.
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder, Locale, MessageSummary } from '../../../../shared/domain/schemas.js';
import { useNow } from '../../components/useNow.js';
import { useVirtualListNavigation } from '../../components/useVirtualListNavigation.js';
import { createDateFormatter, intlLocale } from '../../i18n/formatDate.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { MessageRow, rowId } from './MessageRow.js';
import { useMessagePages } from './useMessagePages.js';

const ROW_HEIGHT = 62;

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
  const now = useNow();
  const dates = useMemo(() => createDateFormatter(locale), [locale]);

  const { virtualizer, rows, active, pick, onKeyDown, activeRendered } = useVirtualListNavigation({
    total,
    rowHeight: ROW_HEIGHT,
    overscan: 10,
    scrollRef,
    pages: cache,
    onOpen,
  });

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
