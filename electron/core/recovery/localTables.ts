// Which tables of the profile database hold data that exists only on this device, and so must survive a
// rebuild of the cache (DESIGN.md §3): everything except the server cache. A deny list on purpose: a
// table added by a later migration (drafts, keys, contacts) is kept by default, and the cache is the part
// whose loss costs only a download.
import type { SqliteDatabase } from '../store/openDatabase.js';

/** Tables refilled by the next sync (or derived from what it downloads). */
export const SERVER_CACHE_TABLES: ReadonlySet<string> = new Set([
  'folders',
  'messages',
  'message_sources',
  'search_docs',
  // Conversation index, rebuilt from the cached messages' Message-ID/References (migration 0006).
  'thread_msgids',
]);

interface TableRow {
  readonly name: string;
  readonly sql: string | null;
}

/**
 * The local-only tables of `db`'s schema, parents before children (foreign keys), so copying them in this
 * order satisfies each reference. Excluded besides the cache: SQLite's own tables, virtual tables and
 * their shadow tables (FTS5 indexes are rebuilt from search_docs), and any table with a foreign key into an
 * excluded table (its rows describe cached messages: they would be refused anyway).
 */
export function localOnlyTables(db: SqliteDatabase): string[] {
  const all = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
    .all() as TableRow[];
  const virtual = all.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/iu.test(t.sql ?? '')).map((t) => t.name);
  const isShadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const excluded = new Set<string>(SERVER_CACHE_TABLES);
  for (const t of all) {
    if (t.name.startsWith('sqlite_') || virtual.includes(t.name) || isShadow(t.name)) excluded.add(t.name);
  }
  const parents = new Map<string, string[]>();
  for (const t of all) {
    if (excluded.has(t.name)) continue;
    const fks = db.pragma(`foreign_key_list("${t.name.replace(/"/gu, '""')}")`) as { table: string }[];
    parents.set(
      t.name,
      fks.map((f) => f.table),
    );
  }
  // A child of an excluded table is excluded too, to a fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, ps] of parents) {
      if (ps.some((p) => p !== name && (excluded.has(p) || !parents.has(p)))) {
        excluded.add(name);
        parents.delete(name);
        changed = true;
      }
    }
  }
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (order.includes(name) || path.has(name)) return;
    path.add(name);
    for (const p of parents.get(name) ?? []) if (p !== name) visit(p, path);
    order.push(name);
  };
  for (const name of [...parents.keys()].sort()) visit(name, new Set());
  return order;
}
