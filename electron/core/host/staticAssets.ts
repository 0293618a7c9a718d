// Resolves a request path to a file inside the built renderer, refusing anything that could escape it.
import path from 'node:path';
import { appCsp } from '../../../shared/security/appCsp.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface StaticAsset {
  readonly filePath: string;
  readonly contentType: string;
}

// Percent-encoded dot, slash, backslash and NUL: a built asset name never needs them, and they are how
// `..%2f..%2f` and `%2e%2e` style traversals get past a check done on the undecoded form.
const ENCODED_SEPARATORS = /%(?:2e|2f|5c|00)/i;
// Control characters, backslash (a separator on Windows) and colon (drive letters, NTFS streams).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f\\:]/;

/**
 * `urlPath` is the path part of a URL (no query). Returns null for anything not plainly inside `root`:
 * refuses rather than normalizes anything unusual, because normalizing is where traversal bugs live.
 * Callers also compare real paths (a symlink inside the build could point outside it).
 */
export function resolveStaticAsset(root: string, urlPath: string): StaticAsset | null {
  if (!urlPath.startsWith('/') || ENCODED_SEPARATORS.test(urlPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (FORBIDDEN_DECODED.test(decoded)) return null;
  const segments = decoded === '/' ? ['index.html'] : decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const base = path.resolve(root);
  const filePath = path.resolve(base, ...segments);
  if (!filePath.startsWith(base + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  return contentType ? { filePath, contentType } : null;
}

/** Response headers for every file of the app page, whichever host serves it. */
export function appResponseHeaders(contentType: string, connectSrc: readonly string[] = []): Record<string, string> {
  return {
    'Content-Type': contentType,
    // frame-ancestors only works as a header, never in a <meta> policy.
    'Content-Security-Policy': `${appCsp(connectSrc)}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
