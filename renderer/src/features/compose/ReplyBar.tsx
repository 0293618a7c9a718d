// Reply, reply all, forward and forward as attachment for the opened message (shown by the reader).
// Keys as in Outlook: Ctrl+R reply, Ctrl+Shift+R reply all, Ctrl+F forward.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposeMode } from '../../../../shared/domain/composeSupport.js';
import { Icon } from '../../components/Icon.js';

export type ReplyMode = Exclude<ComposeMode, 'new'>;

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export interface ReplyBarProps {
  messageId: number;
  onCompose: (mode: ReplyMode, messageId: number) => void;
  /** Set for a message of a Drafts folder: it opens in compose to go on writing (drafts.fromMessage). */
  onEditDraft?: (messageId: number) => void;
}

export function ReplyBar({ messageId, onCompose, onEditDraft }: ReplyBarProps) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTyping(e.target) || !e.ctrlKey || e.altKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      const mode: ReplyMode | null = key === 'r' ? (e.shiftKey ? 'replyAll' : 'reply') : key === 'f' && !e.shiftKey ? 'forward' : null;
      if (mode) {
        e.preventDefault();
        onCompose(mode, messageId);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [messageId, onCompose]);

  const button = (mode: ReplyMode, label: string, keys: string) => (
    <button type="button" className="action-button" data-compose={mode} title={keys ? `${label} (${keys})` : label} onClick={() => onCompose(mode, messageId)}>
      {label}
    </button>
  );
  return (
    <div className="reply-bar" role="toolbar" aria-label={t('reply.toolbar')}>
      <Icon name="send" />
      {onEditDraft && (
        <button type="button" className="action-button" data-compose="editDraft" onClick={() => onEditDraft(messageId)}>
          {t('reply.editDraft')}
        </button>
      )}
      {button('reply', t('reply.reply'), 'Ctrl+R')}
      {button('replyAll', t('reply.replyAll'), 'Ctrl+Shift+R')}
      {button('forward', t('reply.forward'), 'Ctrl+F')}
      {button('forwardAttachment', t('reply.forwardAttachment'), '')}
    </div>
  );
}
