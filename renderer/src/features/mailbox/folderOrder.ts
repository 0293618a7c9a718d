// Folder order and presentation: special-use folders first in the order Outlook users know, then the
// rest by path, each indented by its depth in the server's hierarchy.
import type { Folder, SpecialUse } from '../../../../shared/domain/schemas.js';
import type { IconName } from '../../components/Icon.js';

const SPECIAL_ORDER: readonly SpecialUse[] = [
  'inbox',
  'drafts',
  'sent',
  'archive',
  'flagged',
  'all',
  'junk',
  'trash',
];

export const SPECIAL_ICON: Record<SpecialUse, IconName> = {
  inbox: 'inbox',
  sent: 'send',
  drafts: 'draft',
  trash: 'trash',
  junk: 'junk',
  archive: 'archive',
  all: 'all',
  flagged: 'star',
};

export interface FolderRow {
  folder: Folder;
  depth: number;
}

const rank = (f: Folder): number =>
  f.specialUse ? SPECIAL_ORDER.indexOf(f.specialUse) : SPECIAL_ORDER.length;

export function orderFolders(folders: readonly Folder[]): FolderRow[] {
  return [...folders]
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, 'th'))
    .map((folder) => ({
      folder,
      // Special folders sit at the top level whatever their server path (e.g. "[Gmail]/Sent Mail").
      depth:
        folder.specialUse || !folder.delimiter
          ? 0
          : Math.min(folder.path.split(folder.delimiter).length - 1, 6),
    }));
}

/** The folder shown first: the first account's inbox, else its first folder. */
export function defaultFolderId(
  accountIds: readonly number[],
  foldersByAccount: ReadonlyMap<number, readonly Folder[]>,
): number | null {
  for (const id of accountIds) {
    const folders = foldersByAccount.get(id) ?? [];
    const inbox = folders.find((f) => f.specialUse === 'inbox') ?? orderFolders(folders)[0]?.folder;
    if (inbox) return inbox.id;
  }
  return null;
}
