// Finds and reads the machine policy (DESIGN §9, issue 5 §5): locked by IT, beats user settings.
//   Windows: HKLM\SOFTWARE\Policies\RaksaMail (reg query) merged over %ProgramData%\RaksaMail\policy.json
//   Linux:   /etc/raksa-mail/policy.json
//   macOS:   /Library/Application Support/RaksaMail/policy.json
// Both Windows sources may be used at once: they are merged key by key and the registry wins for every key
// it sets (objects such as `rules` key by key), because Group Policy is how IT centrally overrides a local file.
// No location comes from the process environment or the command line: a user could set either, and no
// flag or variable may loosen the policy. Every platform dependency is injected so each source is tested
// on any OS.
import path from 'node:path';
import { DEFAULT_POLICY, STRICTEST_POLICY, parsePolicy, type Policy } from '../../../shared/policy/index.js';
import { parseRegQueryOutput, type RegQueryParseResult } from './regQueryParser.js';
import { REGISTRY_POLICY_KEY_SHORT, registryToPolicyValues } from './registryPolicy.js';

export type MachinePolicySource = 'registry' | 'file' | 'default' | 'invalid';

export interface MachinePolicy {
  readonly policy: Policy;
  readonly source: MachinePolicySource;
  /** Where it came from: the registry key, the file, or both joined with " + ". */
  readonly path?: string;
  /** Set when source is 'invalid': what is wrong and where. */
  readonly error?: string;
  /** Policy key ("rules.external") → the location that locks it; every key when the fallback applies. */
  readonly lockedKeys: Readonly<Record<string, string>>;
}

export interface RegQueryOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface MachinePolicyEnvironment {
  readonly platform: string;
  /** The file's text, or null when it does not exist. Throws for any other failure (fail closed). */
  readFile(file: string): Promise<string | null>;
  /** Runs reg.exe with these arguments; throws when it cannot run at all. */
  runRegQuery(args: readonly string[]): Promise<RegQueryOutput>;
}

export const LINUX_POLICY_FILE = '/etc/raksa-mail/policy.json';
export const MAC_POLICY_FILE = '/Library/Application Support/RaksaMail/policy.json';
const WINDOWS_DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';
export const STRICTEST_FALLBACK = 'strictest-fallback';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

const leafKeys = (value: object, prefix: string): string[] =>
  Object.entries(value).flatMap(([k, v]) =>
    isRecord(v) ? leafKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

/**
 * The policy keys as "governmentDomains", "rules.external", "rules.attachments.external", …: every leaf of
 * the default policy's shape (arrays and null are leaves), so a key added to the policy shows up here.
 */
export const POLICY_KEYS: readonly string[] = leafKeys(DEFAULT_POLICY, '');

const getPath = (value: Record<string, unknown>, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), value);

/** Merges `over` into `base`: objects key by key (recursively), anything else replaced. */
const deepMerge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isRecord(v) && isRecord(b) ? deepMerge(b, v) : v;
  }
  return out;
};

/**
 * %ProgramData% as the machine defines it (HKLM ProfileList\ProgramData, with %SystemDrive% taken from
 * HKLM's SystemRoot), never from the environment variable, which any user can point at a folder of their own.
 */
export async function windowsProgramData(env: MachinePolicyEnvironment): Promise<string> {
  const readValue = async (key: string, name: string): Promise<string | null> => {
    try {
      const out = await env.runRegQuery(['query', key, '/v', name]);
      const parsed: RegQueryParseResult =
        out.code === 0 ? parseRegQueryOutput(out.stdout) : { ok: false, error: '' };
      if (!parsed.ok) return null;
      const value = parsed.keys
        .flatMap((k) => k.values)
        .find((v) => v.name.toLowerCase() === name.toLowerCase());
      return value?.data ?? null;
    } catch {
      return null;
    }
  };
  const raw = await readValue(
    'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList',
    'ProgramData',
  );
  if (!raw) return WINDOWS_DEFAULT_PROGRAM_DATA;
  if (!/%SystemDrive%/i.test(raw)) return raw;
  const systemRoot = await readValue('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'SystemRoot');
  const drive = /^[A-Za-z]:/.exec(systemRoot ?? '')?.[0] ?? 'C:';
  return raw.replace(/%SystemDrive%/gi, drive);
}

export async function machinePolicyFile(env: MachinePolicyEnvironment): Promise<string> {
  if (env.platform === 'win32')
    return path.win32.join(await windowsProgramData(env), 'RaksaMail', 'policy.json');
  if (env.platform === 'darwin') return MAC_POLICY_FILE;
  return LINUX_POLICY_FILE;
}

const invalid = (error: string, where: string): MachinePolicy => ({
  policy: STRICTEST_POLICY,
  source: 'invalid',
  path: where,
  error,
  lockedKeys: Object.fromEntries(POLICY_KEYS.map((k) => [k, STRICTEST_FALLBACK])),
});

type Registry = { values: Record<string, unknown>; setBy: Readonly<Record<string, string>> } | null;

async function readRegistry(env: MachinePolicyEnvironment): Promise<Registry | { error: string }> {
  let out: RegQueryOutput;
  try {
    out = await env.runRegQuery(['query', REGISTRY_POLICY_KEY_SHORT, '/s']);
  } catch (e) {
    return { error: `cannot run reg query: ${errorText(e)}` };
  }
  // reg.exe exits 1 when the key does not exist (its message is translated, so only the code is read).
  if (out.code === 1 && out.stdout.trim() === '') return null;
  if (out.code !== 0) return { error: `reg query failed with exit code ${out.code}` };
  const parsed = parseRegQueryOutput(out.stdout);
  if (!parsed.ok) return { error: parsed.error };
  const mapped = registryToPolicyValues(parsed.keys);
  if (!mapped.ok) return { error: mapped.error };
  return Object.keys(mapped.setBy).length === 0 ? null : { values: mapped.values, setBy: mapped.setBy };
}

export async function loadMachinePolicy(env: MachinePolicyEnvironment): Promise<MachinePolicy> {
  const file = await machinePolicyFile(env);
  let registry: Registry = null;
  if (env.platform === 'win32') {
    const r = await readRegistry(env);
    if (r && 'error' in r)
      return invalid(`${REGISTRY_POLICY_KEY_SHORT}: ${r.error}`, REGISTRY_POLICY_KEY_SHORT);
    registry = r;
  }

  let text: string | null;
  try {
    text = await env.readFile(file);
  } catch (e) {
    return invalid(`${file}: cannot read the policy file: ${errorText(e)}`, file);
  }
  let fileValues: Record<string, unknown> | null = null;
  if (text !== null) {
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      return invalid(`${file}: not valid JSON: ${errorText(e)}`, file);
    }
    if (!isRecord(raw)) {
      const r = parsePolicy(raw);
      return invalid(`${file}: ${r.ok ? 'must be a JSON object' : r.error}`, file);
    }
    fileValues = raw;
  }

  if (!registry && !fileValues) return { policy: DEFAULT_POLICY, source: 'default', lockedKeys: {} };

  const lockedKeys: Record<string, string> = {};
  if (fileValues) {
    for (const key of POLICY_KEYS) if (getPath(fileValues, key) !== undefined) lockedKeys[key] = file;
  }
  Object.assign(lockedKeys, registry?.setBy ?? {});
  delete lockedKeys.version;

  // Registry wins per key: objects (rules, rules.attachments) merge key by key; lists and values are replaced.
  const merged = deepMerge({ ...(registry ? { version: 1 } : {}), ...fileValues }, registry?.values ?? {});
  const where = [registry ? REGISTRY_POLICY_KEY_SHORT : null, fileValues ? file : null]
    .filter((w): w is string => w !== null)
    .join(' + ');
  const parsed = parsePolicy(merged);
  if (!parsed.ok) {
    // Name the source of the offending key: a registry value or the file.
    const key = parsed.path.replace(/\[\d+\]$/, '');
    const origin = registry?.setBy[key] ?? (fileValues ? file : where);
    return invalid(`${origin}: ${parsed.error}`, where);
  }
  return { policy: parsed.policy, source: registry ? 'registry' : 'file', path: where, lockedKeys };
}

/** The message the app shows on every start while the machine policy is invalid; null when it is fine. */
export function policyProblemMessage(mp: MachinePolicy): string | null {
  if (mp.source !== 'invalid') return null;
  return (
    `The machine policy is invalid (${mp.error ?? 'unknown error'}). The strictest settings apply until ` +
    'IT fixes it: mail may only go to government addresses.'
  );
}

/** The audit log's name for where the policy came from. */
export function policyChangeSource(mp: MachinePolicy): string {
  return mp.source === 'invalid' ? STRICTEST_FALLBACK : mp.source;
}
