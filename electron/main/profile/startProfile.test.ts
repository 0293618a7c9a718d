import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodedError } from '../../../shared/contract/result.js';
import type { RecoveryReport } from '../../core/recovery/recoverProfile.js';
import type { SecretStorage } from '../../core/secrets/secretStorage.js';
import { startProfile, type RecoveryOffer, type StartProfileDeps } from './startProfile.js';
import { unlockDatabaseKey, type PassphraseAnswer } from './unlockDatabaseKey.js';
import { recoveryDialogText } from './recoveryText.js';

const report = (keyLost: boolean): RecoveryReport => ({
  keyLost, movedTo: '/p/recovered-x', movedFiles: ['raksa.db'], schemaReadable: true, tables: [], accounts: 1,
});

const fakeStorage = (key: Uint8Array, passphrase?: string, given?: string): SecretStorage => ({
  exists: () => Promise.resolve(true),
  loadOrCreateDatabaseKey: () =>
    passphrase === undefined || passphrase === given
      ? Promise.resolve(new Uint8Array(key))
      : Promise.reject(new CodedError('WRONG_PASSPHRASE', 'wrong')),
});

const prompts = (...answers: (PassphraseAnswer | null)[]) => {
  const asked: string[] = [];
  return {
    asked,
    prompt: {
      ask: (mode: string, error: string | null) => {
        asked.push(`${mode}:${error ?? ''}`);
        return Promise.resolve(answers.shift() ?? null);
      },
    },
  };
};

void test('an existing profile keeps its key file mode whatever the policy says', async () => {
  const key = new Uint8Array(32).fill(7);
  let osUsed = false;
  const r = await unlockDatabaseKey({
    keyProtection: 'passphrase',
    keyFileMode: () => Promise.resolve('os'),
    osStorage: () => ((osUsed = true), fakeStorage(key)),
    passphraseStorage: () => assert.fail('no passphrase for an os profile'),
    prompt: prompts().prompt,
  });
  assert.equal(osUsed, true);
  assert.equal(r.kind, 'unlocked');
});

void test('passphrase mode: wrong answers are asked again with the error, then the key unlocks', async () => {
  const key = new Uint8Array(32).fill(1);
  const p = prompts({ passphrase: 'nope', confirm: null }, { passphrase: 'ถูกต้อง', confirm: null });
  const r = await unlockDatabaseKey({
    keyProtection: 'os',
    keyFileMode: () => Promise.resolve('passphrase'),
    osStorage: () => assert.fail('the OS keystore is not asked for a passphrase profile'),
    passphraseStorage: (pp) => fakeStorage(key, 'ถูกต้อง', pp),
    prompt: p.prompt,
  });
  assert.deepEqual(p.asked, ['unlock:', 'unlock:wrong']);
  assert.equal(r.kind === 'unlocked' && r.mode, 'passphrase');
});

void test('a new passphrase profile (policy) asks to create one: too short and mismatched answers are refused', async () => {
  const p = prompts(
    { passphrase: 'short', confirm: 'short' },
    { passphrase: 'long enough 1', confirm: 'long enough 2' },
    { passphrase: 'long enough 1', confirm: 'long enough 1' },
  );
  const r = await unlockDatabaseKey({
    keyProtection: 'passphrase',
    keyFileMode: () => Promise.resolve(null),
    osStorage: () => assert.fail('policy says passphrase'),
    passphraseStorage: (pp) => fakeStorage(new Uint8Array(32), 'long enough 1', pp),
    prompt: p.prompt,
  });
  assert.deepEqual(p.asked, ['create:', 'create:short', 'create:mismatch']);
  assert.equal(r.kind, 'unlocked');
});

void test('cancel stops; too many wrong answers is WRONG_PASSPHRASE', async () => {
  const base = {
    keyProtection: 'passphrase' as const,
    keyFileMode: () => Promise.resolve('passphrase' as const),
    osStorage: () => assert.fail('no'),
    passphraseStorage: (pp: string) => fakeStorage(new Uint8Array(32), 'right', pp),
  };
  assert.deepEqual(await unlockDatabaseKey({ ...base, prompt: prompts(null).prompt }), { kind: 'cancelled' });
  const wrong = { passphrase: 'x', confirm: null };
  await assert.rejects(
    unlockDatabaseKey({ ...base, maxAttempts: 3, prompt: prompts(wrong, wrong, wrong).prompt }),
    (e: unknown) => e instanceof CodedError && e.code === 'WRONG_PASSPHRASE',
  );
});

const harness = (over: Partial<StartProfileDeps<string>> & { answer?: boolean }) => {
  const calls: string[] = [];
  const keys: Uint8Array[] = [];
  const deps: StartProfileDeps<string> = {
    unlock: () => {
      const key = new Uint8Array(32).fill(9);
      keys.push(key);
      return Promise.resolve({ kind: 'unlocked', key, mode: 'os' });
    },
    startCore: () => Promise.resolve('core'),
    recover: (key) => (calls.push(`recover:${key ? 'key' : 'null'}`), report(key === null)),
    offerRecovery: (offer: RecoveryOffer) => (calls.push(`offer:${offer}`), Promise.resolve(over.answer ?? false)),
    reportRecovery: () => (calls.push('report'), Promise.resolve()),
    ...over,
  };
  return { deps, calls, keys };
};

void test('a healthy profile starts without any question, and the key is wiped from main afterwards', async () => {
  const h = harness({});
  assert.deepEqual(await startProfile(h.deps), { kind: 'started', core: 'core' });
  assert.deepEqual(h.calls, []);
  assert.ok(h.keys[0]?.every((b) => b === 0));
});

void test('a damaged database: the user is asked; yes rebuilds with the same key and starts', async () => {
  let starts = 0;
  const h = harness({
    answer: true,
    startCore: () => (starts++ === 0 ? Promise.reject(new CodedError('STORE_UNAVAILABLE', 'damaged')) : Promise.resolve('core')),
  });
  assert.deepEqual(await startProfile(h.deps), { kind: 'started', core: 'core' });
  assert.deepEqual(h.calls, ['offer:damaged', 'recover:key', 'report']);
});

void test('a damaged database and the user says no: nothing is rebuilt', async () => {
  const h = harness({ answer: false, startCore: () => Promise.reject(new CodedError('STORE_UNAVAILABLE', 'damaged')) });
  const r = await startProfile(h.deps);
  assert.equal(r.kind === 'failed' && r.stage, 'store');
  assert.deepEqual(h.calls, ['offer:damaged']);
});

void test('a key that cannot be unwrapped: offered a fresh start; yes moves everything aside and unlocks anew', async () => {
  let unlocks = 0;
  const h = harness({
    answer: true,
    unlock: () =>
      unlocks++ === 0
        ? Promise.reject(new CodedError('KEYSTORE_UNAVAILABLE', 'backend changed'))
        : Promise.resolve({ kind: 'unlocked', key: new Uint8Array(32), mode: 'os' }),
  });
  assert.deepEqual(await startProfile(h.deps), { kind: 'started', core: 'core' });
  assert.deepEqual(h.calls, ['offer:key-lost', 'recover:null', 'report']);
  const no = harness({ answer: false, unlock: () => Promise.reject(new CodedError('KEYSTORE_UNAVAILABLE', 'x')) });
  assert.equal((await startProfile(no.deps)).kind, 'failed');
  assert.deepEqual(no.calls, ['offer:key-lost']);
});

void test('the dialogs say plainly what is kept and what is lost, in Thai and English, Quit second', () => {
  const d = recoveryDialogText('damaged', 'quick_check failed');
  assert.match(d.message, /outbox/u);
  assert.match(d.message, /กล่องจดหมายออก/u);
  assert.equal(d.buttons[1], 'ออก / Quit');
  assert.match(recoveryDialogText('key-lost', '').message, /accounts must be added again/u);
});
