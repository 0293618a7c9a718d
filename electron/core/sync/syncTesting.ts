// Test support for the folder-sync tests (not a test itself): an encrypted store in a temporary folder with
// one account and its INBOX, removed after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteMailStore } from '../store/sqliteMailStore.js';

export function storeWithInbox(
  t: { after: (fn: () => void) => void },
  prefix: string,
): { store: SqliteMailStore; accountId: number; folderId: number } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = SqliteMailStore.open(join(dir, 'mail.db'), randomBytes(32));
  t.after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const account = store.addAccount({
    email: 'alice@example.go.th',
    displayName: '',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' },
    smtp: { host: '127.0.0.1', port: 465, security: 'tls' },
    user: 'alice',
    password: 'x',
  });
  store.replaceFolders(account.id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true }]);
  const folder = store.findFolderByPath(account.id, 'INBOX');
  if (!folder) throw new Error('INBOX was not stored');
  return { store, accountId: account.id, folderId: folder.id };
}
