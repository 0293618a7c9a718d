// The `raksa://app/` protocol: the only way the window gets its pages. Serving from a custom standard
// scheme (not file://) gives the renderer a real origin to pin the CSP, the navigation guard and the IPC
// sender check to, and keeps every other local file out of reach (Electron security checklist §18).
import path from 'node:path';
import { readFile, realpath } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from './appOrigin.js';

/** Same policy the browser host sends, minus its WebSocket origin: the Electron renderer talks over IPC. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' about:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export interface AppAsset {
  readonly path: string;
  readonly contentType: string;
}

// Percent-encoded dot, slash, backslash and NUL: a built asset name never needs them, and they are how
// `..%2f..%2f` and `%2e%2e` style traversals get past a check done on the undecoded form.
const ENCODED_SEPARATORS = /%(?:2e|2f|5c|00)/i;
// Control characters, backslash (a separator on Windows) and colon (drive letters, NTFS streams).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f\\:]/;

/**
 * Maps `raksa://app/<path>` to a file inside `root`, or null. Pure (no file system access): refuses
 * rather than normalizes anything unusual, because normalizing is where traversal bugs live.
 */
export function resolveAppAsset(root: string, url: string): AppAsset | null {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.startsWith(prefix)) return null;
  const rawPath = url.slice(prefix.length - 1).split(/[?#]/, 1)[0] ?? '';
  if (ENCODED_SEPARATORS.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
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
  return contentType ? { path: filePath, contentType } : null;
}

/** Headers on every response, including errors, so no page of ours is ever without its CSP. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

export interface AssetFileSystem {
  readFile(filePath: string): Promise<Uint8Array>;
  realpath(filePath: string): Promise<string>;
}

const nodeFileSystem: AssetFileSystem = { readFile, realpath };

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });

/** The `protocol.handle` callback. Takes a standard Request so it runs (and is tested) without Electron. */
export function createAppProtocolHandler(
  rendererRoot: string,
  fs: AssetFileSystem = nodeFileSystem,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const asset = resolveAppAsset(rendererRoot, request.url);
    if (!asset) return plain(404, 'Not Found');
    try {
      // A symlink inside the build could still point outside it: compare the real paths too.
      const [root, real] = await Promise.all([
        fs.realpath(path.resolve(rendererRoot)),
        fs.realpath(asset.path),
      ]);
      if (!real.startsWith(root + path.sep)) return plain(404, 'Not Found');
      // Copied into a plain ArrayBuffer-backed array: a Buffer may be a view on Node's shared pool.
      const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.readFile(real));
      return new Response(body, { status: 200, headers: appResponseHeaders(asset.contentType) });
    } catch {
      return plain(404, 'Not Found');
    }
  };
}

/** Must run before `app` is ready: privileges cannot be granted to a scheme afterwards. */
export function registerAppSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
}
