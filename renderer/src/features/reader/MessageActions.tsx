// The reading pane's command bar, drawn outside the message frame. Keyboard shortcuts follow Outlook, which
// officials already know; they act on the opened message and are ignored while typing in a field:
//   Delete → delete (to Deleted Items; for good when already there) · Backspace → archive
//   Ctrl+Q → mark read · Ctrl+U → mark unread · Insert → flag / clear flag · Ctrl+Shift+V → move to…
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Folder } from '../../../../shared/domain/schemas.js';
import { Icon } from '../../components/Icon.js';
import { orderFolders } from '../mailbox/folderOrder.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import type { MessageActions as Actions } from './useMessageActions.js';
import './messageActions.css';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export interface MessageActionsProps {
  actions: Actions;
  /** Folders of the message's account; the move picker lists all but the current one. */
  folders: readonly Folder[];
  currentFolderId: number;
}

export function MessageActions({ actions, folders, currentFolderId }: MessageActionsProps) {
  const { t } = useTranslation();
  const moveRef = useRef<HTMLSelectElement>(null);
  const hasArchive = folders.some((f) => f.specialUse === 'archive' && f.id !== currentFolderId);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTyping(e.target) || e.altKey || e.metaKey) return;
      const ctrl = e.ctrlKey;
      const key = e.key.toLowerCase();
      let act: (() => void) | null = null;
      if (!ctrl && !e.shiftKey && e.key === 'Delete') act = actions.remove;
      else if (!ctrl && !e.shiftKey && e.key === 'Backspace' && hasArchive) act = actions.archive;
      else if (!ctrl && !e.shiftKey && e.key === 'Insert') act = actions.toggleFlag;
      else if (ctrl && !e.shiftKey && key === 'u' && !actions.unread) act = actions.toggleRead;
      else if (ctrl && !e.shiftKey && key === 'q' && actions.unread) act = actions.toggleRead;
      else if (ctrl && e.shiftKey && key === 'v') act = () => moveRef.current?.focus();
      if (act) {
        e.preventDefault();
        act();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, hasArchive]);

  const targets = orderFolders(folders).filter((r) => r.folder.id !== currentFolderId);

  return (
    <div className="message-actions" role="toolbar" aria-label={t('actions.toolbar')}>
      <button
        type="button"
        className="action-button"
        data-action="read"
        title={`${actions.unread ? t('actions.markRead') : t('actions.markUnread')} (${actions.unread ? 'Ctrl+Q' : 'Ctrl+U'})`}
        onClick={actions.toggleRead}
      >
        {actions.unread ? t('actions.markRead') : t('actions.markUnread')}
      </button>
      <button
        type="button"
        className="action-button"
        data-action="flag"
        aria-pressed={actions.flagged}
        title={`${actions.flagged ? t('actions.unflag') : t('actions.flag')} (Insert)`}
        onClick={actions.toggleFlag}
      >
        <Icon name="flag" />
        {actions.flagged ? t('actions.unflag') : t('actions.flag')}
      </button>
      <button
        type="button"
        className="action-button"
        data-action="delete"
        title={`${t('actions.delete')} (Delete)`}
        onClick={actions.remove}
      >
        <Icon name="trash" />
        {t('actions.delete')}
      </button>
      {hasArchive && (
        <button
          type="button"
          className="action-button"
          data-action="archive"
          title={`${t('actions.archive')} (Backspace)`}
          onClick={actions.archive}
        >
          <Icon name="archive" />
          {t('actions.archive')}
        </button>
      )}
      <select
        ref={moveRef}
        className="move-select"
        aria-label={t('actions.moveTo')}
        title={`${t('actions.moveTo')} (Ctrl+Shift+V)`}
        value=""
        onChange={(e) => {
          const id = Number(e.target.value);
          if (id > 0) actions.moveTo(id);
        }}
      >
        <option value="">{t('actions.moveTo')}</option>
        {targets.map(({ folder, depth }) => (
          <option key={folder.id} value={folder.id}>
            {'\u00a0'.repeat(depth * 2)}
            {folder.specialUse ? t(`folders.${folder.specialUse}`) : folder.name}
          </option>
        ))}
      </select>
      {actions.error && (
        <span className="action-error" role="alert">
          {t('actions.failed', { message: errorMessage(t, actions.error.code) })}
        </span>
      )}
    </div>
  );
}
