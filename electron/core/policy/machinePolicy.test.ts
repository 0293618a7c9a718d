import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY, STRICTEST_POLICY } from '../../../shared/policy/index.js';
import {
  LINUX_POLICY_FILE,
  MAC_POLICY_FILE,
  POLICY_KEYS,
  loadMachinePolicy,
  policyChangeSource,
  policyProblemMessage,
  type MachinePolicyEnvironment,
  type RegQueryOutput,
} from './machinePolicy.js';
import { REGISTRY_POLICY_VALUES } from './registryPolicy.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail';
const WIN_FILE = 'D:\\ProgramData\\RaksaMail\\policy.json';

interface Fake {
  platform: string;
  files?: Record<string, string>;
  unreadable?: string[];
  /** The policy key's `reg query /s` output; undefined = the key does not exist. */
  registry?: string;
  regFails?: boolean;
}

const env = (fake: Fake): MachinePolicyEnvironment & { queries: string[][] } => {
  const queries: string[][] = [];
  return {
    platform: fake.platform,
    queries,
    readFile(file) {
      if (fake.unreadable?.includes(file)) return Promise.reject(new Error('EACCES: permission denied'));
      return Promise.resolve(fake.files?.[file] ?? null);
    },
    runRegQuery(args): Promise<RegQueryOutput> {
      queries.push([...args]);
      if (fake.regFails) return Promise.reject(new Error('spawn reg ENOENT'));
      const key = args[1] ?? '';
      if (key.endsWith('ProfileList')) {
        return Promise.resolve({
          code: 0,
          stdout: `\r\n${key.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\r\n    ProgramData    REG_EXPAND_SZ    %SystemDrive%\\ProgramData\r\n\r\n`,
          stderr: '',
        });
      }
      if (key.endsWith('CurrentVersion')) {
        return Promise.resolve({
          code: 0,
          stdout: `\r\n${key.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\r\n    SystemRoot    REG_SZ    D:\\WINDOWS\r\n\r\n`,
          stderr: '',
        });
      }
      if (fake.registry === undefined) {
        return Promise.resolve({
          code: 1,
          stdout: '',
          stderr: 'ERROR: The system was unable to find the specified registry key or value.',
        });
      }
      return Promise.resolve({ code: 0, stdout: fake.registry, stderr: '' });
    },
  };
};

const CERT_BODY = `MIIB${'A'.repeat(96)}==`;
const reg = (...lines: string[]) => ['', ...lines, ''].join('\r\n');

void test('no policy anywhere: the defaults, nothing locked', async () => {
  for (const platform of ['linux', 'darwin', 'win32']) {
    const r = await loadMachinePolicy(env({ platform }));
    assert.equal(r.source, 'default', platform);
    assert.deepEqual(r.policy, DEFAULT_POLICY);
    assert.deepEqual(r.lockedKeys, {});
    assert.equal(policyProblemMessage(r), null);
  }
});

void test('Linux and macOS read their fixed file; the registry is never queried', async () => {
  const text = JSON.stringify({ version: 1, rules: { external: 'justify' } });
  for (const [platform, file] of [
    ['linux', LINUX_POLICY_FILE],
    ['darwin', MAC_POLICY_FILE],
    ['freebsd', LINUX_POLICY_FILE],
  ] as const) {
    const e = env({ platform, files: { [file]: text } });
    const r = await loadMachinePolicy(e);
    assert.equal(r.source, 'file', platform);
    assert.equal(r.path, file);
    assert.equal(r.policy.rules.external, 'justify');
    assert.deepEqual(r.lockedKeys, { 'rules.external': file });
    assert.deepEqual(e.queries, []);
  }
});

void test('Windows finds %ProgramData% through the machine registry, not the environment', async () => {
  const r = await loadMachinePolicy(
    env({ platform: 'win32', files: { [WIN_FILE]: '{"version":1,"blockedDomains":["example.net"]}' } }),
  );
  assert.equal(r.source, 'file');
  assert.equal(r.path, WIN_FILE);
  assert.deepEqual(r.policy.blockedDomains, ['example.net']);
});

void test('Windows registry alone: every kind of value maps onto its policy key', async () => {
  const r = await loadMachinePolicy(
    env({
      platform: 'win32',
      registry: reg(
        ROOT,
        '    RulesExternal    REG_SZ    justify',
        '    RulesFreeMail    REG_SZ    block',
        '    RulesClassifiedExternal    REG_SZ    justify',
        '    RulesClassifiedUnencrypted    REG_SZ    justify',
        '    RemoteContent    REG_SZ    block',
        '    GovernmentDomains    REG_MULTI_SZ    dga.or.th\\0nstda.or.th',
        '    OfflineWindowDays    REG_DWORD    0x5a',
        '    AttachmentsExternal    REG_SZ    justify',
        '    AttachmentsBlockedExtensions    REG_MULTI_SZ    .EXE\\0js',
        '    OfflineAttachmentMaxBytes    REG_QWORD    0x4c4b40',
        '    KeyProtection    REG_SZ    passphrase',
        '',
        `${ROOT}\\CaCertificates`,
        `    1    REG_SZ    -----BEGIN CERTIFICATE----- ${CERT_BODY} -----END CERTIFICATE-----`,
        '',
        `${ROOT}\\BlockedDomains`,
        '    2    REG_SZ    evil.example',
        '    1    REG_SZ    example.net',
        '',
        `${ROOT}\\AllowedMailServers`,
        '    1    REG_SZ    *.go.th',
        '',
        `${ROOT}\\FreeMailDomains`,
        '    1    REG_SZ    webmail.example',
      ),
    }),
  );
  assert.equal(r.source, 'registry', r.error);
  assert.deepEqual(r.policy, {
    version: 1,
    governmentDomains: ['dga.or.th', 'nstda.or.th'],
    freeMailDomains: ['webmail.example'],
    blockedDomains: ['example.net', 'evil.example'],
    rules: {
      external: 'justify',
      freeMail: 'block',
      classifiedExternal: 'justify',
      classifiedUnencrypted: 'justify',
      attachments: { blockedExtensions: ['.exe', '.js'], external: 'justify' },
    },
    allowedMailServers: ['*.go.th'],
    caCertificates: [
      `-----BEGIN CERTIFICATE-----\n${CERT_BODY.slice(0, 64)}\n${CERT_BODY.slice(64)}\n-----END CERTIFICATE-----\n`,
    ],
    remoteContent: 'block',
    offlineWindowDays: 90,
    offlineAttachmentMaxBytes: 5_000_000,
    keyProtection: 'passphrase',
  });
  assert.equal(r.lockedKeys['rules.freeMail'], 'HKLM\\SOFTWARE\\Policies\\RaksaMail\\RulesFreeMail');
  assert.equal(r.lockedKeys.blockedDomains, 'HKLM\\SOFTWARE\\Policies\\RaksaMail\\BlockedDomains');
});

void test('registry and file merge key by key; the registry wins, rules rule by rule', async () => {
  const file = JSON.stringify({
    version: 1,
    governmentDomains: ['dga.or.th'],
    blockedDomains: ['from-file.example'],
    rules: { external: 'warn', freeMail: 'justify' },
  });
  const r = await loadMachinePolicy(
    env({
      platform: 'win32',
      files: { [WIN_FILE]: file },
      registry: reg(
        ROOT,
        '    RulesExternal    REG_SZ    block',
        `${ROOT}\\BlockedDomains`,
        '    1    REG_SZ    from-registry.example',
      ),
    }),
  );
  assert.equal(r.source, 'registry', r.error);
  assert.equal(r.path, `HKLM\\SOFTWARE\\Policies\\RaksaMail + ${WIN_FILE}`);
  assert.equal(r.policy.rules.external, 'block', 'registry wins');
  assert.equal(r.policy.rules.freeMail, 'justify', 'the file still sets the rules the registry does not');
  assert.deepEqual(r.policy.blockedDomains, ['from-registry.example'], 'a list is replaced, not merged');
  assert.deepEqual(r.policy.governmentDomains, ['dga.or.th']);
  assert.equal(r.lockedKeys['rules.freeMail'], WIN_FILE);
  assert.equal(r.lockedKeys['rules.external'], 'HKLM\\SOFTWARE\\Policies\\RaksaMail\\RulesExternal');
});

void test('an invalid file falls back to the strictest policy and says where and why', async () => {
  const r = await loadMachinePolicy(
    env({ platform: 'linux', files: { [LINUX_POLICY_FILE]: '{"version":1,"rules":{"freemail":"allow"}}' } }),
  );
  assert.equal(r.source, 'invalid');
  assert.deepEqual(r.policy, STRICTEST_POLICY);
  assert.match(r.error ?? '', /\/etc\/raksa-mail\/policy\.json: rules\.freemail: unknown key/);
  assert.match(policyProblemMessage(r) ?? '', /strictest/);
  assert.equal(policyChangeSource(r), 'strictest-fallback');
  assert.deepEqual(Object.keys(r.lockedKeys).sort(), [...POLICY_KEYS].sort());
});

void test('broken JSON, an unreadable file or a non-object are invalid, never ignored', async () => {
  for (const fake of [
    { platform: 'linux', files: { [LINUX_POLICY_FILE]: '{"version":1,' } },
    { platform: 'linux', files: { [LINUX_POLICY_FILE]: '' } },
    { platform: 'linux', files: { [LINUX_POLICY_FILE]: '[1]' } },
    { platform: 'darwin', unreadable: [MAC_POLICY_FILE] },
  ]) {
    const r = await loadMachinePolicy(env(fake));
    assert.equal(r.source, 'invalid', JSON.stringify(fake));
    assert.deepEqual(r.policy, STRICTEST_POLICY);
  }
});

void test('a bad registry value names the value and falls back to the strictest policy', async () => {
  const cases: [string, RegExp][] = [
    [reg(ROOT, '    RulesExternal    REG_SZ    maybe'), /RulesExternal: rules\.external: must be one of/],
    [reg(ROOT, '    RulesExternal    REG_DWORD    0x1'), /RulesExternal: must be a REG_SZ/],
    [reg(ROOT, '    RulesExtrenal    REG_SZ    warn'), /unknown policy value "RulesExtrenal"/],
    [reg(ROOT, '    Version    REG_DWORD    0x2'), /Version.*unsupported version 2/],
    [reg(ROOT, `${ROOT}\\Surprise`, '    1    REG_SZ    x'), /unknown policy subkey "Surprise"/],
    [reg(ROOT, '    GovernmentDomains    REG_SZ    dga.or.th'), /REG_MULTI_SZ or a subkey/],
    [
      reg(ROOT, '    GovernmentDomains    REG_MULTI_SZ    or.th'),
      /GovernmentDomains: governmentDomains\[0\].*public suffix/,
    ],
    [reg(ROOT, '  garbage'), /not a key or a value/],
  ];
  for (const [registry, expected] of cases) {
    const r = await loadMachinePolicy(env({ platform: 'win32', registry }));
    assert.equal(r.source, 'invalid', registry);
    assert.deepEqual(r.policy, STRICTEST_POLICY);
    assert.match(r.error ?? '', expected);
  }
});

void test('reg.exe that cannot run fails closed', async () => {
  const r = await loadMachinePolicy(env({ platform: 'win32', regFails: true }));
  assert.equal(r.source, 'invalid');
  assert.match(r.error ?? '', /cannot run reg query/);
});

void test('an empty registry key (or an emptied list subkey) is no policy', async () => {
  const r = await loadMachinePolicy(
    env({ platform: 'win32', registry: reg(ROOT, '', `${ROOT}\\AllowedMailServers`) }),
  );
  assert.equal(r.source, 'default');
  assert.equal(r.policy.allowedMailServers, null);
});

void test('every policy key has exactly one registry value', () => {
  const mapped = REGISTRY_POLICY_VALUES.map((v) => v.policyKey).sort();
  assert.deepEqual(mapped, [...POLICY_KEYS].sort());
  assert.equal(
    new Set(REGISTRY_POLICY_VALUES.map((v) => v.name.toLowerCase())).size,
    REGISTRY_POLICY_VALUES.length,
  );
});

void test('nested rules merge leaf by leaf: a registry attachment verdict keeps the file extension list', async () => {
  const file = JSON.stringify({
    version: 1,
    rules: { attachments: { blockedExtensions: ['.exe'], external: 'warn' } },
  });
  const r = await loadMachinePolicy(
    env({
      platform: 'win32',
      files: { [WIN_FILE]: file },
      registry: reg(ROOT, '    AttachmentsExternal    REG_SZ    block'),
    }),
  );
  assert.equal(r.source, 'registry', r.error);
  assert.deepEqual(r.policy.rules.attachments, { blockedExtensions: ['.exe'], external: 'block' });
  assert.equal(r.lockedKeys['rules.attachments.blockedExtensions'], WIN_FILE);
  assert.equal(
    r.lockedKeys['rules.attachments.external'],
    'HKLM\\SOFTWARE\\Policies\\RaksaMail\\AttachmentsExternal',
  );
});
