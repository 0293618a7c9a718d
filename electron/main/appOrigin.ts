// The app's own origin. The renderer is served only from `raksa://app/` (never file:// or http), so
// "is this our page?" is one exact comparison instead of a path or host heuristic.
export const APP_SCHEME = 'raksa';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for `raksa://app/...` with no credentials and no port. Node's URL gives `origin === 'null'`
 * for schemes it does not know, so the parts are compared one by one.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
