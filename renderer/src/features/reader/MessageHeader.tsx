// Drawn by React outside the message frame: nothing in the message body can restyle, cover or fake it.
import { useTranslation } from 'react-i18next';
import type { Mailbox, MessageView } from '../../../../shared/domain/schemas.js';

function Address({ mailbox }: { mailbox: Mailbox }) {
  // The address is always shown: a display name alone is what a spoofer controls.
  return (
    <span className="address">
      {mailbox.name && <span className="address-name">{mailbox.name}</span>}
      <span className="address-spec">{mailbox.name ? `<${mailbox.address}>` : mailbox.address}</span>
    </span>
  );
}

function AddressList({ list }: { list: readonly Mailbox[] }) {
  return (
    <span className="address-list">
      {list.map((m, i) => (
        <Address key={`${m.address}-${i}`} mailbox={m} />
      ))}
    </span>
  );
}

export function MessageHeader({ view, dateText }: { view: MessageView; dateText: string }) {
  const { t } = useTranslation();
  const { summary } = view;
  return (
    <div className="message-header">
      <h2 className="message-subject">{summary.subject || t('list.noSubject')}</h2>
      <dl className="message-meta">
        <dt>{t('reader.from')}</dt>
        <dd>{summary.from ? <Address mailbox={summary.from} /> : t('list.unknownSender')}</dd>
        {view.to.length > 0 && (
          <>
            <dt>{t('reader.to')}</dt>
            <dd>
              <AddressList list={view.to} />
            </dd>
          </>
        )}
        {view.cc.length > 0 && (
          <>
            <dt>{t('reader.cc')}</dt>
            <dd>
              <AddressList list={view.cc} />
            </dd>
          </>
        )}
        <dt>{t('reader.date')}</dt>
        <dd>
          <time dateTime={new Date(summary.date).toISOString()}>{dateText}</time>
        </dd>
      </dl>
    </div>
  );
}
