import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWsClient, type SocketLike, type Timers } from './wsClient.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) } as MessageEvent);
  }
  lastCall(): { id: number; method: string; args: unknown } {
    return JSON.parse(this.sent.at(-1) ?? 'null') as { id: number; method: string; args: unknown };
  }
}

class FakeTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number): number {
    const h = this.next++;
    this.pending.set(h, { fn, ms });
    return h;
  }
  clearTimeout(h: number): void {
    this.pending.delete(h);
  }
  /** Runs the timers whose delay is exactly `ms` (the client's delays are distinct by design). */
  fire(ms: number): void {
    for (const [h, t] of [...this.pending]) {
      if (t.ms === ms) {
        this.pending.delete(h);
        t.fn();
      }
    }
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms).sort((a, b) => a - b);
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const client = createWsClient({
    url: 'ws://127.0.0.1:1/api?token=t',
    createSocket: (u) => {
      const s = new FakeSocket(u);
      sockets.push(s);
      return s;
    },
    timers,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    connectWaitMs: 5000,
  });
  const current = (): FakeSocket => {
    const s = sockets.at(-1);
    assert.ok(s, 'a socket was created');
    return s;
  };
  return { client, sockets, timers, current };
}

const account = {
  id: 1,
  email: 'a@moph.go.th',
  displayName: '',
  imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
  smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
  user: 'a@moph.go.th',
};

test('a call waits for the socket, is sent as a JSON frame, and resolves with the validated result', async () => {
  const { client, current } = setup();
  assert.equal(current().url, 'ws://127.0.0.1:1/api?token=t');
  const pending = client.call('accounts.list', {});
  assert.equal(current().sent.length, 0, 'nothing is sent before open');
  current().open();
  const frame = current().lastCall();
  assert.deepEqual(
    { ...frame, id: typeof frame.id },
    { t: 'call', id: 'number', method: 'accounts.list', args: {} },
  );
  current().receive({ t: 'result', id: frame.id, result: { ok: true, value: [account] } });
  const result = await pending;
  assert.ok(result.ok);
  assert.equal(result.value[0]?.email, 'a@moph.go.th');
});

test('a result that does not match the contract becomes a PROTOCOL error', async () => {
  const { client, current } = setup();
  current().open();
  const pending = client.call('accounts.list', {});
  current().receive({ t: 'result', id: current().lastCall().id, result: { ok: true, value: [{ id: 'x' }] } });
  const result = await pending;
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'PROTOCOL');
});

test('an unknown error code from the wire is mapped to INTERNAL, a known one is kept', async () => {
  const { client, current } = setup();
  current().open();
  const a = client.call('accounts.list', {});
  current().receive({
    t: 'result',
    id: current().lastCall().id,
    result: { ok: false, error: { code: 'EVIL', message: 'm' } },
  });
  const b = client.call('accounts.list', {});
  current().receive({
    t: 'result',
    id: current().lastCall().id,
    result: { ok: false, error: { code: 'AUTH_FAILED', message: 'm' } },
  });
  const [ra, rb] = await Promise.all([a, b]);
  assert.equal(!ra.ok && ra.error.code, 'INTERNAL');
  assert.equal(!rb.ok && rb.error.code, 'AUTH_FAILED');
});

test('events reach listeners only when their payload matches the schema', () => {
  const { client, current } = setup();
  current().open();
  const seen: unknown[] = [];
  const off = client.on('mailbox.changed', (p) => seen.push(p));
  current().receive({ t: 'event', event: 'mailbox.changed', payload: { accountId: 1, folderId: 2 } });
  current().receive({ t: 'event', event: 'mailbox.changed', payload: { accountId: 'one', folderId: 2 } });
  current().receive({ t: 'event', event: 'status.changed', payload: { accountId: 1, folderId: 2 } });
  current().receive('not json');
  off();
  current().receive({ t: 'event', event: 'mailbox.changed', payload: { accountId: 3, folderId: null } });
  assert.deepEqual(seen, [{ accountId: 1, folderId: 2 }]);
});

test('when the socket drops, sent calls fail with OFFLINE and the client reconnects with growing backoff', async () => {
  const { client, sockets, timers, current } = setup();
  const states: boolean[] = [];
  client.onConnectionChange((up) => states.push(up));
  current().open();
  const inFlight = client.call('accounts.list', {});
  current().drop();
  const r = await inFlight;
  assert.equal(!r.ok && r.error.code, 'OFFLINE');
  assert.equal(client.isConnected(), false);
  assert.deepEqual(timers.delays(), [100]);
  timers.fire(100);
  assert.equal(sockets.length, 2, 'reconnected once');
  current().drop(); // the second attempt fails too
  assert.deepEqual(timers.delays(), [200]);
  timers.fire(200);
  current().drop();
  timers.fire(400);
  current().drop();
  assert.deepEqual(timers.delays(), [400], 'capped at maxBackoffMs');
  timers.fire(400);
  current().open();
  assert.deepEqual(states, [true, false, true]);
  current().drop();
  assert.deepEqual(timers.delays(), [100], 'backoff resets after a successful open');
});

test('a call made while disconnected is sent after reconnecting, or fails with OFFLINE after the wait', async () => {
  const { client, timers, current } = setup();
  current().open();
  current().drop();
  const waiting = client.call('app.status', {});
  timers.fire(100);
  current().open();
  const frame = current().lastCall();
  assert.equal(frame.method, 'app.status');
  current().receive({
    t: 'result',
    id: frame.id,
    result: {
      ok: true,
      value: { connection: 'online', lastError: null, accounts: 0, policyProblem: null, queuedActions: 0 },
    },
  });
  assert.ok((await waiting).ok);

  current().drop();
  const late = client.call('app.status', {});
  timers.fire(5000);
  const r = await late;
  assert.equal(!r.ok && r.error.code, 'OFFLINE');
});

test('close() fails waiting calls and stops reconnecting', async () => {
  const { client, sockets, timers } = setup();
  const waiting = client.call('app.status', {});
  client.close();
  const r = await waiting;
  assert.equal(!r.ok && r.error.code, 'OFFLINE');
  assert.deepEqual(timers.delays(), []);
  assert.equal(sockets.length, 1);
});
