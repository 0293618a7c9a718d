// Re-paths a renamed folder and every folder under it, keeping their ids and so their messages, cached
// bodies and search entries (a rename on the server keeps the UIDs).
import type { SqliteDatabase } from './openDatabase.js';

export function renameFolderPaths(db: SqliteDatabase, accountId: number, oldPath: string, newPath: string, delimiter: string): void {
  const rows = db
    .prepare<[number], { id: number; path: string }>('SELECT id, path FROM folders WHERE account_id = ?')
    .all(accountId)
    .filter((r) => r.path === oldPath || r.path.startsWith(oldPath + delimiter));
  const update = db.prepare<[string, string, number]>('UPDATE folders SET path = ?, name = ? WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) {
      const path = newPath + r.path.slice(oldPath.length);
      const cut = path.lastIndexOf(delimiter);
      update.run(path, cut >= 0 ? path.slice(cut + delimiter.length) : path, r.id);
    }
  }).immediate();
}
