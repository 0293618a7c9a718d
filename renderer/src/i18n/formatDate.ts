// Dates in the list and the reading pane: Buddhist Era under Thai (2026 → 2569), en-GB under English;
// a message from today shows only its time, as Outlook does.
import type { Locale } from '../../../shared/domain/schemas.js';

export interface DateFormatter {
  /** Short form for the message list: time for today, otherwise the date. */
  list(ms: number, now: number): string;
  /** Full date and time for the reading pane header. */
  full(ms: number): string;
}

export const intlLocale = (locale: Locale): string => (locale === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB');

export function createDateFormatter(locale: Locale, timeZone?: string): DateFormatter {
  const tag = intlLocale(locale);
  const zone = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', ...zone });
  const date = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', ...zone });
  const full = new Intl.DateTimeFormat(tag, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...zone,
  });
  // The calendar day in the same zone, independent of the display calendar.
  const day = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...zone,
  });
  return {
    list: (ms, now) => (day.format(ms) === day.format(now) ? time.format(ms) : date.format(ms)),
    full: (ms) => full.format(ms),
  };
}
