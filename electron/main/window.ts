// The main window. All of its safety comes from secureWebPreferences and hardenWebContents; this file
// only sizes it and loads the app's entry page from the custom protocol.
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './appOrigin.js';
import type { MainLogger } from './mainLogger.js';
import { hardenWebContents } from './permissions.js';
import { secureWebPreferences } from './secureWebPreferences.js';

export interface MainWindowDeps {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  readonly preloadPath: string;
  readonly devTools: boolean;
  readonly logger: MainLogger;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Raksa Mail',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(deps.preloadPath, { devTools: deps.devTools }),
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
    deps.logger.error(`main window failed to load: ${e instanceof Error ? e.message : String(e)}`);
  });
  return window;
}
