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

// Names a server without SPECIAL-USE (RFC 6154) gives its role folders: Exchange/Outlook, common webmail and
// Thai clients. imapflow already guesses from names; this covers entries it left without a role, and only for
// a role no other folder holds, so a server's own attribute always wins over a name.
const ROLE_NAMES: Readonly<Record<string, SpecialUse>> = Object.fromEntries(
  (
    [
      ['sent', ['sent', 'sent items', 'sent mail', 'sent messages', 'ส่งแล้ว', 'รายการที่ส่ง', 'จดหมายที่ส่ง', 'อีเมลที่ส่ง']],
      ['drafts', ['drafts', 'draft', 'ฉบับร่าง', 'จดหมายร่าง']],
      ['trash', ['trash', 'deleted items', 'deleted messages', 'bin', 'ถังขยะ', 'รายการที่ลบ']],
      ['junk', ['junk', 'junk e-mail', 'junk email', 'spam', 'bulk mail', 'จดหมายขยะ', 'อีเมลขยะ']],
      ['archive', ['archive', 'archives', 'เก็บถาวร', 'ที่เก็บถาวร']],
    ] as const
  ).flatMap(([role, names]) => names.map((n) => [n, role] as const)),
);

export function roleByName(name: string): SpecialUse | null {
  return ROLE_NAMES[name.normalize('NFC').trim().toLowerCase()] ?? null;
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
      subscribed: role === 'inbox' || entry.subscribed === true,
    });
  }
  const taken = new Set(out.map((f) => f.specialUse));
  return out.map((f) => {
    // Only top-level folders: "Projects/Sent" is a user's folder, not the account's Sent.
    const guess = f.specialUse === null && !f.path.includes(f.delimiter) ? roleByName(f.name) : null;
    if (guess === null || taken.has(guess)) return f;
    taken.add(guess);
    return { ...f, specialUse: guess };
  });
}

/** Roles the client itself files into or reads from, synced even when the user never subscribed to them. */
const ALWAYS_SYNCED: ReadonlySet<SpecialUse> = new Set(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive']);

/** Subscribed folders (RFC 3501 §6.3.6 LSUB) are what the user asked to see; INBOX and role folders always. */
export const isSynced = (f: Pick<FolderUpsert, 'subscribed' | 'specialUse'>): boolean =>
  f.subscribed || (f.specialUse !== null && ALWAYS_SYNCED.has(f.specialUse));
