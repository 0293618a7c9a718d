import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Folder } from '../../../../shared/domain/schemas.js';
import { defaultFolderId, orderFolders } from './folderOrder.js';

const f = (id: number, path: string, specialUse: Folder['specialUse'] = null): Folder => ({
  id,
  accountId: 1,
  path,
  name: path.split('/').at(-1) ?? path,
  delimiter: '/',
  specialUse,
  total: 0,
  unread: 0,
});

test('special folders first in Outlook order, then the rest by path with depth', () => {
  const rows = orderFolders([
    f(1, 'Zeta'),
    f(2, 'Trash', 'trash'),
    f(3, 'A/B'),
    f(4, 'INBOX', 'inbox'),
    f(5, 'A'),
    f(6, '[Gmail]/Sent', 'sent'),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.folder.id, r.depth]),
    [
      [4, 0],
      [6, 0],
      [2, 0],
      [5, 0],
      [3, 1],
      [1, 0],
    ],
  );
});

test('the default folder is the first account inbox, else its first folder', () => {
  const map = new Map([
    [1, [f(10, 'Archive', 'archive'), f(11, 'INBOX', 'inbox')]],
    [2, [f(20, 'Other')]],
  ]);
  assert.equal(defaultFolderId([1, 2], map), 11);
  assert.equal(defaultFolderId([2, 1], map), 20);
  assert.equal(defaultFolderId([3], map), null);
});
