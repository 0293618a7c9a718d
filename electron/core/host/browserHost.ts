// The browser host (DESIGN.md §1): serves the built renderer on 127.0.0.1 and bridges the API contract
// over a WebSocket, so the real UI runs in an ordinary browser against the real core. Only a client that
// holds the random token, from our own origin, can drive the core.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES, type MethodArgs, type MethodName } from '../../../shared/contract/api.js';
import type { ApiClient } from '../../../shared/contract/client.js';
import { validateCall } from '../../../shared/contract/validate.js';
import { appResponseHeaders, resolveStaticAsset } from './staticAssets.js';

export interface BrowserHostOptions {
  readonly core: ApiClient;
  readonly staticDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface BrowserHost {
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

// A draft or message with attachments travels in one frame (the core caps a message at 25 MB of
// attachments, about 34 MB as base64).
const MAX_FRAME_BYTES = 40 * 1024 * 1024;

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(32).toString('base64url');
  let origin = '';
  let hostHeader = '';

  const server = http.createServer((req, res) => {
    // A page on another site could resolve its own name to 127.0.0.1 (DNS rebinding): only our exact
    // Host is served.
    if (req.headers.host !== hostHeader || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(req.headers.host !== hostHeader ? 421 : 405).end();
      return;
    }
    const urlPath = new URL(req.url ?? '/', origin).pathname;
    const asset = resolveStaticAsset(options.staticDir, urlPath);
    const notFound = () => void res.writeHead(404).end();
    if (!asset) return notFound();
    // A symlink inside the build could point outside it: compare real paths before reading.
    Promise.all([realpath(options.staticDir), realpath(asset.filePath)])
      .then(async ([rootReal, fileReal]) => {
        if (!fileReal.startsWith(rootReal + path.sep)) return notFound();
        const s = await stat(fileReal);
        if (!s.isFile()) return notFound();
        res.writeHead(200, {
          ...appResponseHeaders(asset.contentType, [origin.replace(/^http/, 'ws')]),
          'Content-Length': s.size,
        });
        if (req.method === 'HEAD') res.end();
        else createReadStream(fileReal).pipe(res);
      })
      .catch(notFound);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const given = url.searchParams.get('token') ?? '';
    if (
      url.pathname !== '/api' ||
      req.headers.host !== hostHeader ||
      req.headers.origin !== origin ||
      !sameToken(given, token)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data: Buffer, isBinary) => void onMessage(ws, data.toString('utf8'), isBinary));
    });
  });

  async function onMessage(ws: WebSocket, text: string, isBinary: boolean): Promise<void> {
    let msg: unknown;
    try {
      msg = isBinary ? null : JSON.parse(text);
    } catch {
      msg = null;
    }
    const call = msg as { t?: unknown; id?: unknown; method?: unknown; args?: unknown } | null;
    if (!call || call.t !== 'call' || typeof call.id !== 'number' || !Number.isSafeInteger(call.id)) {
      ws.close(1008, 'malformed message');
      return;
    }
    // Validated here as well as in the worker: bad input is refused at the first boundary it crosses.
    const checked = validateCall(call.method, call.args);
    const result = checked.ok
      ? await options.core.call(checked.value.method, call.args as MethodArgs<MethodName>)
      : checked;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: call.id, result }));
  }

  const unsubscribe = EVENT_NAMES.map((event) =>
    options.core.on(event, (payload) => {
      const frame = JSON.stringify({ t: 'event', event, payload });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hostHeader = `127.0.0.1:${port}`;
  origin = `http://${hostHeader}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    async close() {
      for (const u of unsubscribe) u();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
