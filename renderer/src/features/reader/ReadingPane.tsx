import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isDraftsFolder } from '../../../../shared/domain/folders.js';
import type { Folder, Locale } from '../../../../shared/domain/schemas.js';
import { createDateFormatter } from '../../i18n/formatDate.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import { AttachmentList } from './AttachmentList.js';
import { MessageBody } from './MessageBody.js';
import { MessageActions } from './MessageActions.js';
import { MessageHeader } from './MessageHeader.js';
import { useMessageActions } from './useMessageActions.js';
import { useMessage } from './useMessage.js';
import { MarkingsBanner } from '../compose/MarkingsBanner.js';
import { ReplyBar, type ReplyMode } from '../compose/ReplyBar.js';

const NO_FOLDERS: readonly Folder[] = [];

/** The message is in its account's Drafts folder (the core checks again before it opens it as a draft). */
function inDraftsFolder(m: { accountId: number; folderId: number }, foldersByAccount?: ReadonlyMap<number, readonly Folder[]>): boolean {
  const folders = foldersByAccount?.get(m.accountId) ?? NO_FOLDERS;
  const folder = folders.find((f) => f.id === m.folderId);
  return folder !== undefined && isDraftsFolder(folder, folders);
}
const noop = (): void => undefined;

export interface ReadingPaneProps {
  messageId: number | null;
  foldersByAccount?: ReadonlyMap<number, readonly Folder[]>;
  /** The opened message left the folder shown (moved, archived, deleted). */
  onGone?: () => void;
  /** Reply, reply all, forward (features/compose); absent: no reply bar. */
  onCompose?: (mode: ReplyMode, messageId: number) => void;
  /** Opens a message of a Drafts folder in compose, to go on writing it. */
  onEditDraft?: (messageId: number) => void;
}

export function ReadingPane({ messageId, foldersByAccount, onGone, onCompose, onEditDraft }: ReadingPaneProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'th';
  const dates = useMemo(() => createDateFormatter(locale), [locale]);
  const state = useMessage(messageId);
  const view = state.kind === 'ready' ? state.view : null;
  const actions = useMessageActions(view, onGone ?? noop);

  return (
    <section className="reading-pane" aria-label={t('reader.region')} aria-busy={state.kind === 'loading'}>
      {state.kind === 'none' && <p className="pane-placeholder">{t('reader.empty')}</p>}
      {state.kind === 'loading' && <p className="pane-placeholder">{t('reader.loading')}</p>}
      {state.kind === 'error' && (
        <p className="pane-placeholder error" role="alert">
          {t('reader.failed', { message: errorMessage(t, state.error.code) })}
        </p>
      )}
      {state.kind === 'ready' && (
        <article className="message" key={state.view.summary.id}>
          <MessageActions
            actions={actions}
            folders={foldersByAccount?.get(state.view.summary.accountId) ?? NO_FOLDERS}
            currentFolderId={state.view.summary.folderId}
          />
          {onCompose && (
            <ReplyBar
              messageId={state.view.summary.id}
              onCompose={onCompose}
              {...(onEditDraft && inDraftsFolder(state.view.summary, foldersByAccount) ? { onEditDraft } : {})}
            />
          )}
          <MarkingsBanner markings={state.view.markings} />
          <MessageHeader view={state.view} dateText={dates.full(state.view.summary.date)} />
          <AttachmentList messageId={state.view.summary.id} attachments={state.view.attachments} locale={locale} />
          <MessageBody view={state.view} lang={locale} />
        </article>
      )}
    </section>
  );
}
