// The state of one compose window and how it becomes a ComposeInput. Pure (no React, no DOM), so the
// rules that matter are unit-tested: attachment size limits, the downgrade check, which fields to show.
import { MAX_ATTACHMENT_BYTES, type ComposeAttachment, type ComposeInput } from '../../../../shared/domain/compose.js';
import { classificationRank } from '../../../../shared/domain/classificationOrder.js';
import type { Urgency } from '../../../../shared/domain/markings.js';
import type { Classification } from '../../../../shared/policy/types.js';
import { cidImagesToData, dataImagesToCid, inlineImageBytes } from './inlineImages.js';

/** Above this total the user is warned (many servers refuse 20–25 MB); above the core's limit, refused. */
export const WARN_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export { MAX_ATTACHMENT_BYTES };

export type RecipientField = 'to' | 'cc' | 'bcc';

export interface ComposeState {
  readonly draftId: number | null;
  readonly accountId: number;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly showCc: boolean;
  readonly showBcc: boolean;
  readonly subject: string;
  /** The plain-text body (plain mode), or the start content of the rich editor. */
  readonly text: string;
  readonly rich: boolean;
  /** The formatted body a draft was saved with (the rich editor starts from it); null for plain. */
  readonly html: string | null;
  readonly attachments: readonly ComposeAttachment[];
  readonly classification: Classification;
  readonly urgency: Urgency;
  readonly documentNumber: string;
  readonly inReplyTo: string | undefined;
  readonly references: readonly string[];
  /** The class of the original replied to or forwarded; lowering below it needs a reason. */
  readonly originalClassification: Classification | null;
}

export const bytesOfBase64 = (b64: string): number => {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
};

export const attachmentBytes = (list: readonly ComposeAttachment[]): number =>
  list.reduce((n, a) => n + bytesOfBase64(a.dataBase64), 0);

export type SizeLevel = 'ok' | 'warn';

export const sizeLevel = (total: number): SizeLevel => (total > WARN_ATTACHMENT_BYTES ? 'warn' : 'ok');

/** Whether one more file of `size` bytes still fits under the core's limit (inline images in `html` count). */
export const fits = (current: readonly ComposeAttachment[], size: number, html = ''): boolean =>
  attachmentBytes(current) + inlineImageBytes(html) + size <= MAX_ATTACHMENT_BYTES;

export const isDowngrade = (s: Pick<ComposeState, 'classification' | 'originalClassification'>): boolean =>
  s.originalClassification !== null && classificationRank(s.classification) < classificationRank(s.originalClassification);

/**
 * Splits what was typed into recipients: commas and semicolons separate (Outlook users type either), but
 * not inside a quoted display name or inside <…>.
 */
export function splitRecipients(typed: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (const ch of typed) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if ((ch === ',' || ch === ';' || ch === '\n') && !quoted && !angle) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export interface BodyParts {
  readonly text: string;
  /** Sanitized HTML (rich mode only). */
  readonly html?: string;
}

/**
 * `cidToken` names this message's inline images (stable per compose window, so autosaved drafts keep the
 * same Content-IDs); the editor's data: images become `cid:` references plus inline parts.
 */
export function toComposeInput(s: ComposeState, body: BodyParts, cidToken = 'c'): ComposeInput {
  const inline = body.html !== undefined ? dataImagesToCid(body.html, cidToken) : null;
  return {
    accountId: s.accountId,
    to: [...s.to],
    cc: [...s.cc],
    bcc: [...s.bcc],
    subject: s.subject,
    text: body.text,
    ...(inline ? { html: inline.html } : {}),
    attachments: [...s.attachments, ...(inline?.images ?? [])],
    ...(s.inReplyTo ? { inReplyTo: s.inReplyTo } : {}),
    references: [...s.references],
    classification: s.classification,
    urgency: s.urgency,
    ...(s.documentNumber.trim() ? { documentNumber: s.documentNumber.trim() } : {}),
  };
}

/** A state from a ComposeInput (compose.prepare, a draft, outbox.toDraft). */
export function fromComposeInput(
  c: ComposeInput,
  extra: { draftId?: number | null; originalClassification?: Classification | null; showAll?: boolean } = {},
): ComposeState {
  const cc = c.cc ?? [];
  const bcc = c.bcc ?? [];
  const parts = (c.attachments ?? []).map((a) => ({ ...a, contentType: a.contentType ?? 'application/octet-stream' }));
  // A draft's inline images go back into the body as data: URLs; the attachment bar lists only the rest.
  const body = c.html !== undefined ? cidImagesToData(c.html, parts) : { html: null, attachments: parts };
  return {
    draftId: extra.draftId ?? null,
    accountId: c.accountId,
    to: c.to ?? [],
    cc,
    bcc,
    showCc: extra.showAll === true || cc.length > 0,
    showBcc: extra.showAll === true || bcc.length > 0,
    subject: c.subject ?? '',
    text: c.text ?? '',
    rich: c.html !== undefined,
    html: body.html,
    attachments: body.attachments,
    classification: c.classification ?? 'none',
    urgency: c.urgency ?? 'none',
    documentNumber: c.documentNumber ?? '',
    inReplyTo: c.inReplyTo,
    references: c.references ?? [],
    originalClassification: extra.originalClassification ?? null,
  };
}

/** The signature under the cursor and above a quote: "-- " is the RFC 3676 §4.3 signature separator. */
export function withSignature(text: string, signature: string): string {
  const sig = signature.replace(/\r\n?/gu, '\n').trim();
  if (!sig) return text;
  return `\n\n-- \n${sig}${text.startsWith('\n') ? text : `\n\n${text}`}`.replace(/\n+$/u, '\n');
}
