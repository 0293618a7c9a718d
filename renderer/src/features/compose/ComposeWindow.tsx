// One message being written (issue 5 §1, §3, §4): from, recipients as policy-coloured chips, subject with
// its Saraban markings, plain or formatted body, attachments (picker, drag and drop, paste), autosaved
// drafts, and Send through the send dialog. The core judges again when the message is submitted.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SendPreview } from '../../../../shared/domain/compose.js';
import { parseSubjectMarkings, subjectWithMarkings } from '../../../../shared/domain/markings.js';
import { classificationRank, strongerClassification } from '../../../../shared/domain/classificationOrder.js';
import type { AccountSummary, Locale } from '../../../../shared/domain/schemas.js';
import type { Classification } from '../../../../shared/policy/types.js';
import { useApi } from '../../api/ApiContext.js';
import { Icon } from '../../components/Icon.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { formatSize } from '../../i18n/formatSize.js';
import { AttachmentBar } from './AttachmentBar.js';
import { isDowngrade, MAX_ATTACHMENT_BYTES, toComposeInput, type ComposeState, type RecipientField as Field } from './composeModel.js';
import { ComposeStatus } from './ComposeStatus.js';
import { MarkingsPicker } from './MarkingsPicker.js';
import { MAX_INLINE_IMAGE_BYTES } from './inlineImages.js';
import { readAttachments, readInlineImages, type AttachProblem } from './readAttachments.js';
import { RecipientField } from './RecipientField.js';
import { RichEditor } from './RichEditor.js';
import { sanitizeComposeHtml, textToHtml } from './richHtml.js';
import { SendDialog, type SendAnswers } from './SendDialog.js';
import { chipVerdicts } from './sendDecision.js';
import { SignatureEditor } from './SignatureEditor.js';
import { useDraftAutosave } from './useDraftAutosave.js';
import { useSendPreview } from './useSendPreview.js';
import type { ComposeSession } from './useComposer.js';
import './compose.css';

export interface ComposeWindowProps {
  session: ComposeSession;
  accounts: readonly AccountSummary[];
  onClose: () => void;
}

interface DialogState {
  readonly preview: SendPreview;
  readonly downgrade: { from: Classification; to: Classification } | null;
}

const EMPTY = new Map();

export function ComposeWindow({ session, accounts, onClose }: ComposeWindowProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const client = useApi();
  const [state, setState] = useState<ComposeState>(session.state);
  const [version, setVersion] = useState(0);
  const seed = session.state.html ?? textToHtml(session.state.text);
  const rich = useRef<{ html: string; text: string }>({ html: seed, text: session.state.text });
  const [richSeed, setRichSeed] = useState(seed);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [policySource, setPolicySource] = useState<string | null>(null);
  const preview = useSendPreview(state);
  const verdicts = preview ? chipVerdicts(preview) : EMPTY;

  useEffect(() => {
    void client.call('policy.effective', {}).then((r) => {
      if (r.ok) setPolicySource(r.value.path ?? (r.value.source === 'default' ? null : r.value.source));
    });
  }, [client]);

  const update = useCallback((patch: Partial<ComposeState>): void => {
    setState((s) => ({ ...s, ...patch }));
    setVersion((v) => v + 1);
  }, []);

  const body = useCallback(
    (s: ComposeState) =>
      s.rich ? { text: rich.current.text, html: sanitizeComposeHtml(rich.current.html, window) } : { text: s.text },
    [],
  );
  // Names this message's inline images (Content-IDs); the same for every autosave of this window.
  const [cidToken] = useState(() => crypto.randomUUID().replace(/-/gu, ''));
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });
  const autosave = useDraftAutosave(session.state.draftId, version, () => ({
    compose: toComposeInput(stateRef.current, body(stateRef.current), cidToken),
    originalClassification: stateRef.current.originalClassification,
  }));

  const showProblems = (problems: readonly AttachProblem[]): void => {
    setNotice(
      problems
        .map((p) =>
          p.kind === 'too-large'
            ? t('compose.sizeRefused', { name: p.name, limit: formatSize(MAX_ATTACHMENT_BYTES, locale) })
            : p.kind === 'image-too-large'
              ? t('compose.imageTooLarge', { name: p.name, limit: formatSize(MAX_INLINE_IMAGE_BYTES, locale) })
              : t('compose.readFailed', { name: p.name }),
        )
        .join(' ') || null,
    );
  };
  const inlineHtml = (): string => (stateRef.current.rich ? rich.current.html : '');

  const addFiles = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    const { added, problems } = await readAttachments(files, stateRef.current.attachments, inlineHtml());
    if (added.length) update({ attachments: [...stateRef.current.attachments, ...added] });
    showProblems(problems);
  };

  const addImages = async (files: File[]): Promise<string[]> => {
    const { urls, problems } = await readInlineImages(files, stateRef.current.attachments, inlineHtml());
    showProblems(problems);
    return urls;
  };

  const setRecipients = (field: Field) => (values: string[]) => update({ [field]: values });

  const submit = async (answers: SendAnswers, confirmed: boolean): Promise<void> => {
    const input = toComposeInput(state, body(state), cidToken);
    setBusy(true);
    setSendError(null);
    const r = await client.call('send.submit', { ...input, confirmed, ...answers });
    setBusy(false);
    if (r.ok) {
      autosave.stop();
      const id = autosave.draftId();
      if (id !== null) await client.call('drafts.delete', { id });
      onClose();
      return;
    }
    setSendError(t('compose.failed', { message: errorMessage(t, r.error.code) }));
  };

  const send = async (): Promise<void> => {
    setSendError(null);
    if (state.to.length + state.cc.length + state.bcc.length === 0) {
      setSendError(t('compose.noRecipients'));
      return;
    }
    const input = toComposeInput(state, body(state), cidToken);
    // The preview judges names and types only: the bytes stay here (inline images are listed too).
    const p = await client.call('send.preview', { ...input, attachments: (input.attachments ?? []).map((a) => ({ ...a, dataBase64: '' })) });
    if (!p.ok) {
      setSendError(t('compose.failed', { message: errorMessage(t, p.error.code) }));
      return;
    }
    const original = state.originalClassification;
    // The class sent is the one the core judged (a marking typed in the subject counts).
    const downgrade =
      original !== null && classificationRank(p.value.classification) < classificationRank(original)
        ? { from: original, to: p.value.classification }
        : null;
    if (p.value.verdict === 'allow' && downgrade === null) await submit({}, false);
    else setDialog({ preview: p.value, downgrade });
  };

  const discard = async (): Promise<void> => {
    autosave.stop();
    const id = autosave.draftId();
    if (id !== null) await client.call('drafts.delete', { id });
    onClose();
  };

  const saveAndClose = async (): Promise<void> => {
    await autosave.flush();
    autosave.stop();
    onClose();
  };

  const account = accounts.find((a) => a.id === state.accountId);
  // Computed here, not from the (debounced) preview, so it follows the pickers at once; same rule as the core.
  const marked = parseSubjectMarkings(state.subject);
  const sentSubject = subjectWithMarkings(
    state.subject,
    strongerClassification(state.classification, marked.classification),
    state.urgency === 'none' ? marked.urgency : state.urgency,
  );
  const title = t(session.title === 'reply' ? 'compose.titleReply' : session.title === 'forward' ? 'compose.titleForward' : session.title === 'draft' ? 'compose.titleDraft' : 'compose.titleNew');

  return (
    <section
      className="compose-window"
      aria-label={t('compose.region')}
      onDragOver={(e) => {
        if ([...e.dataTransfer.types].includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length) {
          e.preventDefault();
          void addFiles([...e.dataTransfer.files]);
        }
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !dialog) {
          e.preventDefault();
          void send();
        }
      }}
    >
      <header className="compose-header">
        <h2 className="compose-title">{title}</h2>
        <div className="compose-commands">
          <button type="button" className="button primary send-button" disabled={busy} onClick={() => void send()} title="Ctrl+Enter">
            <Icon name="send" />
            {busy ? t('compose.sending') : t('compose.send')}
          </button>
          <button type="button" className="button secondary" onClick={() => void saveAndClose()}>
            {t('compose.saveAndClose')}
          </button>
          <button type="button" className="button secondary danger-text" onClick={() => setConfirmDiscard(true)}>
            <Icon name="trash" />
            {t('compose.discard')}
          </button>
        </div>
      </header>
      {confirmDiscard && (
        <div className="compose-confirm" role="alertdialog" aria-label={t('compose.discardConfirm')}>
          <span>{t('compose.discardConfirm')}</span>
          <button type="button" className="button danger" onClick={() => void discard()}>
            {t('compose.discardYes')}
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirmDiscard(false)}>
            {t('compose.keepEditing')}
          </button>
        </div>
      )}
      <div className="compose-scroll">
        <div className="compose-row">
          <label className="compose-label" htmlFor="compose-from">
            {t('compose.from')}
          </label>
          <select id="compose-from" className="compose-from" value={state.accountId} onChange={(e) => update({ accountId: Number(e.target.value) })}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName ? `${a.displayName} <${a.email}>` : a.email}
              </option>
            ))}
          </select>
          <span className="compose-toggles">
            {!state.showCc && (
              <button type="button" className="link-button" onClick={() => update({ showCc: true })}>
                {t('compose.showCc')}
              </button>
            )}
            {!state.showBcc && (
              <button type="button" className="link-button" onClick={() => update({ showBcc: true })}>
                {t('compose.showBcc')}
              </button>
            )}
          </span>
        </div>
        <RecipientField field="to" label={t('compose.to')} values={state.to} onChange={setRecipients('to')} verdicts={verdicts} />
        {state.showCc && <RecipientField field="cc" label={t('compose.cc')} values={state.cc} onChange={setRecipients('cc')} verdicts={verdicts} />}
        {state.showBcc && <RecipientField field="bcc" label={t('compose.bcc')} values={state.bcc} onChange={setRecipients('bcc')} verdicts={verdicts} />}
        <div className="compose-row">
          <label className="compose-label" htmlFor="compose-subject">
            {t('compose.subject')}
          </label>
          <input id="compose-subject" className="compose-subject" type="text" value={state.subject} onChange={(e) => update({ subject: e.target.value })} />
        </div>
        <MarkingsPicker
          classification={state.classification}
          urgency={state.urgency}
          documentNumber={state.documentNumber}
          downgradeFrom={isDowngrade(state) ? state.originalClassification : null}
          onChange={update}
        />
        {sentSubject !== state.subject.trim() && sentSubject !== '' && (
          <p className="subject-preview">{t('compose.subjectPreview', { subject: sentSubject })}</p>
        )}
        <AttachmentBar
          attachments={state.attachments}
          findings={preview?.attachments ?? []}
          locale={locale}
          onFiles={(files) => void addFiles(files)}
          onRemove={(i) => update({ attachments: state.attachments.filter((_, j) => j !== i) })}
        />
        {notice && (
          <p className="compose-warning" role="alert">
            {notice}
          </p>
        )}
        <div className="compose-format" role="group" aria-label={t('compose.bodyFormat')}>
          <button
            type="button"
            className="format-button"
            aria-pressed={!state.rich}
            onClick={() => {
              if (state.rich) update({ rich: false, text: rich.current.text });
            }}
          >
            {t('compose.plain')}
          </button>
          <button
            type="button"
            className="format-button"
            aria-pressed={state.rich}
            onClick={() => {
              if (!state.rich) {
                setRichSeed(textToHtml(state.text));
                rich.current = { html: textToHtml(state.text), text: state.text };
                update({ rich: true });
              }
            }}
          >
            {t('compose.rich')}
          </button>
          {account && <SignatureEditor account={account} onInsert={(sig) => update({ text: `${state.text}\n-- \n${sig}\n` })} canInsert={!state.rich} />}
        </div>
        {state.rich ? (
          <RichEditor
            key={richSeed}
            initialHtml={richSeed}
            label={t('compose.body')}
            onChange={(html, text) => {
              rich.current = { html, text };
              setVersion((v) => v + 1);
            }}
            onFiles={(files) => void addFiles(files)}
            onImages={addImages}
          />
        ) : (
          <textarea
            className="compose-body"
            aria-label={t('compose.body')}
            value={state.text}
            onChange={(e) => update({ text: e.target.value })}
            spellCheck
          />
        )}
      </div>
      <ComposeStatus status={autosave.status} error={sendError} />
      {dialog && (
        <SendDialog
          preview={dialog.preview}
          downgrade={dialog.downgrade}
          policySource={policySource}
          busy={busy}
          error={sendError}
          onBack={() => {
            setDialog(null);
            setSendError(null);
          }}
          onSend={(answers) => void submit(answers, true)}
        />
      )}
    </section>
  );
}
