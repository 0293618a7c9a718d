// The actions on the opened message. Each call returns as soon as the core has changed its local store (the
// server gets it through the core's queue, also offline), so the buttons show the new state at once.
// Opening an unread message marks it read after a short pause, as Outlook does, so arrowing through the
// list does not mark every message passed over.
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, Result } from '../../../../shared/contract/result.js';
import type { ActionOutcome } from '../../../../shared/domain/actions.js';
import type { MessageView } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';

export const MARK_READ_DELAY_MS = 600;

export interface MessageActions {
  readonly unread: boolean;
  readonly flagged: boolean;
  readonly error: ApiError | null;
  readonly toggleRead: () => void;
  readonly toggleFlag: () => void;
  readonly remove: () => void;
  readonly archive: () => void;
  readonly moveTo: (folderId: number) => void;
}

interface FlagState {
  readonly id: number;
  readonly unread: boolean;
  readonly flagged: boolean;
}

/** `onGone` runs when the message left the folder shown (moved, archived, deleted). */
export function useMessageActions(view: MessageView | null, onGone: () => void): MessageActions {
  const client = useApi();
  const id = view?.summary.id ?? null;
  const [local, setLocal] = useState<FlagState | null>(null);
  const [error, setError] = useState<{ id: number | null; error: ApiError } | null>(null);

  const flags: FlagState | null =
    view === null ? null : local?.id === view.summary.id ? local : { id: view.summary.id, unread: view.summary.unread, flagged: view.summary.flagged };

  const report = useCallback(
    (r: Result<ActionOutcome>): boolean => {
      setError(r.ok ? null : { id, error: r.error });
      return r.ok;
    },
    [id],
  );

  const setFlags = useCallback(
    (change: { seen?: boolean; flagged?: boolean }, next: FlagState): void => {
      setLocal(next);
      void client.call('messages.setFlags', { ids: [next.id], ...change }).then(report);
    },
    [client, report],
  );

  const unreadOnOpen = view?.summary.unread ?? false;
  useEffect(() => {
    if (id === null || !unreadOnOpen) return undefined;
    const timer = window.setTimeout(() => {
      setLocal((prev) => ({ id, unread: false, flagged: prev?.id === id ? prev.flagged : (view?.summary.flagged ?? false) }));
      void client.call('messages.setFlags', { ids: [id], seen: true }).then(report);
    }, MARK_READ_DELAY_MS);
    return () => window.clearTimeout(timer);
    // view.summary.flagged is read only as the starting value; the timer is per opened message.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, id, unreadOnOpen, report]);

  const leave = useCallback(
    (call: Promise<Result<ActionOutcome>>): void => {
      void call.then((r) => {
        if (report(r)) onGone();
      });
    },
    [report, onGone],
  );

  return {
    unread: flags?.unread ?? false,
    flagged: flags?.flagged ?? false,
    error: error !== null && error.id === id ? error.error : null,
    toggleRead: () => {
      if (flags) setFlags({ seen: flags.unread }, { ...flags, unread: !flags.unread });
    },
    toggleFlag: () => {
      if (flags) setFlags({ flagged: !flags.flagged }, { ...flags, flagged: !flags.flagged });
    },
    remove: () => {
      if (id !== null) leave(client.call('messages.delete', { ids: [id] }));
    },
    archive: () => {
      if (id !== null) leave(client.call('messages.archive', { ids: [id] }));
    },
    moveTo: (folderId: number) => {
      if (id !== null && folderId !== view?.summary.folderId) leave(client.call('messages.move', { ids: [id], folderId }));
    },
  };
}
