import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListResponse } from 'imapflow';
import { isSynced, specialUseOf, toFolderUpserts } from './folderUpserts.js';

const entry = (path: string, over: Partial<ListResponse> = {}): ListResponse => ({
  path,
  pathAsListed: path,
  name: path.split('/').pop() ?? path,
  delimiter: '/',
  parent: [],
  parentPath: '',
  flags: new Set(),
  listed: true,
  subscribed: false,
  ...over,
});

void test('special-use attributes map to roles; INBOX is always the inbox', () => {
  assert.equal(specialUseOf(entry('INBOX')), 'inbox');
  assert.equal(specialUseOf(entry('inbox')), 'inbox');
  assert.equal(specialUseOf(entry('Sent', { specialUse: '\\Sent' })), 'sent');
  assert.equal(specialUseOf(entry('Junk', { specialUse: '\\Junk' })), 'junk');
  assert.equal(specialUseOf(entry('ถังขยะ', { specialUse: '\\Trash' })), 'trash');
  assert.equal(specialUseOf(entry('All', { specialUse: '\\All' })), 'all');
  assert.equal(specialUseOf(entry('Work')), null);
  assert.equal(specialUseOf(entry('X', { specialUse: '\\Important' })), null);
});

void test('toFolderUpserts keeps subscription, drops non-existent and duplicate entries', () => {
  const out = toFolderUpserts([
    entry('INBOX', { specialUse: '\\Inbox' }),
    entry('Sent', { specialUse: '\\Sent', subscribed: true }),
    entry('Old', { listed: false, subscribed: true }),
    entry('Gone', { flags: new Set(['\\NonExistent']) }),
    entry('Projects/งาน', { name: 'งาน', delimiter: '/' }),
    entry('Sent', { specialUse: '\\Sent', subscribed: true }),
  ]);
  assert.deepEqual(out, [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: 'inbox', subscribed: true },
    { path: 'Sent', name: 'Sent', delimiter: '/', specialUse: 'sent', subscribed: true },
    { path: 'Projects/งาน', name: 'งาน', delimiter: '/', specialUse: null, subscribed: false },
  ]);
});

void test('a server without SPECIAL-USE: role folders are found by name, top level only, never twice', () => {
  const out = toFolderUpserts([
    entry('INBOX'),
    entry('Sent Items'),
    entry('Deleted Items'),
    entry('Junk E-mail'),
    entry('ฉบับร่าง'),
    entry('Archive'),
    entry('Projects/Sent'),
    entry('Sent', { specialUse: '\\Sent' }),
  ]);
  const role = (p: string) => out.find((f) => f.path === p)?.specialUse;
  assert.equal(role('Sent'), 'sent', "the server's attribute wins");
  assert.equal(role('Sent Items'), null, 'a second Sent is a plain folder');
  assert.equal(role('Deleted Items'), 'trash');
  assert.equal(role('Junk E-mail'), 'junk');
  assert.equal(role('ฉบับร่าง'), 'drafts');
  assert.equal(role('Archive'), 'archive');
  assert.equal(role('Projects/Sent'), null);
});

void test('isSynced: subscribed folders, INBOX and role folders', () => {
  assert.equal(isSynced({ subscribed: false, specialUse: null }), false);
  assert.equal(isSynced({ subscribed: true, specialUse: null }), true);
  assert.equal(isSynced({ subscribed: false, specialUse: 'trash' }), true);
  assert.equal(isSynced({ subscribed: false, specialUse: 'all' }), false);
});
