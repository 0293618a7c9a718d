// Deny-by-default for everything a web page can ask Chromium for. The renderer is a mail UI: it needs no
// camera, geolocation, notifications-through-the-web-API, new windows, webviews or navigation away from
// its own origin, and a message that slipped past the sanitizer must not be able to ask for them.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './appOrigin.js';

/** Top-level navigation is allowed only within the app's own origin. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Subframes may also hold the sandboxed message iframe (`about:srcdoc`, `about:blank` before it is
 * filled). A link clicked inside a message must not navigate that frame to the web.
 */
export function isAllowedFrameNavigation(url: string, isMainFrame: boolean): boolean {
  if (isMainFrame) return isAllowedNavigation(url);
  return url === 'about:srcdoc' || url === 'about:blank' || isAppUrl(url);
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Downloads would write attacker-chosen bytes to disk outside the encrypted store; attachments are
  // saved by the core through an explicit dialog instead.
  session.on('will-download', (event) => event.preventDefault());
}

const hardened = new WeakSet<WebContents>();

/** Applied to every webContents the app creates (via `web-contents-created`), idempotently. */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedFrameNavigation(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedFrameNavigation(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links are opened later through a confirmation dialog that shows the real host; until then, deny.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
