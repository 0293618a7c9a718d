// Files a sent message in the account's Sent folder exactly once (issue 5 §2), and answers "is this
// Message-ID already in Sent?" for a message whose fate is uncertain after a crash. The Message-ID is
// fixed when the message is queued, so `SEARCH HEADER Message-ID` identifies it across restarts.
import type { ImapFlow, ListResponse } from 'imapflow';
import type { ImapConnectOptions } from '../imap/imapOptions.js';
import { withImapClient } from '../imap/withImapClient.js';
import type { AccountWithSecret } from '../store/mailStore.js';

export type FileOutcome = 'appended' | 'already-filed';

export interface SentFiler {
  /** Whether a message with this Message-ID is in the Sent folder (false when there is no Sent folder). */
  isFiled(account: AccountWithSecret, messageId: string): Promise<boolean>;
  /** Appends `raw` to Sent (created when missing) unless the Message-ID is already there. */
  file(account: AccountWithSecret, messageId: string, raw: Buffer): Promise<FileOutcome>;
}

const SENT_NAME = 'Sent';

/** RFC 6154 \Sent first, else a top-level folder named "Sent" (any case); null when neither exists. */
export function findSentFolder(list: readonly Pick<ListResponse, 'path' | 'specialUse' | 'flags'>[]): string | null {
  const flagged = list.find((f) => f.specialUse === '\\Sent' || f.flags.has('\\Sent'));
  if (flagged) return flagged.path;
  return list.find((f) => f.path.toLowerCase() === SENT_NAME.toLowerCase())?.path ?? null;
}

async function containsMessageId(client: ImapFlow, path: string, messageId: string): Promise<boolean> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    // HEADER search is a substring match (RFC 3501 §6.4.4); the angle brackets make it exact enough.
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    return Array.isArray(uids) && uids.length > 0;
  } finally {
    lock.release();
  }
}

export class ImapSentFiler implements SentFiler {
  constructor(private readonly imapOpts: ImapConnectOptions = {}) {}

  private withClient<T>(account: AccountWithSecret, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    return withImapClient(account, this.imapOpts, fn);
  }

  isFiled(account: AccountWithSecret, messageId: string): Promise<boolean> {
    return this.withClient(account, async (client) => {
      const path = findSentFolder(await client.list());
      return path !== null && (await containsMessageId(client, path, messageId));
    });
  }

  file(account: AccountWithSecret, messageId: string, raw: Buffer): Promise<FileOutcome> {
    return this.withClient(account, async (client) => {
      let path = findSentFolder(await client.list());
      if (path === null) {
        await client.mailboxCreate(SENT_NAME);
        path = SENT_NAME;
      } else if (await containsMessageId(client, path, messageId)) {
        // A previous attempt appended it and then lost the answer (or the server files sent mail itself).
        return 'already-filed';
      }
      const res = await client.append(path, raw, ['\\Seen']);
      if (!res) throw new Error('APPEND to Sent failed');
      return 'appended';
    });
  }
}
