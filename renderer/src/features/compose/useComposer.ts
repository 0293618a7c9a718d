// Which message is being composed, and how it starts: new, reply/forward (compose.prepare in the core),
// a draft (drafts.get; a message of a Drafts folder through drafts.fromMessage first), or a mailto: link the OS handed the app (compose.pendingMailto at start, then the
// compose.mailto event). The signature of the sending account goes in for everything but a draft.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/contract/result.js';
import type { ComposeMode } from '../../../../shared/domain/composeSupport.js';
import { parseMailto } from '../../../../shared/domain/mailto.js';
import type { AccountSummary } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';
import { fromComposeInput, withSignature, type ComposeState } from './composeModel.js';

export type ComposeRequest =
  | { kind: 'new' }
  | { kind: 'prepare'; mode: Exclude<ComposeMode, 'new'>; messageId: number }
  | { kind: 'draft'; id: number }
  /** A message of a Drafts folder (made here or by another mail client), opened as a draft. */
  | { kind: 'serverDraft'; messageId: number }
  | { kind: 'mailto'; url: string };

export type ComposeTitle = 'new' | 'reply' | 'forward' | 'draft';

export interface ComposeSession {
  /** Changes for every session, so the window remounts with fresh state. */
  readonly key: number;
  readonly title: ComposeTitle;
  readonly state: ComposeState;
}

export interface Composer {
  readonly session: ComposeSession | null;
  readonly loading: boolean;
  readonly error: ApiError | null;
  readonly open: (request: ComposeRequest) => void;
  readonly close: () => void;
}

const titleOf = (r: ComposeRequest): ComposeTitle =>
  r.kind === 'draft' || r.kind === 'serverDraft' ? 'draft' : r.kind === 'prepare' ? (r.mode === 'reply' || r.mode === 'replyAll' ? 'reply' : 'forward') : 'new';

export function useComposer(accounts: readonly AccountSummary[] | null): Composer {
  const client = useApi();
  const { i18n } = useTranslation();
  const [session, setSession] = useState<ComposeSession | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const counter = useRef(0);
  const firstAccount = accounts?.[0]?.id ?? null;

  const signed = useCallback(
    async (state: ComposeState): Promise<ComposeState> => {
      const r = await client.call('settings.getSignature', { accountId: state.accountId });
      return r.ok && r.value.trim() ? { ...state, text: withSignature(state.text, r.value) } : state;
    },
    [client],
  );

  const open = useCallback(
    (request: ComposeRequest): void => {
      const ticket = ++counter.current;
      setLoading(true);
      setError(null);
      const build = async (): Promise<ComposeState | ApiError> => {
        if (request.kind === 'draft' || request.kind === 'serverDraft') {
          let id: number;
          if (request.kind === 'serverDraft') {
            const adopted = await client.call('drafts.fromMessage', { messageId: request.messageId });
            if (!adopted.ok) return adopted.error;
            id = adopted.value.id;
          } else id = request.id;
          const r = await client.call('drafts.get', { id });
          if (!r.ok) return r.error;
          // A Bcc (one another client saved too) shows: composeModel opens the field when it is not empty.
          return fromComposeInput(r.value.compose, { draftId: id, originalClassification: r.value.originalClassification });
        }
        if (request.kind === 'prepare') {
          const locale = i18n.language === 'en' ? 'en' : 'th';
          const r = await client.call('compose.prepare', { mode: request.mode, messageId: request.messageId, locale });
          if (!r.ok) return r.error;
          return signed(fromComposeInput(r.value.compose, { originalClassification: r.value.originalClassification }));
        }
        if (firstAccount === null) return { code: 'NOT_FOUND', message: 'no account' };
        if (request.kind === 'mailto') {
          const m = parseMailto(request.url);
          if (!m) return { code: 'INVALID_ARGUMENT', message: 'not a mailto: link' };
          // Every field shown, Bcc included: a link must not copy mail to someone the user does not see.
          return signed(
            fromComposeInput(
              { accountId: firstAccount, to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, text: m.body, ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}) },
              { showAll: true },
            ),
          );
        }
        return signed(fromComposeInput({ accountId: firstAccount }));
      };
      void build().then((built) => {
        if (ticket !== counter.current) return;
        setLoading(false);
        if ('code' in built) setError(built);
        else setSession({ key: ticket, title: titleOf(request), state: built });
      });
    },
    [client, firstAccount, i18n, signed],
  );

  const close = useCallback((): void => {
    counter.current++;
    setSession(null);
    setLoading(false);
    setError(null);
  }, []);

  // mailto: links, once accounts are known (compose needs an account to write from).
  useEffect(() => {
    if (firstAccount === null) return undefined;
    let live = true;
    void client.call('compose.pendingMailto', {}).then((r) => {
      if (live && r.ok && r.value) open({ kind: 'mailto', url: r.value });
    });
    const off = client.on('compose.mailto', ({ url }) => open({ kind: 'mailto', url }));
    return () => {
      live = false;
      off();
    };
  }, [client, firstAccount, open]);

  return { session, loading, error, open, close };
}
