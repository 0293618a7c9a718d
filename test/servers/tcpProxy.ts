// A TCP relay on 127.0.0.1 in front of a test server, to take "the network" away and bring it back without
// touching the server (a new Dovecot would be a new, empty mailbox). down() closes the listener and cuts every
// open connection, so clients see a reset and new connects are refused; up() listens again on the same port.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { cutConnection } from './cutConnection.js';

export interface TcpProxy {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly isUp: boolean;
  /** Connections accepted since the proxy started (lets a test see that a client tried). */
  readonly accepted: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const makeServer = (): Server =>
    createServer((client) => {
      accepted++;
      const upstream = connect(targetPort, targetHost);
      sockets.add(client);
      sockets.add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop);
      upstream.on('error', drop);
      client.on('close', drop);
      upstream.on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });

  let server: Server | null = makeServer();
  const port = await listen(server, 0);

  const down = async (): Promise<void> => {
    const s = server;
    server = null;
    for (const sock of sockets) cutConnection(sock);
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  return {
    host: '127.0.0.1',
    port,
    get isUp() {
      return server !== null;
    },
    get accepted() {
      return accepted;
    },
    down,
    async up() {
      if (server) return;
      const s = makeServer();
      await listen(s, port);
      server = s;
    },
    close: down,
  };
}
