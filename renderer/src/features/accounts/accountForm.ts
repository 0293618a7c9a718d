// The account form's values (as typed, strings) and their conversion to the contract's AccountInput.
import { AccountInput, type Security } from '../../../../shared/domain/schemas.js';
import { DEFAULT_PORTS } from './serverDefaults.js';

export interface AccountFormValues {
  email: string;
  displayName: string;
  imapHost: string;
  imapPort: string;
  imapSecurity: Security;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: Security;
  user: string;
  password: string;
}

export type FieldName = keyof AccountFormValues;
export type FieldProblem = 'required' | 'invalidEmail' | 'invalidPort' | 'invalidHost';
export type FieldProblems = Partial<Record<FieldName, FieldProblem>>;

export const EMPTY_FORM: AccountFormValues = {
  email: '',
  displayName: '',
  imapHost: '',
  imapPort: String(DEFAULT_PORTS.imap.tls),
  imapSecurity: 'tls',
  smtpHost: '',
  smtpPort: String(DEFAULT_PORTS.smtp.tls),
  smtpSecurity: 'tls',
  user: '',
  password: '',
};

const toPort = (s: string): number => (/^\d{1,5}$/u.test(s.trim()) ? Number(s.trim()) : Number.NaN);

export function toAccountInput(v: AccountFormValues): AccountInput {
  return {
    email: v.email.trim(),
    displayName: v.displayName.trim(),
    imap: { host: v.imapHost.trim(), port: toPort(v.imapPort), security: v.imapSecurity },
    smtp: { host: v.smtpHost.trim(), port: toPort(v.smtpPort), security: v.smtpSecurity },
    // The user name defaults to the address, as most servers expect.
    user: v.user.trim() || v.email.trim(),
    password: v.password,
  };
}

const FIELD_BY_PATH: Record<string, FieldName> = {
  email: 'email',
  displayName: 'displayName',
  'imap.host': 'imapHost',
  'imap.port': 'imapPort',
  'imap.security': 'imapSecurity',
  'smtp.host': 'smtpHost',
  'smtp.port': 'smtpPort',
  'smtp.security': 'smtpSecurity',
  user: 'user',
  password: 'password',
};

/** Checks the values with the same schema the core uses; returns the input or the problems per field. */
export function validateAccountForm(
  v: AccountFormValues,
): { ok: true; input: AccountInput } | { ok: false; problems: FieldProblems } {
  const input = toAccountInput(v);
  const parsed = AccountInput.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const problems: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_BY_PATH[issue.path.join('.')];
    if (!field || problems[field]) continue;
    const empty = v[field].trim() === '';
    problems[field] = empty
      ? 'required'
      : field === 'email'
        ? 'invalidEmail'
        : field.endsWith('Port')
          ? 'invalidPort'
          : field.endsWith('Host')
            ? 'invalidHost'
            : 'required';
  }
  return { ok: false, problems };
}
