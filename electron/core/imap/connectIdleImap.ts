// The push connection (electron/core/sync/accountWatcher.ts): the same TLS rules as every other connection
// (imapOptions), but with imapflow's automatic IDLE on, because nothing else runs on it. The sync connections
// keep it off so an IDLE never interleaves with their commands.
import { ImapFlow } from 'imapflow';
import type { AccountWithSecret } from '../store/mailStore.js';
import { imapOptions, type ImapConnectOptions } from './imapOptions.js';
import { mapImapError } from './mapImapError.js';

/** IDLE is re-issued this often (RFC 2177 §3: servers may drop an IDLE after 30 minutes of silence). */
export const IDLE_RENEW_MS = 4 * 60_000;
/** imapflow waits 15 s of quiet before its automatic IDLE; the watcher has nothing else to do, so it starts at once. */
export const IDLE_START_MS = 100;

export async function connectIdleImap(account: AccountWithSecret, opts: ImapConnectOptions = {}): Promise<ImapFlow> {
  const client = new ImapFlow({ ...imapOptions(account, opts), disableAutoIdle: false, autoIdleDelay: IDLE_START_MS, maxIdleTime: IDLE_RENEW_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw mapImapError(e);
  }
  return client;
}
