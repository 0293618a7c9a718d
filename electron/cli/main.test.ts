import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CliCommand, CliIo } from './command.js';
import { COMMANDS, main } from './main.js';

interface FakeIo extends CliIo {
  out: string;
  err: string;
}

const fakeIo = (files: Record<string, string> = {}): FakeIo => {
  const io: FakeIo = {
    out: '',
    err: '',
    env: {},
    stdout: (s) => void (io.out += s),
    stderr: (s) => void (io.err += s),
    readFile: (path) =>
      Object.hasOwn(files, path)
        ? Promise.resolve(files[path] as string)
        : Promise.reject(new Error(`ENOENT: no such file or directory, open '${path}'`)),
  };
  return io;
};

const run = async (
  argv: string[],
  files?: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> => {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

const GOOD = JSON.stringify({
  version: 1,
  governmentDomains: ['dga.or.th'],
  blockedDomains: ['example.net'],
  rules: { freeMail: 'block' },
});

void describe('raksa (frame)', () => {
  void it('prints help with --help (exit 0) and without arguments (exit 2)', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /raksa policy check/);
    assert.match(help.out, /raksa policy validate/);
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.err, /Usage: raksa COMMAND/);
  });

  void it('prints per-verb help', async () => {
    const r = await run(['policy', 'check', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--classification CLASS/);
    assert.match(r.out, /--to ADDRESS .*repeatable/);
    assert.match((await run(['help', 'policy', 'validate'])).out, /raksa policy validate FILE/);
  });

  void it('rejects unknown commands and subcommands with exit 2', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command "frobnicate"/);
    const sub = await run(['policy', 'frob']);
    assert.equal(sub.code, 2);
    assert.match(sub.err, /unknown policy command "frob"/);
    assert.match(sub.err, /policy check/);
  });

  void it('merges extra verbs into the dispatch table', async () => {
    const seen: string[] = [];
    const extra: CliCommand = {
      summary: 'test verb',
      usage: 'raksa account add --email A',
      positionals: { min: 0, max: 0 },
      flags: [{ name: 'email', kind: 'string', description: '' }],
      run: (args) => {
        seen.push(args.value('email') ?? '');
        return Promise.resolve(0);
      },
    };
    const io = fakeIo();
    assert.equal(
      await main(['account', 'add', '--email', 'a@moph.go.th'], io, { ...COMMANDS, 'account add': extra }),
      0,
    );
    assert.deepEqual(seen, ['a@moph.go.th']);
    assert.equal(await main(['account', 'add', 'extra'], io, { ...COMMANDS, 'account add': extra }), 2);
    assert.match(io.err, /unexpected argument "extra"/);
  });

  void it('turns an unexpected exception into exit 1', async () => {
    const boom: CliCommand = {
      summary: '',
      usage: 'raksa boom',
      positionals: { min: 0, max: 0 },
      flags: [],
      run: () => Promise.reject(new Error('kaput')),
    };
    const io = fakeIo();
    assert.equal(await main(['boom'], io, { boom }), 1);
    assert.match(io.err, /boom failed: kaput/);
  });
});

void describe('raksa policy validate', () => {
  void it('says a good file is valid (exit 0)', async () => {
    const r = await run(['policy', 'validate', 'p.json'], { 'p.json': GOOD });
    assert.equal(r.code, 0);
    assert.match(r.out, /p\.json: valid policy/);
  });

  void it('names the unknown key of a bad file (exit 2)', async () => {
    const r = await run(['policy', 'validate', 'p.json'], {
      'p.json': '{"version":1,"rules":{"freemail":"block"}}',
    });
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown key "freemail"/);
    assert.match(r.err, /rules\.freemail/);
  });

  void it('reports an unreadable file (exit 2)', async () => {
    const r = await run(['policy', 'validate', 'missing.json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read missing\.json/);
  });

  void it('prints JSON with --json, valid or not', async () => {
    const good = await run(['policy', 'validate', 'p.json', '--json'], { 'p.json': GOOD });
    assert.equal(good.code, 0);
    const g = JSON.parse(good.out) as { valid: boolean; policy: { governmentDomains: string[] } };
    assert.equal(g.valid, true);
    assert.deepEqual(g.policy.governmentDomains, ['dga.or.th']);
    const bad = await run(['policy', 'validate', '--json', 'p.json'], {
      'p.json': '{"version":1,"colour":1}',
    });
    assert.equal(bad.code, 2);
    assert.deepEqual(JSON.parse(bad.out), {
      valid: false,
      file: 'p.json',
      error:
        'p.json: colour: unknown key "colour" (allowed keys: version, governmentDomains, freeMailDomains, blockedDomains, rules, allowedMailServers, caCertificates, remoteContent, offlineWindowDays, offlineAttachmentMaxBytes, keyProtection)',
      path: 'colour',
    });
  });

  void it('requires exactly one file', async () => {
    assert.equal((await run(['policy', 'validate'])).code, 2);
    assert.equal((await run(['policy', 'validate', 'a', 'b'])).code, 2);
  });
});

void describe('raksa policy check', () => {
  void it('prints exactly the stable JSON shape', async () => {
    const r = await run(['policy', 'check', '--to', 'a@moph.go.th', '--json']);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.equal(
      r.out,
      '{"verdict":"allow","recipients":[{"field":"to","input":"a@moph.go.th","address":"a@moph.go.th",' +
        '"domain":"moph.go.th","category":"government","verdict":"allow","reasons":[{"code":"government",' +
        '"message":"moph.go.th is a government domain (listed: go.th)"}]}]}\n',
    );
  });

  void it('judges To, Cc and Bcc in order with the overall verdict, exit 0 even when blocked', async () => {
    const r = await run([
      'policy',
      'check',
      '--to',
      'a@moph.go.th',
      '--to',
      '"boss@moph.go.th" <x@gmail.com>',
      '--cc=y@example.com',
      '--bcc',
      'a@[1.2.3.4]',
      '--json',
    ]);
    assert.equal(r.code, 0);
    const d = JSON.parse(r.out) as {
      verdict: string;
      recipients: { field: string; category: string; verdict: string; address: string }[];
    };
    assert.equal(d.verdict, 'block');
    assert.deepEqual(
      d.recipients.map((x) => [x.field, x.category, x.verdict, x.address]),
      [
        ['to', 'government', 'allow', 'a@moph.go.th'],
        ['to', 'freemail', 'warn', 'x@gmail.com'],
        ['cc', 'external', 'warn', 'y@example.com'],
        ['bcc', 'invalid', 'block', ''],
      ],
    );
    for (const x of d.recipients) {
      assert.deepEqual(Object.keys(x), [
        'field',
        'input',
        'address',
        'domain',
        'category',
        'verdict',
        'reasons',
      ]);
    }
  });

  void it('applies a policy file, classification (English or Thai) and --encrypted', async () => {
    const files = { 'p.json': GOOD };
    const base = ['policy', 'check', '--policy', 'p.json', '--json'];
    const verdict = async (extra: string[]): Promise<string> => {
      const r = await run([...base, ...extra], files);
      assert.equal(r.code, 0, r.err);
      return (JSON.parse(r.out) as { verdict: string }).verdict;
    };
    assert.equal(await verdict(['--to', 'a@dga.or.th']), 'allow');
    assert.equal(await verdict(['--to', 'a@gmail.com']), 'block');
    assert.equal(await verdict(['--to', 'a@moph.go.th', '--classification', 'secret']), 'block');
    assert.equal(
      await verdict(['--to', 'a@moph.go.th', '--classification', 'ลับมาก', '--encrypted']),
      'allow',
    );
    assert.equal(await verdict(['--to', 'a@x.com', '--classification', 'ลับที่สุด', '--encrypted']), 'block');
    assert.equal(await verdict(['--to', 'a@x.com', '--classification', 'none']), 'warn');
  });

  void it('prints a readable table without --json', async () => {
    const r = await run(['policy', 'check', '--to', 'a@moph.go.th', '--cc', 'b@gmail.com']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^FIELD\s+VERDICT\s+CATEGORY\s+ADDRESS/);
    assert.match(r.out, /cc\s+warn\s+freemail\s+b@gmail\.com/);
    assert.match(r.out, /- free-webmail: /);
    assert.match(r.out, /Overall verdict: warn\n$/);
  });

  void it('treats usage mistakes as exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['policy', 'check', '--json'], /at least one recipient/],
      [
        ['policy', 'check', '--to', 'a@moph.go.th', '--classification', 'ultra'],
        /unknown classification "ultra"/,
      ],
      [['policy', 'check', '--to', 'a@moph.go.th', '--bbc', 'x@y.z'], /unknown option --bbc/],
      [['policy', 'check', '--to'], /--to needs a value/],
      [['policy', 'check', '--to', 'a@moph.go.th', 'stray'], /unexpected argument "stray"/],
      [['policy', 'check', '--to', 'a@moph.go.th', '--policy', 'nope.json'], /cannot read nope\.json/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
  });

  void it('refuses an invalid policy file instead of falling back silently', async () => {
    const r = await run(['policy', 'check', '--policy', 'p.json', '--to', 'a@x.com'], {
      'p.json': '{"version":1,"rule":{}}',
    });
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown key "rule"/);
  });
});
