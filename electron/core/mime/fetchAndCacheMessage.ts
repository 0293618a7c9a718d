// Opens a message for reading: from the encrypted cache when it is there, otherwise downloaded once from
// IMAP and cached. The download uses BODY.PEEK[] inside an EXAMINEd mailbox, so reading on this device
// never marks the message \Seen on the server behind the user's back; read state is a separate action.
import type { ImapFlow } from 'imapflow';
import { CodedError } from '../../../shared/contract/result.js';
import type { MessageSummary, MessageView } from '../../../shared/domain/schemas.js';
import { closeImap, connectImap } from '../imap/connectImap.js';
import type { ImapConnectOptions } from '../imap/imapOptions.js';
import { mapImapError } from '../imap/mapImapError.js';
import type { AccountWithSecret, MailStore } from '../store/mailStore.js';
import { parseMessage } from './parseMessage.js';

export interface FetchAndCacheParams {
  readonly store: MailStore;
  readonly account: AccountWithSecret;
  readonly imapOpts?: ImapConnectOptions;
  /** The store's message id (not the Message-ID header). */
  readonly messageId: number;
  /** Injected for tests; defaults to connectImap. */
  readonly connect?: (account: AccountWithSecret, opts: ImapConnectOptions) => Promise<ImapFlow>;
}

async function download(client: ImapFlow, path: string, uid: number, uidValidity: bigint | null): Promise<Uint8Array> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const mailbox = client.mailbox;
    // A UID only names a message under the UIDVALIDITY it was seen with (RFC 3501 §2.3.1.1); under a
    // new one the same number may be a different message, which must not be cached under this id.
    if (!mailbox || uidValidity === null || mailbox.uidValidity !== uidValidity) {
      throw new CodedError('NOT_FOUND', 'The folder changed on the server; sync it again.');
    }
    const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!msg || !msg.source) throw new CodedError('NOT_FOUND', 'The message is no longer on the server.');
    return new Uint8Array(msg.source.buffer, msg.source.byteOffset, msg.source.byteLength);
  } finally {
    lock.release();
  }
}

export async function fetchAndCacheMessage(params: FetchAndCacheParams): Promise<MessageView> {
  const { store, account, messageId } = params;
  const stored = store.getMessage(messageId);
  if (!stored || stored.accountId !== account.id) throw new CodedError('NOT_FOUND', 'No such message.');
  const { messageIdHeader: _header, ...rest } = stored;
  const summary: MessageSummary = rest;

  const cached = store.getRawSource(messageId);
  if (cached) return parseMessage(cached, { ...summary, cached: true });

  const folder = store.getFolder(summary.folderId);
  if (!folder) throw new CodedError('NOT_FOUND', 'The message folder is gone.');
  const client = await (params.connect ?? connectImap)(account, params.imapOpts ?? {});
  let source: Uint8Array;
  try {
    source = await download(client, folder.path, summary.uid, folder.state.uidValidity);
  } catch (e) {
    throw mapImapError(e);
  } finally {
    await closeImap(client);
  }
  store.putRawSource(messageId, source);
  return parseMessage(source, { ...summary, cached: true });
}
