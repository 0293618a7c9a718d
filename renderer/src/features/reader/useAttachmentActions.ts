// Open and Save for the reader's attachments. In the Electron app both go through messages.openAttachment,
// which the main process answers (electron/main/attachments/attachmentOpening.ts: it re-checks the risk,
// opens safe types, asks where to save). In the browser host, Save fetches the bytes and downloads them.
import { useCallback, useState } from 'react';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import { useApi } from '../../api/ApiContext.js';
import { base64ToBytes, type AttachmentHost } from './attachmentActions.js';
import { downloadBytes } from './downloadBytes.js';

export interface AttachmentActionState {
  /** The attachment index being opened or saved. */
  readonly busy: number | null;
  readonly error: { readonly index: number; readonly code: ErrorCode } | null;
}

export interface AttachmentActions extends AttachmentActionState {
  open(index: number): void;
  save(index: number): void;
}

export function useAttachmentActions(messageId: number, host: AttachmentHost): AttachmentActions {
  const client = useApi();
  const [state, setState] = useState<AttachmentActionState>({ busy: null, error: null });

  const run = useCallback(
    (index: number, purpose: 'open' | 'save') => {
      setState({ busy: index, error: null });
      const done = (code: ErrorCode | null) =>
        setState({ busy: null, error: code === null ? null : { index, code } });
      if (host === 'browser' && purpose === 'save') {
        void client.call('messages.attachmentData', { id: messageId, index }).then((r) => {
          if (!r.ok) return done(r.error.code);
          downloadBytes(window, r.value.filename, base64ToBytes(r.value.dataBase64));
          return done(null);
        });
        return;
      }
      void client.call('messages.openAttachment', { id: messageId, index, purpose }).then((r) => {
        // A cancelled save dialog is the user's choice, not an error to show.
        if (!r.ok && purpose === 'save' && r.error.code === 'INVALID_ARGUMENT') return done(null);
        return done(r.ok ? null : r.error.code);
      });
    },
    [client, messageId, host],
  );

  return {
    ...state,
    open: useCallback((index: number) => run(index, 'open'), [run]),
    save: useCallback((index: number) => run(index, 'save'), [run]),
  };
}
