// First run, "Add account" and "Edit account". Everything typed stays in the form on any error; errors are
// shown in words from the stable error code. A bad certificate is final: there is no "accept anyway" here.
// "Find settings" asks the core to discover the servers from the address (autoconfig, SRV, verified
// guesses); what it finds only fills the fields, which stay editable, so manual settings always work.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../../shared/contract/result.js';
import type { DiscoverySource } from '../../../../shared/domain/accounts.js';
import type { AccountSummary, Security } from '../../../../shared/domain/schemas.js';
import { useApi } from '../../api/ApiContext.js';
import { Icon } from '../../components/Icon.js';
import { errorMessage } from '../../i18n/errorMessage.js';
import {
  EMPTY_FORM,
  validateAccountForm,
  type AccountFormValues,
  type FieldName,
  type FieldProblems,
} from './accountForm.js';
import { applyDiscovery, formFromAccount, validateAccountEdit } from './accountEdit.js';
import { portAfterSecurityChange, type ServerKind } from './serverDefaults.js';
import { ServerFields } from './ServerFields.js';
import { TextField } from './TextField.js';
import './accounts.css';

export interface AccountSetupFormProps {
  /** The account was added (or, when editing, saved). */
  onAdded: (account: AccountSummary) => void;
  /** Absent on first run, when there is nothing to go back to. */
  onCancel?: () => void;
  /** Edit this stored account (prefilled; a blank password keeps the stored one) instead of adding one. */
  account?: AccountSummary;
}

type Discovery =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'found'; source: DiscoverySource }
  | { kind: 'failed'; code: ErrorCode };

export function AccountSetupForm({ onAdded, onCancel, account }: AccountSetupFormProps) {
  const { t } = useTranslation();
  const client = useApi();
  const [values, setValues] = useState<AccountFormValues>(() => (account ? formFromAccount(account) : EMPTY_FORM));
  const [discovery, setDiscovery] = useState<Discovery>({ kind: 'idle' });
  const [problems, setProblems] = useState<FieldProblems>({});
  const [serverError, setServerError] = useState<ErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (field: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setProblems((p) => ({ ...p, [field]: undefined }));
  };
  const setSecurity = (kind: ServerKind) => (security: Security) => {
    setValues((v) => {
      const portKey = kind === 'imap' ? 'imapPort' : 'smtpPort';
      const secKey = kind === 'imap' ? 'imapSecurity' : 'smtpSecurity';
      return {
        ...v,
        [secKey]: security,
        [portKey]: portAfterSecurityChange(kind, v[portKey], v[secKey], security),
      };
    });
  };

  const discover = async (): Promise<void> => {
    if (busy || discovery.kind === 'busy') return;
    if (values.email.trim() === '') {
      setProblems((p) => ({ ...p, email: 'required' }));
      formRef.current?.querySelector<HTMLElement>('#email')?.focus();
      return;
    }
    setDiscovery({ kind: 'busy' });
    const found = await client.call('accounts.discover', { email: values.email.trim() });
    if (!found.ok) {
      setDiscovery({ kind: 'failed', code: found.error.code });
      return;
    }
    setValues((v) => applyDiscovery(v, found.value));
    setProblems({});
    setDiscovery({ kind: 'found', source: found.value.source });
  };

  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    setServerError(null);
    const checked = account
      ? validateAccountEdit(account.id, values)
      : validateAccountForm(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      const first = Object.keys(checked.problems)[0];
      if (first) formRef.current?.querySelector<HTMLElement>(`#${fieldId(first)}`)?.focus();
      return;
    }
    setBusy(true);
    const saved =
      'update' in checked
        ? await client.call('accounts.update', checked.update)
        : await client.call('accounts.add', checked.input);
    setBusy(false);
    if (!saved.ok) {
      setServerError(saved.error.code);
      return;
    }
    // A sync starts now (the first one, or on the changed settings); progress and errors arrive as events.
    void client.call('sync.now', { accountId: saved.value.id });
    onAdded(saved.value);
  };

  const discoveryNote =
    discovery.kind === 'busy'
      ? t('account.discovering')
      : discovery.kind === 'found'
        ? t('account.discovered', { source: t(`account.source.${discovery.source}`) })
        : discovery.kind === 'failed'
          ? discovery.code === 'NOT_FOUND'
            ? t('account.discoverNotFound')
            : errorMessage(t, discovery.code)
          : null;

  return (
    <main className="setup-page">
      <form
        ref={formRef}
        className="setup-card"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-labelledby="setup-title"
      >
        <h1 id="setup-title" className="setup-title">
          <Icon name={account ? 'edit' : 'userPlus'} />
          {t(account ? 'account.editTitle' : 'account.title')}
        </h1>
        <p className="setup-intro">{t(account ? 'account.editIntro' : 'account.intro')}</p>

        {serverError && (
          <div className="form-error" role="alert">
            <Icon name="alert" />
            <span>{errorMessage(t, serverError)}</span>
          </div>
        )}
        {Object.values(problems).some(Boolean) && (
          <p className="form-error soft" role="alert">
            {t('account.fixFields')}
          </p>
        )}

        <fieldset className="form-section" disabled={busy}>
          <legend>{t('account.identity')}</legend>
          <div className="server-row">
            <TextField
              id="email"
              className="grow"
              type="email"
              label={t('account.email')}
              value={values.email}
              onChange={set('email')}
              problem={problems.email}
              autoComplete="email"
              spellCheck={false}
              placeholder="name@agency.go.th"
            />
            <TextField
              id="display-name"
              className="grow"
              label={t('account.displayName')}
              value={values.displayName}
              onChange={set('displayName')}
              problem={problems.displayName}
              autoComplete="name"
            />
          </div>
          <div className="discover-row">
            <button
              type="button"
              className="button secondary discover-button"
              onClick={() => void discover()}
              disabled={discovery.kind === 'busy'}
              aria-busy={discovery.kind === 'busy'}
              aria-describedby={discoveryNote ? 'discover-note' : undefined}
            >
              <Icon name="search" />
              {t('account.discover')}
            </button>
            {discoveryNote && (
              <span
                id="discover-note"
                className={discovery.kind === 'failed' ? 'field-note warning discover-note' : 'field-note discover-note'}
                role={discovery.kind === 'failed' ? 'alert' : 'status'}
              >
                {discoveryNote}
              </span>
            )}
          </div>
        </fieldset>

        <ServerFields
          kind="imap"
          host={values.imapHost}
          port={values.imapPort}
          security={values.imapSecurity}
          hostProblem={problems.imapHost}
          portProblem={problems.imapPort}
          disabled={busy}
          onHost={set('imapHost')}
          onPort={set('imapPort')}
          onSecurity={setSecurity('imap')}
        />
        <ServerFields
          kind="smtp"
          host={values.smtpHost}
          port={values.smtpPort}
          security={values.smtpSecurity}
          hostProblem={problems.smtpHost}
          portProblem={problems.smtpPort}
          disabled={busy}
          onHost={set('smtpHost')}
          onPort={set('smtpPort')}
          onSecurity={setSecurity('smtp')}
        />

        <fieldset className="form-section" disabled={busy}>
          <legend>{t('account.signIn')}</legend>
          <div className="server-row">
            <TextField
              id="user"
              className="grow"
              label={t('account.user')}
              value={values.user}
              onChange={set('user')}
              problem={problems.user}
              hint={t('account.userHint')}
              placeholder={values.email.trim() || undefined}
              autoComplete="username"
              spellCheck={false}
            />
            <TextField
              id="password"
              className="grow"
              type="password"
              label={t('account.password')}
              value={values.password}
              onChange={set('password')}
              problem={problems.password}
              hint={account ? t('account.passwordKeep') : undefined}
              autoComplete="current-password"
            />
          </div>
        </fieldset>

        <div className="form-actions">
          {onCancel && (
            <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
              {t('account.cancel')}
            </button>
          )}
          <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
            {busy ? t('account.submitting') : t(account ? 'account.save' : 'account.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}

/** The DOM id of each field's input (ServerFields prefixes its own with the protocol). */
function fieldId(field: string): string {
  const map: Record<string, string> = {
    email: 'email',
    displayName: 'display-name',
    imapHost: 'imap-host',
    imapPort: 'imap-port',
    smtpHost: 'smtp-host',
    smtpPort: 'smtp-port',
    user: 'user',
    password: 'password',
  };
  return map[field] ?? field;
}
