// The server side of drafts (issue 5 §1): each save APPENDs the new version to the Drafts folder with
// \Draft, then removes exactly the previous copy by UID (UID STORE \Deleted + UID EXPUNGE, RFC 4315).
// Without UIDPLUS a plain EXPUNGE would also remove every other message someone flagged \Deleted in that
// folder, so then the old copy is only flagged \Deleted and left for the server's own expunge.
import type { ImapFlow, ListResponse } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ComposeInputParsed } from '../../../shared/domain/compose.js';
import { MARKING_HEADERS, subjectWithMarkings } from '../../../shared/domain/markings.js';
import { normalizeAddress } from '../../../shared/policy/index.js';
import type { ImapConnectOptions } from '../imap/imapOptions.js';
import { withImapClient } from '../imap/withImapClient.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import type { ServerCopy } from './draftStore.js';
import { composerAttachments, SAFE_COMPOSER_OPTIONS } from './buildMessage.js';
import { stripActiveHtml } from './stripActiveHtml.js';

export interface ReplaceOutcome {
  readonly copy: ServerCopy;
  readonly removed: ServerCopy[];
  readonly failed: ServerCopy[];
}

export interface DraftServer {
  /**
   * Appends `raw` (throws when that fails), then removes each `obsolete` copy; answers the new copy, the
   * copies removed and those that could not be (the caller retries them later).
   */
  replace(account: AccountWithSecret, raw: Buffer, messageId: string, obsolete: readonly ServerCopy[]): Promise<ReplaceOutcome>;
  /** Removes copies; answers those that are gone now. */
  remove(account: AccountWithSecret, copies: readonly ServerCopy[]): Promise<ServerCopy[]>;
}

const DRAFTS_NAME = 'Drafts';

/** RFC 6154 \Drafts first, else a folder named "Drafts" (any case); null when neither exists. */
export function findDraftsFolder(list: readonly Pick<ListResponse, 'path' | 'specialUse' | 'flags'>[]): string | null {
  const flagged = list.find((f) => f.specialUse === '\\Drafts' || f.flags.has('\\Drafts'));
  if (flagged) return flagged.path;
  return list.find((f) => f.path.toLowerCase() === DRAFTS_NAME.toLowerCase())?.path ?? null;
}

const valid = (list: readonly string[]) =>
  list.flatMap((input) => {
    // A draft may hold a half-typed address: the local draft keeps it as typed, the server copy skips it.
    const r = normalizeAddress(input);
    return r.ok ? [{ name: r.displayName, address: `${r.local}@${r.domain}` }] : [];
  });

/** The server copy of a draft: like the message that would be sent, with Bcc kept (it is only a draft). */
export async function buildDraftMessage(
  input: ComposeInputParsed,
  from: { name: string; address: string },
  messageId: string,
  date: Date,
): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (input.classification !== 'none') headers[MARKING_HEADERS.classification] = input.classification;
  if (input.urgency !== 'none') headers[MARKING_HEADERS.urgency] = input.urgency;
  if (input.documentNumber) headers[MARKING_HEADERS.documentNumber] = input.documentNumber;
  const composer = new MailComposer({
    from,
    to: valid(input.to),
    cc: valid(input.cc),
    bcc: valid(input.bcc),
    subject: subjectWithMarkings(input.subject, input.classification, input.urgency),
    messageId,
    date,
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    ...(input.references.length ? { references: input.references } : {}),
    text: input.text,
    ...(input.html !== undefined ? { html: stripActiveHtml(input.html) } : {}),
    attachments: composerAttachments(input.attachments),
    headers,
    ...SAFE_COMPOSER_OPTIONS,
  });
  const mail = composer.compile();
  // MailComposer drops Bcc from the headers unless told; a draft must keep it to be complete.
  (mail as unknown as { keepBcc: boolean }).keepBcc = true;
  return mail.build();
}

async function removeCopy(client: ImapFlow, copy: ServerCopy): Promise<void> {
  const lock = await client.getMailboxLock(copy.path);
  try {
    // Under another UIDVALIDITY that UID names nothing we put there (RFC 3501 §2.3.1.1): the copy is gone.
    if (client.mailbox === false || client.mailbox.uidValidity !== copy.uidValidity) return;
    const range = String(copy.uid);
    if (client.capabilities.has('UIDPLUS')) {
      if (!(await client.messageDelete(range, { uid: true }))) throw new Error('UID EXPUNGE failed');
    } else if (!(await client.messageFlagsAdd(range, ['\\Deleted'], { uid: true }))) {
      throw new Error('STORE \\Deleted failed');
    }
  } finally {
    lock.release();
  }
}

async function uidOf(client: ImapFlow, path: string, messageId: string): Promise<{ uid: number; uidValidity: bigint }> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    const uid = Array.isArray(uids) && uids.length ? Math.max(...uids) : 0;
    if (!uid || client.mailbox === false) throw new Error('the appended draft was not found');
    return { uid, uidValidity: client.mailbox.uidValidity };
  } finally {
    lock.release();
  }
}

export class ImapDraftServer implements DraftServer {
  constructor(private readonly imapOpts: ImapConnectOptions = {}) {}

  private withClient<T>(account: AccountWithSecret, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    return withImapClient(account, this.imapOpts, fn);
  }

  replace(account: AccountWithSecret, raw: Buffer, messageId: string, obsolete: readonly ServerCopy[]): Promise<ReplaceOutcome> {
    return this.withClient(account, async (client) => {
      let path = findDraftsFolder(await client.list());
      if (path === null) {
        await client.mailboxCreate(DRAFTS_NAME);
        path = DRAFTS_NAME;
      }
      const res = await client.append(path, raw, ['\\Draft', '\\Seen']);
      if (!res) throw new Error('APPEND to Drafts failed');
      // APPENDUID (UIDPLUS) names the new copy; without it, find it by its (unique) Message-ID.
      const named =
        res.uid && res.uidValidity ? { uid: res.uid, uidValidity: BigInt(res.uidValidity) } : await uidOf(client, path, messageId);
      const copy: ServerCopy = { path, ...named };
      const removed: ServerCopy[] = [];
      const failed: ServerCopy[] = [];
      for (const old of obsolete) {
        if (old.path === copy.path && old.uid === copy.uid && old.uidValidity === copy.uidValidity) continue;
        try {
          await removeCopy(client, old);
          removed.push(old);
        } catch {
          // The new copy is in place; the stale one is retried later rather than failing the save.
          failed.push(old);
        }
      }
      return { copy, removed, failed };
    });
  }

  remove(account: AccountWithSecret, copies: readonly ServerCopy[]) {
    return this.withClient(account, async (client) => {
      const removed: ServerCopy[] = [];
      for (const c of copies) {
        await removeCopy(client, c);
        removed.push(c);
      }
      return removed;
    });
  }
}
