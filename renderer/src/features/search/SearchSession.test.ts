import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiError } from '../../../../shared/contract/result.js';
import { SearchSession, type ResultSource, type Schedule } from './SearchSession.js';

/** A result source answered by hand: the test decides when (and in which order) answers arrive. */
class FakeSource implements ResultSource {
  total: number | null = null;
  error: ApiError | null = null;
  disposed = false;
  ensured = 0;
  private readonly listeners = new Set<() => void>();
  constructor(readonly query: string) {}
  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  ensure(): void {
    this.ensured++;
  }
  dispose(): void {
    this.disposed = true;
  }
  answer(total: number): void {
    this.total = total;
    for (const l of [...this.listeners]) l();
  }
  fail(error: ApiError): void {
    this.error = error;
    for (const l of [...this.listeners]) l();
  }
}

/** Manual clock: timers run only when the test advances time. */
function manualClock() {
  let now = 0;
  const timers: { at: number; run: () => void; live: boolean }[] = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run, live: true };
    timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  const advance = (ms: number): void => {
    now += ms;
    for (const timer of timers.filter((x) => x.live && x.at <= now)) {
      timer.live = false;
      timer.run();
    }
  };
  return { schedule, advance };
}

function setup() {
  const clock = manualClock();
  const sources: FakeSource[] = [];
  const session = new SearchSession<FakeSource>({
    createSource: (q) => {
      const s = new FakeSource(q);
      sources.push(s);
      return s;
    },
    schedule: clock.schedule,
    debounceMs: 150,
  });
  return { session, sources, advance: clock.advance };
}

test('typing is debounced: only the text that rests for 150 ms is searched', () => {
  const { session, sources, advance } = setup();
  session.setText('ผ');
  advance(100);
  session.setText('ผล');
  advance(100);
  session.setText('ผลิต');
  assert.equal(sources.length, 0, 'nothing searched while typing');
  assert.equal(session.getSnapshot().pending, true);
  assert.equal(session.getSnapshot().active, true);
  advance(149);
  assert.equal(sources.length, 0);
  advance(1);
  assert.deepEqual(
    sources.map((s) => s.query),
    ['ผลิต'],
  );
  assert.equal(sources[0]?.ensured, 1, 'the first page is requested at once');
});

test('results show only once they arrive, and the query is trimmed', () => {
  const { session, sources, advance } = setup();
  session.setText('  มังคุด ');
  advance(150);
  assert.equal(sources[0]?.query, 'มังคุด');
  assert.equal(session.getSnapshot().shown, null);
  sources[0]?.answer(3);
  const snap = session.getSnapshot();
  assert.equal(snap.shown?.query, 'มังคุด');
  assert.equal(snap.shown?.source, sources[0]);
  assert.equal(snap.pending, false);
});

test('a late answer to an older query never replaces a newer one', () => {
  const { session, sources, advance } = setup();
  session.setText('ทุ');
  advance(150);
  session.setText('ทุเรียน');
  advance(150);
  const [older, newer] = sources;
  assert.ok(older && newer);
  assert.equal(older.disposed, true, 'the older source is dropped as soon as a newer query runs');
  newer.answer(1);
  older.answer(50); // arrives after the newer one
  assert.equal(session.getSnapshot().shown?.query, 'ทุเรียน');
  assert.equal(session.getSnapshot().shown?.source, newer);
});

test('an older answer arriving while a newer query is still running is not shown either', () => {
  const { session, sources, advance } = setup();
  session.setText('a');
  advance(150);
  session.setText('ab');
  advance(150);
  sources[0]?.answer(10); // "a" answers, but "ab" is the latest query
  assert.equal(session.getSnapshot().shown, null);
  assert.equal(session.getSnapshot().pending, true);
  sources[1]?.answer(2);
  assert.equal(session.getSnapshot().shown?.query, 'ab');
});

test('shown results stay (pending) while the next query runs, then are replaced and freed', () => {
  const { session, sources, advance } = setup();
  session.setText('budget');
  advance(150);
  sources[0]?.answer(4);
  session.setText('budget 2569');
  const during = session.getSnapshot();
  assert.equal(during.shown?.query, 'budget', 'the old results stay on screen');
  assert.equal(during.pending, true);
  advance(150);
  sources[1]?.answer(1);
  assert.equal(session.getSnapshot().shown?.query, 'budget 2569');
  assert.equal(sources[0]?.disposed, true);
  assert.equal(sources[1]?.disposed, false);
});

test('an error (INVALID_ARGUMENT) settles the query so the UI can show it', () => {
  const { session, sources, advance } = setup();
  session.setText('before:yesterday');
  advance(150);
  sources[0]?.fail({ code: 'INVALID_ARGUMENT', message: 'before:yesterday: not a date' });
  const snap = session.getSnapshot();
  assert.equal(snap.shown?.query, 'before:yesterday');
  assert.equal(snap.shown?.source.error?.code, 'INVALID_ARGUMENT');
});

test('clearing cancels the pending search and frees everything', () => {
  const { session, sources, advance } = setup();
  session.setText('x');
  advance(150);
  sources[0]?.answer(1);
  session.setText('xy');
  advance(150);
  session.setText('xyz');
  session.clear();
  advance(500);
  assert.equal(sources.length, 2, 'the debounced "xyz" never ran');
  assert.deepEqual(session.getSnapshot(), { shown: null, pending: false, active: false });
  assert.ok(sources.every((s) => s.disposed));
  assert.equal(session.getText(), '');
});

test('going back to the shown query cancels the pending one; Enter runs at once', () => {
  const { session, sources, advance } = setup();
  session.setText('abc');
  advance(150);
  sources[0]?.answer(1);
  session.setText('abcd');
  session.setText('abc ');
  assert.equal(session.getSnapshot().pending, false);
  advance(500);
  assert.equal(sources.length, 1);
  session.setText('abcde');
  session.flush();
  assert.equal(sources.length, 2, 'flush skips the rest of the debounce');
  assert.equal(sources[1]?.query, 'abcde');
});

test('state listeners fire per settled change, not per keystroke; text listeners per keystroke', () => {
  const { session, sources, advance } = setup();
  let state = 0;
  let text = 0;
  session.subscribe(() => state++);
  session.subscribeText(() => text++);
  for (const s of ['ก', 'กร', 'กรม', 'กรมว']) session.setText(s);
  assert.equal(text, 4);
  assert.equal(state, 1, 'only idle → pending');
  advance(150);
  sources[0]?.answer(2);
  assert.equal(state, 2);
});
