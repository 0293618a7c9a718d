import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageSummary } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';

export interface MessageRowProps {
  index: number;
  total: number;
  start: number;
  height: number;
  item: MessageSummary | undefined;
  dateText: string;
  active: boolean;
  opened: boolean;
  onPick: (index: number, item: MessageSummary) => void;
  /** More lines under the subject (a search hit's folder and snippet). */
  detail?: ReactNode;
}

export const rowId = (index: number): string => `message-row-${index}`;

export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  const { index, total, start, height, item, dateText, active, opened, onPick, detail } = props;
  const { t } = useTranslation();
  const classes = ['message-row'];
  if (item?.unread) classes.push('unread');
  if (active) classes.push('active');
  if (opened) classes.push('opened');
  if (detail) classes.push('with-detail');
  return (
    <div
      role="option"
      id={rowId(index)}
      aria-selected={opened}
      aria-posinset={index + 1}
      aria-setsize={total}
      className={classes.join(' ')}
      // Positioned through the CSSOM (React style props), which the page's CSP does not restrict.
      style={{ transform: `translateY(${start}px)`, height }}
      onClick={item ? () => onPick(index, item) : undefined}
    >
      {item ? (
        <>
          <div className="row-line">
            <span className="row-sender">
              {item.from?.name || item.from?.address || t('list.unknownSender')}
            </span>
            <span className="row-marks">
              {!item.cached && (
                // Issue 3 §1: the user can see which messages cannot be read offline yet.
                <span className="row-mark uncached" title={t('list.notCached')}>
                  <Icon name="cloudOff" />
                  <span className="visually-hidden">{t('list.notCached')}</span>
                </span>
              )}
              {item.hasAttachments && (
                <span className="row-mark" title={t('list.attachment')}>
                  <Icon name="paperclip" />
                  <span className="visually-hidden">{t('list.attachment')}</span>
                </span>
              )}
              {item.flagged && (
                <span className="row-mark flagged" title={t('list.flagged')}>
                  <Icon name="flag" />
                  <span className="visually-hidden">{t('list.flagged')}</span>
                </span>
              )}
            </span>
            <time className="row-date" dateTime={new Date(item.date).toISOString()}>
              {dateText}
            </time>
          </div>
          <div className="row-line">
            <span className="row-subject">{item.subject || t('list.noSubject')}</span>
            {item.unread && <span className="visually-hidden">{t('list.unread')}</span>}
          </div>
          {detail}
        </>
      ) : (
        <div className="row-skeleton" aria-label={t('list.loading')}>
          <span />
          <span />
        </div>
      )}
    </div>
  );
});
