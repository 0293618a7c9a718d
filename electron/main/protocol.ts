// The `raksa://app/` protocol: the only way the window gets its pages. Serving from a custom standard
// scheme (not file://) gives the renderer a real origin to pin the CSP, the navigation guard and the IPC
// sender check to, and keeps every other local file out of reach (Electron security checklist §18).
import path from 'node:path';
import { readFile, realpath } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { appCsp } from '../../shared/security/appCsp.js';
import { appResponseHeaders as sharedHeaders, resolveStaticAsset } from '../core/host/staticAssets.js';
import { APP_ORIGIN, APP_SCHEME } from './appOrigin.js';

/** The shared app policy (shared/security/appCsp.ts); the Electron renderer talks over IPC, not a socket. */
export const APP_CSP = `${appCsp()}; frame-ancestors 'none'`;

export interface AppAsset {
  readonly path: string;
  readonly contentType: string;
}

/** Maps `raksa://app/<path>` to a file inside `root`, or null, with the same rules as the browser host. */
export function resolveAppAsset(root: string, url: string): AppAsset | null {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.startsWith(prefix)) return null;
  const rawPath = url.slice(prefix.length - 1).split(/[?#]/, 1)[0] ?? '';
  const asset = resolveStaticAsset(root, rawPath);
  return asset ? { path: asset.filePath, contentType: asset.contentType } : null;
}

/** Headers on every response, including errors, so no page of ours is ever without its CSP. */
export const appResponseHeaders = (contentType: string): Record<string, string> => sharedHeaders(contentType);

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
    // corsEnabled: Vite marks the page's script and stylesheet tags crossorigin.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
}
