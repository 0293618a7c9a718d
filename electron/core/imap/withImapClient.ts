// One short-lived, logged-in IMAP session for a unit of work (filing to Sent, replacing a draft): connect,
// run, always log out, and surface failures with the stable codes of mapImapError.
import type { ImapFlow } from 'imapflow';
import type { AccountWithSecret } from '../store/mailStore.js';
import { closeImap, connectImap } from './connectImap.js';
import type { ImapConnectOptions } from './imapOptions.js';
import { mapImapError } from './mapImapError.js';

export async function withImapClient<T>(
  account: AccountWithSecret,
  opts: ImapConnectOptions,
  fn: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = await connectImap(account, opts);
  try {
    return await fn(client);
  } catch (e) {
    throw mapImapError(e);
  } finally {
    await closeImap(client);
  }
}
