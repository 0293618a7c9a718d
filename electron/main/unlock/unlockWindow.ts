// The passphrase prompt of passphrase mode: a small window showing unlockPage.ts (no script, no preload,
// no IPC). Each answer arrives as a navigation that is cancelled before it starts; closing the window is
// Cancel. Untested glue (it needs the Electron binary); the page and the flow around it are tested.
import { BrowserWindow } from 'electron';
import type { PassphraseAnswer, PassphrasePrompt } from '../profile/unlockDatabaseKey.js';
import { hardenWebContents } from '../permissions.js';
import { secureWebPreferences } from '../secureWebPreferences.js';
import { parseUnlockNavigation, unlockPageHtml, type UnlockError, type UnlockMode } from './unlockPage.js';

export function unlockWindowPrompt(): PassphrasePrompt {
  return {
    ask: (mode: UnlockMode, error: UnlockError) =>
      new Promise<PassphraseAnswer | null>((resolve) => {
        const win = new BrowserWindow({
          width: 460,
          height: mode === 'create' ? 420 : 340,
          resizable: false,
          minimizable: false,
          maximizable: false,
          title: 'Raksa Mail',
          // No preload at all: the page only submits a form, which we read from the cancelled navigation.
          webPreferences: { ...secureWebPreferences(''), preload: undefined },
        });
        let settled = false;
        const finish = (answer: PassphraseAnswer | null) => {
          if (settled) return;
          settled = true;
          resolve(answer);
          if (!win.isDestroyed()) win.destroy();
        };
        // Registered before hardenWebContents' own will-navigate listener denies the same navigation.
        win.webContents.on('will-navigate', (event) => {
          event.preventDefault();
          const nav = parseUnlockNavigation(event.url);
          if (nav?.kind === 'submit') finish({ passphrase: nav.passphrase, confirm: nav.confirm });
          else if (nav?.kind === 'cancel') finish(null);
        });
        hardenWebContents(win.webContents);
        win.on('closed', () => finish(null));
        void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(unlockPageHtml(mode, error))}`);
      }),
  };
}
