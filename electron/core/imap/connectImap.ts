// Opens an authenticated IMAP session, or throws a CodedError (see mapImapError) — never a raw error.
import { ImapFlow } from 'imapflow';
import type { AccountWithSecret } from '../store/mailStore.js';
import { imapOptions, type ImapConnectOptions } from './imapOptions.js';
import { mapImapError } from './mapImapError.js';

export async function connectImap(account: AccountWithSecret, opts: ImapConnectOptions = {}): Promise<ImapFlow> {
  const client = new ImapFlow(imapOptions(account, opts));
  // imapflow emits 'error' for failures after connect(); without a listener Node would throw it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw mapImapError(e);
  }
  return client;
}

/** Logs out politely, but never lets a failing LOGOUT hide the caller's own result or error. */
export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    if (client.usable) await client.logout();
  } catch {
    // the connection is going away either way
  } finally {
    client.close();
  }
}
