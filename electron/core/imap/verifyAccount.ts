// Run before an account is stored: the account is only saved when its server accepts TLS, the
// certificate and the credentials, so a typo is reported at once instead of at the first sync.
import type { AccountWithSecret } from '../store/mailStore.js';
import { connectImap } from './connectImap.js';
import type { ImapConnectOptions } from './imapOptions.js';
import { mapImapError } from './mapImapError.js';

export async function verifyAccount(account: AccountWithSecret, opts: ImapConnectOptions = {}): Promise<void> {
  const client = await connectImap(account, opts);
  try {
    await client.logout();
  } catch (e) {
    throw mapImapError(e);
  } finally {
    client.close();
  }
}
