// The shape of one queued action as the replay sees it. Each action names one folder and the UIDs in it, under
// the UIDVALIDITY they were seen with: a UID means nothing under another UIDVALIDITY (RFC 3501 §2.3.1.1).

export type ActionKind = 'flags' | 'move' | 'copy' | 'expunge';

/** UID STORE +FLAGS (add) / -FLAGS (remove), one flag per action, so a server-side change of another flag survives. */
export interface FlagsPayload {
  readonly uids: number[];
  readonly add: string[];
  readonly remove: string[];
}

/** UID MOVE / UID COPY; `placeholders` pairs each source UID with the local placeholder UID in the target. */
export interface TransferPayload {
  readonly uids: number[];
  readonly targetPath: string;
  readonly placeholders: [number, number][];
}

/** \Deleted + UID EXPUNGE of exactly these UIDs (never a plain EXPUNGE). */
export interface ExpungePayload {
  readonly uids: number[];
}

interface Base {
  readonly id: number;
  readonly accountId: number;
  readonly folderPath: string;
  readonly uidValidity: number | null;
  readonly attempts: number;
}

export type QueuedAction =
  | (Base & { readonly kind: 'flags'; readonly payload: FlagsPayload })
  | (Base & { readonly kind: 'move' | 'copy'; readonly payload: TransferPayload })
  | (Base & { readonly kind: 'expunge'; readonly payload: ExpungePayload });

export type NewAction = Omit<QueuedAction, 'id' | 'attempts'>;

/** Placeholder UIDs are handed out downwards from the top of the UID space, far above what servers assign. */
export const PLACEHOLDER_UID_TOP = 4294967295;
export const PLACEHOLDER_UID_FLOOR = 0xf0000000;

const numbers = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((n): n is number => Number.isInteger(n) && (n as number) > 0) : [];
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** Rebuilds an action from its row; the payload is our own JSON, still read defensively. */
export function actionFromRow(row: {
  id: number;
  account_id: number;
  kind: string;
  folder_path: string;
  uid_validity: number | null;
  payload: string;
  attempts: number;
}): QueuedAction | null {
  let p: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(row.payload);
    if (typeof parsed !== 'object' || parsed === null) return null;
    p = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const base: Base = {
    id: row.id,
    accountId: row.account_id,
    folderPath: row.folder_path,
    uidValidity: row.uid_validity,
    attempts: row.attempts,
  };
  switch (row.kind) {
    case 'flags':
      return { ...base, kind: 'flags', payload: { uids: numbers(p.uids), add: strings(p.add), remove: strings(p.remove) } };
    case 'move':
    case 'copy': {
      const pairs = Array.isArray(p.placeholders)
        ? p.placeholders.filter(
            (x): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every((n) => Number.isInteger(n)),
          )
        : [];
      if (typeof p.targetPath !== 'string') return null;
      return { ...base, kind: row.kind, payload: { uids: numbers(p.uids), targetPath: p.targetPath, placeholders: pairs } };
    }
    case 'expunge':
      return { ...base, kind: 'expunge', payload: { uids: numbers(p.uids) } };
    default:
      return null;
  }
}
