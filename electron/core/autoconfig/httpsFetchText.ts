// Fetches an autoconfig document over HTTPS only. Plain http is never used, not even for a redirect: an
// attacker on the path could otherwise answer with their own mail servers and collect the password at the
// first login. The certificate is always validated (system roots plus IT's CAs), and the response is
// capped in size and time because the server is untrusted.
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

export type FetchText = (url: string) => Promise<string>;

/** Where to really connect for a URL's host and port; tests map every name to 127.0.0.1 this way. */
export type ConnectRoute = (host: string, port: number) => { readonly host: string; readonly port: number };

export interface HttpsFetchOptions {
  /** Extra CA certificates (PEM) trusted in addition to the system roots. */
  readonly trustedCaPem?: readonly string[];
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  readonly route?: ConnectRoute;
}

export class FetchError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchError';
  }
}

const DEFAULTS = { timeoutMs: 10_000, maxBytes: 256 * 1024, maxRedirects: 3 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function getOnce(url: URL, opts: HttpsFetchOptions, deadline: number, maxBytes: number): Promise<
  { kind: 'body'; text: string } | { kind: 'redirect'; location: string }
> {
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? 443 : Number(url.port);
  const target = opts.route ? opts.route(hostname, port) : { host: hostname, port };
  const extraCas = (opts.trustedCaPem ?? []).filter((p) => p.trim() !== '');
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(new FetchError('timed out'));
      return;
    }
    const req = request({
      host: target.host,
      port: target.port,
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      // The certificate is checked against the URL's host, wherever the route actually connects.
      ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
      headers: { host: url.host, accept: 'application/xml, text/xml', 'user-agent': 'RaksaMail-autoconfig' },
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      // Node's `ca` replaces the system store, so the roots are added back next to IT's CAs.
      ...(extraCas.length > 0 ? { ca: [...rootCertificates, ...extraCas] } : {}),
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new FetchError('timed out')), remaining);
    const fail = (e: unknown): void => {
      clearTimeout(timer);
      reject(e instanceof FetchError ? e : new FetchError('request failed', undefined, { cause: e }));
    };
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        clearTimeout(timer);
        res.resume();
        req.destroy();
        const location = res.headers.location;
        if (!location) reject(new FetchError('redirect without a location', status));
        else resolve({ kind: 'redirect', location });
        return;
      }
      if (status !== 200) {
        res.resume();
        req.destroy();
        fail(new FetchError(`HTTP ${status}`, status));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        req.destroy();
        fail(new FetchError('response too large', status));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new FetchError('response too large', status));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        try {
          resolve({ kind: 'body', text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) });
        } catch (e) {
          reject(new FetchError('response is not UTF-8', status, { cause: e }));
        }
      });
    });
    req.end();
  });
}

/** GETs `url` (https only) and returns the body; throws FetchError for anything but a 200 within limits. */
export async function httpsFetchText(url: string, opts: HttpsFetchOptions = {}): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.maxRedirects;
  const deadline = Date.now() + timeoutMs;
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'https:') throw new FetchError(`refusing a non-https URL (${current.protocol})`);
    if (current.username !== '' || current.password !== '') throw new FetchError('refusing a URL with credentials');
    const got = await getOnce(current, opts, deadline, maxBytes);
    if (got.kind === 'body') return got.text;
    if (hop >= maxRedirects) throw new FetchError('too many redirects');
    current = new URL(got.location, current);
  }
}

export const createHttpsFetchText =
  (opts: HttpsFetchOptions = {}): FetchText =>
  (url) =>
    httpsFetchText(url, opts);
