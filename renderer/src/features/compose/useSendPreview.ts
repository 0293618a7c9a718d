// send.preview while typing (debounced): the verdict per recipient colours the chips, the attachment
// findings mark files. Only the facts the policy reads are sent (names, not file contents), so a preview
// stays small however large the attachments are.
import { useEffect, useMemo, useState } from 'react';
import type { SendPreview } from '../../../../shared/domain/compose.js';
import { useApi } from '../../api/ApiContext.js';
import type { ComposeState } from './composeModel.js';

const PREVIEW_DELAY_MS = 250;

export function useSendPreview(state: ComposeState): SendPreview | null {
  const client = useApi();
  const [preview, setPreview] = useState<SendPreview | null>(null);
  const facts = useMemo(
    () => ({
      accountId: state.accountId,
      to: [...state.to],
      cc: [...state.cc],
      bcc: [...state.bcc],
      subject: state.subject,
      classification: state.classification,
      urgency: state.urgency,
      attachments: state.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, dataBase64: '' })),
    }),
    [state.accountId, state.to, state.cc, state.bcc, state.subject, state.classification, state.urgency, state.attachments],
  );
  const key = JSON.stringify(facts);

  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      void client.call('send.preview', facts).then((r) => {
        if (live && r.ok) setPreview(r.value);
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // `key` stands for `facts` (a new object on every render that changes them).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);

  return preview;
}
