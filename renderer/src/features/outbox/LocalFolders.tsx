// The folders that live on this device, above the server folders: the Outbox (กล่องจดหมายออก) and the
// drafts kept here, each with its count, plus the New mail button.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.js';
import { useDrafts } from './useDrafts.js';
import { useOutbox } from './useOutbox.js';
import './outbox.css';

export type LocalView = 'outbox' | 'drafts';

export interface LocalFoldersProps {
  selected: LocalView | null;
  onSelect: (view: LocalView) => void;
  onNewMail: () => void;
}

export function LocalFolders({ selected, onSelect, onNewMail }: LocalFoldersProps) {
  const { t } = useTranslation();
  const { items } = useOutbox();
  const drafts = useDrafts();
  useEffect(() => {
    // Ctrl+N opens a new message, as in Outlook (Electron has no browser "new window" to collide with).
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        onNewMail();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNewMail]);
  const row = (view: LocalView, icon: 'send' | 'draft', label: string, count: number) => (
    <li>
      <button type="button" className="folder-button depth-0" data-local={view} aria-current={selected === view ? 'true' : undefined} onClick={() => onSelect(view)}>
        <Icon name={icon} />
        <span className="folder-name">{label}</span>
        {count > 0 && <span className={view === 'outbox' ? 'unread-count outbox-count' : 'unread-count draft-count'}>{count.toLocaleString('en-US')}</span>}
      </button>
    </li>
  );
  return (
    <div className="local-folders">
      <button type="button" className="button primary new-mail" onClick={onNewMail} title="Ctrl+N">
        <Icon name="edit" />
        {t('compose.newMail')}
      </button>
      <section aria-label={t('outbox.localFolders')}>
        <ul className="folder-list">
          {row('outbox', 'send', t('outbox.folder'), items?.length ?? 0)}
          {row('drafts', 'draft', t('outbox.drafts'), drafts?.length ?? 0)}
        </ul>
      </section>
    </div>
  );
}
