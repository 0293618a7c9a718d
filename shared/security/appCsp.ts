// The app page's Content-Security-Policy, one definition for every place that serves it: the Electron
// custom protocol, the browser host, and the renderer's own <meta> tag (a test checks they agree).
//
// style-src needs 'unsafe-inline' and font-src data: because the message frame is an `srcdoc` iframe,
// which inherits this policy: without them every inline style of a mail is dropped. No untrusted markup
// ever enters the app document itself, and scripts stay 'self' only, so this does not open script
// injection; the frame adds its own, stricter policy on top (default-src 'none', no scripts).
export function appCsp(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    ['connect-src', "'self'", ...connectSrc].join(' '),
    "frame-src 'self' about: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** What the renderer's index.html <meta> carries: it cannot know the browser host's port in advance. */
export const RENDERER_META_CSP = appCsp(['ws://127.0.0.1:*']);
