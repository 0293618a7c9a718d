// Shapes of the local mail actions (issue 4 §2, issue 3 §2): each applies to the local store at once and is
// queued for the server, so the UI never waits for the network and works the same offline.
import { z } from 'zod';

const id = z.number().int().positive();
/** Bounded so one call cannot pin the core; the UI acts on a selection, not on a whole 100k folder. */
const messageIds = z.array(id).min(1).max(5000);

export const SetFlagsArgs = z
  .strictObject({
    ids: messageIds,
    seen: z.boolean().optional(),
    flagged: z.boolean().optional(),
  })
  .refine((a) => a.seen !== undefined || a.flagged !== undefined, { message: 'nothing to change' });
export type SetFlagsArgs = z.input<typeof SetFlagsArgs>;

export const MoveArgs = z.strictObject({ ids: messageIds, folderId: id });
export type MoveArgs = z.input<typeof MoveArgs>;

export const MessageIdsArgs = z.strictObject({ ids: messageIds });
export type MessageIdsArgs = z.input<typeof MessageIdsArgs>;

export const EmptyTrashArgs = z.strictObject({ accountId: id });
export type EmptyTrashArgs = z.input<typeof EmptyTrashArgs>;

/** What a local action did: how many messages it changed here, and how many actions now wait for a server. */
export const ActionOutcome = z.strictObject({
  changed: z.number().int().min(0),
  queuedActions: z.number().int().min(0),
});
export type ActionOutcome = z.infer<typeof ActionOutcome>;
