// Drafts are saved automatically 5 s after the last change (locally, then to the server's Drafts folder by
// the core), when compose is closed with "save", and when it goes away with unsaved changes.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../shared/contract/result.js';
import type { ComposeInput } from '../../../../shared/domain/compose.js';
import type { DraftItem } from '../../../../shared/domain/composeSupport.js';
import type { Classification } from '../../../../shared/policy/types.js';
import { useApi } from '../../api/ApiContext.js';

export const AUTOSAVE_DELAY_MS = 5000;

export type DraftStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; item: DraftItem; at: number }
  | { kind: 'failed'; error: ApiError };

export interface DraftAutosave {
  readonly status: DraftStatus;
  /** The draft's id once it has been saved. */
  readonly draftId: () => number | null;
  /** Saves now (if anything changed since the last save); resolves with the draft id. */
  readonly flush: () => Promise<number | null>;
  /** Stops saving for good (the message was sent or discarded). */
  readonly stop: () => void;
}

export function useDraftAutosave(
  initialDraftId: number | null,
  version: number,
  snapshot: () => { compose: ComposeInput; originalClassification: Classification | null },
): DraftAutosave {
  const client = useApi();
  const [status, setStatus] = useState<DraftStatus>({ kind: 'idle' });
  const draftId = useRef<number | null>(initialDraftId);
  const savedVersion = useRef(version);
  const stopped = useRef(false);
  const latest = useRef({ version, snapshot });
  useLayoutEffect(() => {
    latest.current = { version, snapshot };
  });
  const inFlight = useRef<Promise<number | null> | null>(null);

  const save = useCallback(async (): Promise<number | null> => {
    if (stopped.current) return draftId.current;
    // One save at a time: the next one starts after, with the newest content.
    if (inFlight.current) await inFlight.current;
    const { version: v, snapshot: snap } = latest.current;
    if (v === savedVersion.current || stopped.current) return draftId.current;
    setStatus({ kind: 'saving' });
    const run = (async () => {
      const { compose, originalClassification } = snap();
      const r = await client.call('drafts.save', {
        ...(draftId.current !== null ? { id: draftId.current } : {}),
        compose,
        originalClassification,
      });
      if (r.ok) {
        draftId.current = r.value.id;
        savedVersion.current = v;
        setStatus({ kind: 'saved', item: r.value, at: Date.now() });
      } else setStatus({ kind: 'failed', error: r.error });
      return draftId.current;
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      if (inFlight.current === run) inFlight.current = null;
    }
  }, [client]);

  useEffect(() => {
    if (version === savedVersion.current) return undefined;
    const timer = window.setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [version, save]);

  // Going away with unsaved changes (another message opened in its place): keep them as a draft.
  useEffect(
    () => () => {
      if (!stopped.current && latest.current.version !== savedVersion.current) void save();
    },
    [save],
  );

  const getDraftId = useCallback(() => draftId.current, []);
  const stop = useCallback(() => {
    stopped.current = true;
  }, []);
  return { status, draftId: getDraftId, flush: save, stop };
}
