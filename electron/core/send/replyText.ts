// The text pieces of a reply or forward (issue 5 §1): the "On <date>, <name> wrote:" line in Thai or
// English, the quoted original, the forwarded-message block, and subjects with one Re:/Fwd: prefix.
// Pure; composePrepare.ts assembles them.
import type { Mailbox } from '../../../shared/domain/schemas.js';

export type QuoteLocale = 'th' | 'en';

// Any reply or forward prefix (also Thai and Outlook's localized forms), optionally counted ("Re[2]:").
const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw|ตอบกลับ|ตอบ)\s*(?:\[\d+\])?\s*[:：]/iu;
const FORWARD_PREFIX = /^\s*(?:fwd?|tr|wg|ส่งต่อ)\s*(?:\[\d+\])?\s*[:：]/iu;

/** "Re: subject", never "Re: Re: subject". `subject` is already without Saraban markings. */
export function replySubject(subject: string): string {
  const s = subject.trim();
  return REPLY_PREFIX.test(s) ? s : `Re: ${s}`;
}

/** "Fwd: subject", never doubled. */
export function forwardSubject(subject: string): string {
  const s = subject.trim();
  return FORWARD_PREFIX.test(s) ? s : `Fwd: ${s}`;
}

/** Dates in the quote header: Buddhist Era in Thai (2569), as the reader shows them. */
export function quoteDate(ms: number, locale: QuoteLocale, timeZone?: string): string {
  const tag = locale === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB';
  return new Intl.DateTimeFormat(tag, {
    dateStyle: 'long',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(ms));
}

export const mailboxText = (m: Mailbox | null): string =>
  m === null ? '' : m.name ? `${m.name} <${m.address}>` : m.address;

export function quoteHeader(date: string, from: Mailbox | null, locale: QuoteLocale): string {
  const who = mailboxText(from) || (locale === 'th' ? 'ผู้ส่ง' : 'the sender');
  return locale === 'th' ? `เมื่อ ${date} ${who} เขียนว่า:` : `On ${date}, ${who} wrote:`;
}

/** Each line prefixed with "> " (">" before a line already quoted, so levels stay readable). */
export function quoteLines(text: string): string {
  return text
    .replace(/\r\n?/gu, '\n')
    .replace(/\n+$/u, '')
    .split('\n')
    .map((l) => (l.startsWith('>') ? `>${l}` : l === '' ? '>' : `> ${l}`))
    .join('\n');
}

export interface ForwardFacts {
  readonly from: Mailbox | null;
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
  readonly date: string;
  readonly subject: string;
}

export function forwardBlock(facts: ForwardFacts, body: string, locale: QuoteLocale): string {
  const l =
    locale === 'th'
      ? { title: '---------- ข้อความที่ส่งต่อ ----------', from: 'จาก', date: 'วันที่', subject: 'เรื่อง', to: 'ถึง', cc: 'สำเนาถึง' }
      : { title: '---------- Forwarded message ----------', from: 'From', date: 'Date', subject: 'Subject', to: 'To', cc: 'Cc' };
  const lines = [
    l.title,
    `${l.from}: ${mailboxText(facts.from)}`,
    `${l.date}: ${facts.date}`,
    `${l.subject}: ${facts.subject}`,
    `${l.to}: ${facts.to.map(mailboxText).join(', ')}`,
    ...(facts.cc.length ? [`${l.cc}: ${facts.cc.map(mailboxText).join(', ')}`] : []),
  ];
  return `${lines.join('\n')}\n\n${body.replace(/\r\n?/gu, '\n')}`;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A readable plain-text rendering of an HTML body for quoting when the original has no text part. Only
 * text comes out (tags dropped, entities decoded), so nothing active can travel into the reply.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/giu, '')
    .replace(/<br\s*\/?>/giu, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)\s*>/giu, '\n')
    .replace(/<li\b[^>]*>/giu, '• ')
    .replace(/<[^>]*>/gu, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, e: string) => {
      if (e.startsWith('#x') || e.startsWith('#X')) return safeChar(parseInt(e.slice(2), 16)) ?? m;
      if (e.startsWith('#')) return safeChar(parseInt(e.slice(1), 10)) ?? m;
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/gu, '\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

const safeChar = (code: number): string | undefined =>
  Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
