// The account form beyond first setup: prefilled from a stored account (edit), filled from what
// discovery found, and turned into the contract's AccountUpdate, where an empty password keeps the stored one.
import type { AccountDiscovery, AccountUpdate } from '../../../../shared/domain/accounts.js';
import type { AccountSummary } from '../../../../shared/domain/schemas.js';
import { validateAccountForm, type AccountFormValues, type FieldProblems } from './accountForm.js';

/** The form for editing an account: every field as stored, the password empty (= keep). */
export function formFromAccount(a: AccountSummary): AccountFormValues {
  return {
    email: a.email,
    displayName: a.displayName,
    imapHost: a.imap.host,
    imapPort: String(a.imap.port),
    imapSecurity: a.imap.security,
    smtpHost: a.smtp.host,
    smtpPort: String(a.smtp.port),
    smtpSecurity: a.smtp.security,
    // Blank means "the address" (the form's hint), so an account whose user is its address shows blank.
    user: a.user === a.email ? '' : a.user,
    password: '',
  };
}

/**
 * Fills the server fields with what discovery found. Only the server fields and the user name change:
 * the address, display name and password are the user's; everything stays editable afterwards.
 */
export function applyDiscovery(v: AccountFormValues, d: AccountDiscovery): AccountFormValues {
  const email = v.email.trim();
  return {
    ...v,
    imapHost: d.imap.host,
    imapPort: String(d.imap.port),
    imapSecurity: d.imap.security,
    smtpHost: d.smtp.host,
    smtpPort: String(d.smtp.port),
    smtpSecurity: d.smtp.security,
    user: d.user === '' || d.user.toLowerCase() === email.toLowerCase() ? '' : d.user,
  };
}

// Any non-empty string passes the schema's password rule; it is dropped before the update is sent.
const KEEP_PASSWORD_PROBE = 'keep';

/** Validates an edit with the same schema as an add; a blank password is allowed and means "keep". */
export function validateAccountEdit(
  id: number,
  v: AccountFormValues,
): { ok: true; update: AccountUpdate } | { ok: false; problems: FieldProblems } {
  const keep = v.password === '';
  const checked = validateAccountForm(keep ? { ...v, password: KEEP_PASSWORD_PROBE } : v);
  if (!checked.ok) return checked;
  const { password, ...rest } = checked.input;
  return { ok: true, update: keep ? { id, ...rest } : { id, ...rest, password } };
}
