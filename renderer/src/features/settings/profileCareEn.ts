// English strings of the settings page's Profile section; the shape is profileCareTh.ts.
import type { profileCareTh } from './profileCareTh.js';

export const profileCareEn: typeof profileCareTh = {
  profileCare: {
    title: 'Data on this computer',
    modeOs: "The local database's key is kept in the operating system's keystore.",
    modePassphrase: "The local database's key is protected by a passphrase.",
    passphraseTitle: 'Change passphrase',
    passphraseIntro: 'The new passphrase is asked for from the next start; the mail on this computer stays as it is.',
    oldPassphrase: 'Current passphrase',
    newPassphrase: 'New passphrase',
    confirmPassphrase: 'Confirm the new passphrase',
    change: 'Change passphrase',
    changing: 'Changing…',
    changed: 'The passphrase was changed.',
    problem: {
      required: 'Please enter the current and the new passphrase.',
      short: 'The new passphrase must be at least {{min}} characters long.',
      mismatch: 'The two new passphrases do not match.',
      same: 'The new passphrase must differ from the current one.',
    },
    checkTitle: 'Check the local database',
    checkIntro: 'Reads every part of the encrypted database to find damage. This can take a while with a lot of mail.',
    check: 'Check the local database',
    checking: 'Checking…',
    healthy: 'No problems found: the local database is in good order.',
    checkFailed: 'The check could not run: {{message}}',
    damaged: 'The local database is damaged ({{count}} problems found).',
    details: 'Details for IT support',
    rebuildExplain:
      'It can be rebuilt from the server. What exists only on this computer is kept as far as it can still be read: your accounts, the outbox, drafts, the audit log and the actions waiting for the server. The mail kept for offline reading is downloaded again from the server. The damaged files are moved aside, not deleted.',
    rebuild: 'Rebuild from the server',
    rebuildConfirm: 'Rebuild the local database? The app is unavailable for a moment, and the mail is downloaded again.',
    rebuildYes: 'Rebuild',
    cancel: 'Cancel',
    rebuilding: 'Rebuilding the local database…',
    rebuilt:
      'The local database was rebuilt: {{kept}} local items kept ({{accounts}} accounts), {{lost}} unreadable. Mail is being downloaded again from the server. The old files were moved to {{movedTo}}.',
    rebuildAtStart: 'The app rebuilds the database at its next start: please close and reopen it.',
    rebuildFailed: 'The rebuild failed: {{message}}',
  },
};
