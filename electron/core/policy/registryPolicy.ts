// Maps the values under HKLM\SOFTWARE\Policies\RaksaMail onto the keys of the policy file (docs/policy.md,
// docs/it-guide.md), producing a partial policy object that parsePolicy then validates exactly as it would a
// file. The table below is the one place the registry names live; the ADMX template and its test follow it.
import { regDword, regMultiSz, type RegKey } from './regQueryParser.js';

export const REGISTRY_POLICY_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\RaksaMail';
/** The same key as IT writes it (reg.exe, Group Policy, documentation). */
export const REGISTRY_POLICY_KEY_SHORT = 'HKLM\\SOFTWARE\\Policies\\RaksaMail';

/** dword: a REG_DWORD (or REG_QWORD) number; certificates: a list whose items are one-line base64 certificates. */
export type RegistryValueKind = 'dword' | 'string' | 'list' | 'certificates';

export interface RegistryPolicyValue {
  /** Value name under the policy key; for a list, also the name of the subkey Group Policy writes. */
  readonly name: string;
  readonly kind: RegistryValueKind;
  /** The policy file key it sets: "governmentDomains", "rules.external", … */
  readonly policyKey: string;
}

/**
 * Every policy file key has exactly one registry value. A list is either a REG_MULTI_SZ value on the policy
 * key (scripts, reg.exe) or a subkey of that name holding one REG_SZ per item (what the ADMX list element
 * writes: values named 1, 2, 3, …); when both exist their items are combined.
 */
export const REGISTRY_POLICY_VALUES: readonly RegistryPolicyValue[] = [
  { name: 'Version', kind: 'dword', policyKey: 'version' },
  { name: 'GovernmentDomains', kind: 'list', policyKey: 'governmentDomains' },
  { name: 'FreeMailDomains', kind: 'list', policyKey: 'freeMailDomains' },
  { name: 'BlockedDomains', kind: 'list', policyKey: 'blockedDomains' },
  { name: 'RulesExternal', kind: 'string', policyKey: 'rules.external' },
  { name: 'RulesFreeMail', kind: 'string', policyKey: 'rules.freeMail' },
  { name: 'RulesClassifiedExternal', kind: 'string', policyKey: 'rules.classifiedExternal' },
  { name: 'RulesClassifiedUnencrypted', kind: 'string', policyKey: 'rules.classifiedUnencrypted' },
  {
    name: 'AttachmentsBlockedExtensions',
    kind: 'list',
    policyKey: 'rules.attachments.blockedExtensions',
  },
  { name: 'AttachmentsExternal', kind: 'string', policyKey: 'rules.attachments.external' },
  { name: 'AllowedMailServers', kind: 'list', policyKey: 'allowedMailServers' },
  { name: 'CaCertificates', kind: 'certificates', policyKey: 'caCertificates' },
  { name: 'RemoteContent', kind: 'string', policyKey: 'remoteContent' },
  { name: 'OfflineWindowDays', kind: 'dword', policyKey: 'offlineWindowDays' },
  { name: 'OfflineAttachmentMaxBytes', kind: 'dword', policyKey: 'offlineAttachmentMaxBytes' },
  { name: 'KeyProtection', kind: 'string', policyKey: 'keyProtection' },
];

const isList = (kind: RegistryValueKind) => kind === 'list' || kind === 'certificates';

/**
 * A registry string holds one line, so a certificate is written as its base64 body (the BEGIN/END lines and
 * white space may be left in or out); it is turned back into the PEM block the policy file uses.
 */
export const certificateFromRegistry = (item: string): string => {
  const body = item.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
};

const regNumber = (type: string, data: string): number | null => {
  if (type === 'REG_DWORD') return regDword(data);
  if (type === 'REG_QWORD' && /^0x[0-9a-fA-F]{1,16}$/.test(data)) {
    const n = Number(BigInt(data));
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
};

/** Sets "a.b.c" in a nested object, creating the intermediate objects. */
const setPath = (target: Record<string, unknown>, dotted: string, value: unknown): void => {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node =
      typeof next === 'object' && next !== null && !Array.isArray(next)
        ? (next as Record<string, unknown>)
        : (node[part] = {});
  }
  node[parts[parts.length - 1] as string] = value;
};

export type RegistryPolicyResult =
  | {
      readonly ok: true;
      /** Nested like the policy file, holding only what the registry sets (e.g. `rules: {external}`). */
      readonly values: Record<string, unknown>;
      /** policyKey → the registry location that set it. */
      readonly setBy: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly error: string };

const lower = (s: string) => s.toLowerCase();
const byName = new Map(REGISTRY_POLICY_VALUES.map((v) => [lower(v.name), v]));
const STRING_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ']);

// reg.exe prints the unnamed default value as "(Default)" (translated on localized Windows); Group Policy
// never writes it, and it cannot be a policy value name, so it is ignored.
const isDefaultValue = (name: string) => name === '' || /^\(.*\)$/.test(name);

/** Numbered item names (1, 2, 10) sort as numbers so the list keeps the order IT typed. */
const itemOrder = (a: string, b: string): number => {
  const [na, nb] = [Number(a), Number(b)];
  return Number.isInteger(na) && Number.isInteger(nb) ? na - nb : a.localeCompare(b);
};

export function registryToPolicyValues(keys: readonly RegKey[]): RegistryPolicyResult {
  const values: Record<string, unknown> = {};
  const setBy: Record<string, string> = {};
  const lists = new Map<string, string[]>();
  const fail = (error: string): RegistryPolicyResult => ({ ok: false, error });
  const location = (suffix: string) => `${REGISTRY_POLICY_KEY_SHORT}\\${suffix}`;

  const put = (spec: RegistryPolicyValue, value: unknown, where: string) => {
    setPath(values, spec.policyKey, value);
    setBy[spec.policyKey] = where;
  };
  const addItems = (spec: RegistryPolicyValue, items: readonly string[]) =>
    lists.set(spec.policyKey, [...(lists.get(spec.policyKey) ?? []), ...items]);

  for (const key of keys) {
    if (lower(key.path) === lower(REGISTRY_POLICY_KEY)) {
      for (const v of key.values) {
        if (isDefaultValue(v.name)) continue;
        const spec = byName.get(lower(v.name));
        const where = location(v.name);
        if (!spec) return fail(`${where}: unknown policy value "${v.name}"`);
        if (spec.kind === 'dword') {
          const n = regNumber(v.type, v.data);
          if (n === null)
            return fail(`${where}: must be a REG_DWORD, got ${v.type} ${JSON.stringify(v.data)}`);
          put(spec, n, where);
        } else if (spec.kind === 'string') {
          if (!STRING_TYPES.has(v.type)) return fail(`${where}: must be a REG_SZ, got ${v.type}`);
          put(spec, v.data.trim(), where);
        } else {
          if (v.type !== 'REG_MULTI_SZ') {
            return fail(`${where}: must be a REG_MULTI_SZ or a subkey of REG_SZ values, got ${v.type}`);
          }
          addItems(spec, regMultiSz(v.data));
          setBy[spec.policyKey] = where;
        }
      }
      continue;
    }
    const prefix = `${lower(REGISTRY_POLICY_KEY)}\\`;
    if (!lower(key.path).startsWith(prefix)) return fail(`unexpected registry key ${key.path}`);
    const sub = key.path.slice(prefix.length);
    const spec = byName.get(lower(sub));
    if (!spec || !isList(spec.kind)) return fail(`${location(sub)}: unknown policy subkey "${sub}"`);
    const items: string[] = [];
    for (const v of [...key.values].sort((a, b) => itemOrder(a.name, b.name))) {
      if (isDefaultValue(v.name)) continue;
      if (!STRING_TYPES.has(v.type))
        return fail(`${location(`${sub}\\${v.name}`)}: must be a REG_SZ, got ${v.type}`);
      if (v.data.trim() !== '') items.push(v.data.trim());
    }
    addItems(spec, items);
    setBy[spec.policyKey] = setBy[spec.policyKey]
      ? `${setBy[spec.policyKey]} + ${location(sub)}`
      : location(sub);
  }
  for (const [policyKey, items] of lists) {
    // Disabling a list policy in Group Policy empties its subkey but may leave the subkey behind, so an empty
    // list means "not set" (for allowedMailServers an empty list would otherwise lock every account out).
    const spec = REGISTRY_POLICY_VALUES.find((v) => v.policyKey === policyKey);
    const unique = [...new Set(items)];
    if (items.length > 0)
      setPath(
        values,
        policyKey,
        spec?.kind === 'certificates' ? unique.map(certificateFromRegistry) : unique,
      );
    else delete setBy[policyKey];
  }
  return { ok: true, values, setBy };
}
