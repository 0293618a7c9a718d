// A message of a Drafts folder, made here or by another mail client (webmail, Thunderbird, a phone), opened as
// a draft to go on writing (docs/sending.md). Its next save replaces that server copy (DraftService.adopt), so
// nothing of it may be left behind: every recipient (Bcc included), the formatted body as it is, every file,
// its inline images, the markings and the thread it answers. What cannot come across whole is refused with a
// reason rather than opened without it.
import { CodedError } from '../../../shared/contract/result.js';
import {
  ComposeInput,
  CONTENT_ID,
  INLINE_IMAGE_TYPES,
  type ComposeAttachment,
  type ComposeInputParsed,
} from '../../../shared/domain/compose.js';
import { parseSubjectMarkings } from '../../../shared/domain/markings.js';
import { bodyOf, recipientText, rootAndLatest, type OriginalMessage } from './composePrepare.js';

const INLINE = new Set<string>(INLINE_IMAGE_TYPES);

/** The original's files, its inline images (referred to by the HTML as cid:) marked as such. */
function draftAttachments(original: OriginalMessage): ComposeAttachment[] {
  const html = original.html ?? '';
  return original.attachments.map((a, i) => {
    const cid = original.contentIds.get(i);
    const inline = cid !== undefined && CONTENT_ID.test(cid) && INLINE.has(a.contentType) && html.includes(`cid:${cid}`);
    return inline ? { ...a, contentId: cid, inline: true } : a;
  });
}

/** ComposeInput takes this many References. */
const MAX_REFERENCES = 200;

/**
 * The ComposeInput of a stored draft, for account `accountId` (the account whose Drafts folder holds it);
 * INVALID_ARGUMENT, saying what does not fit (too many files or bytes of them, a body too long…), when
 * ComposeInput refuses it: it cannot be opened here whole.
 */
export function draftFromMessage(original: OriginalMessage, accountId: number): ComposeInputParsed {
  const parsed = ComposeInput.safeParse(draftInput(original, accountId));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodedError('INVALID_ARGUMENT', `The draft cannot be opened here: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function draftInput(original: OriginalMessage, accountId: number): ComposeInputParsed {
  const { rest } = parseSubjectMarkings(original.subject);
  const markings = original.markings;
  const html = original.html !== null && original.html.trim() !== '' ? original.html : null;
  return {
    accountId,
    to: original.to.map(recipientText),
    cc: original.cc.map(recipientText),
    bcc: original.bcc.map(recipientText),
    // The markings go back in front of the subject when it is sent (docs/markings.md).
    subject: rest,
    text: bodyOf(original),
    ...(html !== null ? { html } : {}),
    attachments: draftAttachments(original),
    ...(original.inReplyTo ? { inReplyTo: original.inReplyTo } : {}),
    references: rootAndLatest(original.references, MAX_REFERENCES),
    classification: markings?.classification ?? 'none',
    urgency: markings?.urgency ?? 'none',
    ...(markings?.documentNumber ? { documentNumber: markings.documentNumber } : {}),
  };
}
