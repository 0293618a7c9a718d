// The webPreferences of every window, in one pure function so a test can pin each flag: a renderer
// compromised by a hostile message must get neither Node nor the preload's scope (DESIGN.md §9).
import type { WebPreferences } from 'electron';

export interface WebPreferenceOptions {
  /** DevTools stay available in development (`npm start`) and are off in packaged builds. */
  readonly devTools?: boolean;
}

export function secureWebPreferences(
  preloadPath: string,
  options: WebPreferenceOptions = {},
): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    // Dropping a file on the window would otherwise navigate to its file:// URL.
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  };
}
