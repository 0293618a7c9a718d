// Account management shapes beyond setup: what discovery found, and a partial edit of a stored account.
import { z } from 'zod';
import { AccountInput, Email, ServerSettings } from './schemas.js';

export const DiscoverySource = z.enum(['autoconfig', 'srv', 'guess']);
export type DiscoverySource = z.infer<typeof DiscoverySource>;

/** Settings found from the address alone; the UI shows them for confirmation before `accounts.add`. */
export const AccountDiscovery = z.strictObject({
  source: DiscoverySource,
  imap: ServerSettings,
  smtp: ServerSettings,
  user: z.string(),
});
export type AccountDiscovery = z.infer<typeof AccountDiscovery>;

export const AccountDiscoverArgs = z.strictObject({ email: Email });

/** Only the given fields change; a missing password keeps the stored one, a partial server merges. */
export const AccountUpdate = z.strictObject({
  id: z.number().int().positive(),
  email: Email.optional(),
  // Without its default: an edit that leaves the name out must keep the stored one, not set ''.
  displayName: AccountInput.shape.displayName.unwrap().optional(),
  imap: ServerSettings.partial().optional(),
  smtp: ServerSettings.partial().optional(),
  user: AccountInput.shape.user.optional(),
  password: AccountInput.shape.password.optional(),
});
export type AccountUpdate = z.input<typeof AccountUpdate>;
export type AccountUpdateParsed = z.output<typeof AccountUpdate>;

export const AccountRemoveArgs = z.strictObject({ id: z.number().int().positive() });
