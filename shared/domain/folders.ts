// Folder management and conversations (issue 4 §2): API argument and event shapes.
import { z } from 'zod';
import type { Folder } from './schemas.js';

const id = z.number().int().positive();

// A folder name is one path segment: the hierarchy delimiter is the server's (usually "/" or "."), so the
// core refuses a name containing it; control characters and surrounding spaces are never a folder name.
const folderName = z
  .string()
  .trim()
  .min(1, 'a folder name is required')
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'the folder name contains control characters');

export const FolderCreateArgs = z.strictObject({
  accountId: id,
  /** The parent folder's path; absent for a top-level folder. */
  parentPath: z.string().min(1).max(1000).optional(),
  name: folderName,
});
export type FolderCreateArgs = z.output<typeof FolderCreateArgs>;

export const FolderRenameArgs = z.strictObject({ folderId: id, newName: folderName });
export type FolderRenameArgs = z.output<typeof FolderRenameArgs>;

export const FolderDeleteArgs = z.strictObject({ folderId: id });
export type FolderDeleteArgs = z.output<typeof FolderDeleteArgs>;

export const ThreadArgs = z.strictObject({ id });

/** New mail arrived in an inbox (push or poll); the Electron main shows a desktop notification. */
export const MailNew = z.strictObject({
  accountId: id,
  folderId: id,
  count: z.number().int().positive(),
  /** The newest message: sender's name (or address) and subject; null if it could not be read. */
  latest: z.strictObject({ from: z.string(), subject: z.string() }).nullable(),
});
export type MailNew = z.infer<typeof MailNew>;

/**
 * The folder drafts are saved in, as the core's draftServer.ts picks it on the server: `\Drafts` by special use,
 * else one named "Drafts" (any case) when no folder of the account has that use. The reader offers to continue
 * its messages as drafts, and the core opens only those (their next save replaces the server copy).
 */
export function isDraftsFolder(folder: Pick<Folder, 'path' | 'specialUse'>, siblings: readonly Pick<Folder, 'specialUse'>[]): boolean {
  if (folder.specialUse === 'drafts') return true;
  return !siblings.some((f) => f.specialUse === 'drafts') && folder.path.toLowerCase() === 'drafts';
}
