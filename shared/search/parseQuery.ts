// The search query language (docs/search.md), parsed into plain data. Pure and synchronous so the UI can
// parse as the user types (chips, hints) and the core compiles the same structure into SQL.
//
//   free words · "quoted phrases" · from: to: subject: · has:attachment · is:unread is:read is:flagged
//   in:FOLDER · before:/after:YYYY-MM-DD (a year ≥ 2400 is Buddhist Era) · class:none|confidential|…|ลับ…
//
// An operator value may be quoted (`from:"สมชาย ใจดี"`, `in:"Sent Items"`). A word with an unknown
// `key:` prefix is ordinary text (`http://…`, `10:30`), so nobody has to escape a colon.
import { parseClassification } from '../policy/classification.js';
import type { Classification } from '../policy/types.js';

export type TextField = 'any' | 'from' | 'to' | 'subject';

export interface TextTerm {
  readonly field: TextField;
  /** NFC-normalized, whitespace-collapsed, never empty. */
  readonly value: string;
  /** Quoted: the words must appear together in this order (no prefix matching). */
  readonly phrase: boolean;
}

/** A calendar day in the Common Era; the core turns it into a time range in the user's time zone. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface QueryProblem {
  readonly token: string;
  readonly message: string;
}

export interface ParsedQuery {
  readonly terms: readonly TextTerm[];
  /** `in:` values; a message matches when its folder matches any of them. */
  readonly folders: readonly string[];
  readonly hasAttachment: boolean | null;
  readonly unread: boolean | null;
  readonly flagged: boolean | null;
  /** Messages dated before the start of this day (exclusive). */
  readonly before: CalendarDay | null;
  /** Messages dated on or after the start of this day (inclusive). */
  readonly after: CalendarDay | null;
  /** `class:` values; a message matches when its class is any of them. */
  readonly classes: readonly Classification[];
  /** Operators whose value could not be understood; the rest of the query still parses. */
  readonly problems: readonly QueryProblem[];
}

/** Years at or above this are Buddhist Era (BE = CE + 543): 2400 BE is 1857 CE, long before e-mail. */
export const BUDDHIST_ERA_THRESHOLD = 2400;
export const BUDDHIST_ERA_OFFSET = 543;

const THAI_DIGIT_ZERO = 0x0e50;

/** Thai digits (๐–๙) to ASCII, so `before:๒๕๖๗-๐๓-๓๑` works as typed on a Thai keyboard. */
export const thaiDigitsToAscii = (s: string): string =>
  s.replace(/[\u0E50-\u0E59]/gu, (d) => String(d.charCodeAt(0) - THAI_DIGIT_ZERO));

/** YYYY-MM-DD (also YYYY/MM/DD), Thai digits allowed, BE years converted; null when not a real date. */
export function parseDay(input: string): CalendarDay | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/u.exec(thaiDigitsToAscii(input.trim()));
  if (!m) return null;
  let year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year >= BUDDHIST_ERA_THRESHOLD) year -= BUDDHIST_ERA_OFFSET;
  // Round-trip through UTC to reject 2024-02-30 and friends.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

interface Token {
  readonly key: string | null;
  readonly value: string;
  readonly quoted: boolean;
  readonly raw: string;
}

const OPERATORS = new Set(['from', 'to', 'subject', 'has', 'is', 'in', 'before', 'after', 'class']);

/** Splits on whitespace, keeping "quoted strings" and key:"quoted values" whole; an open quote runs to the end. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const s = input.normalize('NFC');
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/u.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    const start = i;
    let key: string | null = null;
    const keyMatch = /^([A-Za-z]+):/u.exec(s.slice(i));
    if (keyMatch?.[1] && OPERATORS.has(keyMatch[1].toLowerCase())) {
      key = keyMatch[1].toLowerCase();
      i += keyMatch[0].length;
    }
    let value: string;
    let quoted = false;
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      const end = close === -1 ? s.length : close;
      value = s.slice(i + 1, end);
      quoted = true;
      i = close === -1 ? s.length : close + 1;
    } else {
      const from = i;
      while (i < s.length && !/\s/u.test(s[i] ?? '')) i++;
      value = s.slice(from, i);
    }
    tokens.push({ key, value: value.replace(/\s+/gu, ' ').trim(), quoted, raw: s.slice(start, i) });
  }
  return tokens;
}

export function parseQuery(input: string): ParsedQuery {
  const terms: TextTerm[] = [];
  const folders: string[] = [];
  const classes: Classification[] = [];
  const problems: QueryProblem[] = [];
  let hasAttachment: boolean | null = null;
  let unread: boolean | null = null;
  let flagged: boolean | null = null;
  let before: CalendarDay | null = null;
  let after: CalendarDay | null = null;
  const problem = (t: Token, message: string): void => {
    problems.push({ token: t.raw, message });
  };

  for (const t of tokenize(input)) {
    if (t.key === null) {
      if (t.value) terms.push({ field: 'any', value: t.value, phrase: t.quoted });
      continue;
    }
    const v = t.value;
    const lower = v.toLowerCase();
    switch (t.key) {
      case 'from':
      case 'to':
      case 'subject':
        if (v) terms.push({ field: t.key, value: v, phrase: t.quoted });
        else problem(t, `${t.key}: needs a value`);
        break;
      case 'has':
        if (lower === 'attachment' || lower === 'attachments') hasAttachment = true;
        else problem(t, 'has: understands only has:attachment');
        break;
      case 'is':
        if (lower === 'unread') unread = true;
        else if (lower === 'read') unread = false;
        else if (lower === 'flagged' || lower === 'starred') flagged = true;
        else if (lower === 'unflagged') flagged = false;
        else problem(t, 'is: understands unread, read, flagged, unflagged');
        break;
      case 'in':
        if (v) folders.push(v);
        else problem(t, 'in: needs a folder name');
        break;
      case 'before':
      case 'after': {
        const day = parseDay(v);
        if (!day) problem(t, `${t.key}: needs a date as YYYY-MM-DD (a year of 2400 or more is Buddhist Era)`);
        else if (t.key === 'before') before = day;
        else after = day;
        break;
      }
      case 'class': {
        const c = parseClassification(v);
        if (c) classes.push(c);
        else problem(t, 'class: understands none, confidential, secret, top-secret, ลับ, ลับมาก, ลับที่สุด');
        break;
      }
      default:
        terms.push({ field: 'any', value: t.raw, phrase: false });
    }
  }
  return { terms, folders, hasAttachment, unread, flagged, before, after, classes, problems };
}

/** True when the query has no text to match, only filters (or nothing): the result is a plain listing. */
export const isListingQuery = (q: ParsedQuery): boolean => q.terms.length === 0;
