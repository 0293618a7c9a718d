// Maps the server's folder list (LIST + LSUB, RFC 6154 special-use) onto the store's folder rows.
import type { ListResponse } from 'imapflow';
import type { SpecialUse } from '../../../shared/domain/schemas.js';
import type { FolderUpsert } from '../store/mailStore.js';

const ROLES: Readonly<Record<string, SpecialUse>> = {
  '\\inbox': 'inbox',
  '\\sent': 'sent',
  '\\drafts': 'drafts',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
  '\\all': 'all',
  '\\flagged': 'flagged',
};

/** RFC 6154 attribute (or imapflow's name-based guess, e.g. "Sent Items") → our role; INBOX always inbox. */
export function specialUseOf(entry: Pick<ListResponse, 'path' | 'specialUse'>): SpecialUse | null {
  // RFC 3501 §5.1: INBOX is case-insensitive and always the inbox, whatever the server flags.
  if (entry.path.toUpperCase() === 'INBOX') return 'inbox';
  return (entry.specialUse && ROLES[entry.specialUse.toLowerCase()]) || null;
}

export function toFolderUpserts(list: readonly ListResponse[]): FolderUpsert[] {
  const seen = new Set<string>();
  const out: FolderUpsert[] = [];
  for (const entry of list) {
    // A subscribed name that LIST no longer returns (\NonExistent, RFC 5258) is not a folder.
    if (entry.listed === false || entry.flags.has('\\NonExistent')) continue;
    if (seen.has(entry.path)) continue;
    seen.add(entry.path);
    const role = specialUseOf(entry);
    out.push({
      path: entry.path,
      name: role === 'inbox' ? 'INBOX' : entry.name,
      delimiter: entry.delimiter ?? '/',
      specialUse: role,
      // INBOX is always shown even on servers that never report it as subscribed.
      subscribed: role === 'inbox' || entry.subscribed,
    });
  }
  return out;
}
