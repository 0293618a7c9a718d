// The settings page's view of the machine policy (issue 5 §5): one row per policy key, with its value in a
// form the page can translate, and whether IT locked it and where (a registry value, a file path, or the
// strictest fallback of an invalid policy). Pure, so what "locked" means is unit-tested.
//
// The rows come from the policy object itself (every leaf; lists and null are leaves), not from a list kept
// here, so a key added to the policy shows up on the page without a change in the UI.
import type { EffectivePolicyView } from '../../../../shared/domain/machinePolicy.js';

/** lockedKeys value for every key while the machine policy is invalid (electron/core/policy/machinePolicy.ts). */
export const STRICTEST_FALLBACK_SOURCE = 'strictest-fallback';

/** What a null value means for a key (the policy documents each). */
export type UnsetMeaning = 'anyServer' | 'everyMessage' | 'noLimit' | 'none';

export type PolicyValueView =
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'days'; readonly days: number }
  | { readonly kind: 'bytes'; readonly bytes: number }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'unset'; readonly meaning: UnsetMeaning };

export type LockView =
  { readonly locked: false } | { readonly locked: true; readonly fallback: boolean; readonly source: string };

export interface PolicySettingRow {
  /** Dotted policy key, as in the policy file and lockedKeys ("rules.attachments.external"). */
  readonly key: string;
  readonly value: PolicyValueView;
  readonly lock: LockView;
}

const UNSET: Readonly<Record<string, UnsetMeaning>> = {
  allowedMailServers: 'anyServer',
  offlineWindowDays: 'everyMessage',
  offlineAttachmentMaxBytes: 'noLimit',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function leaves(value: Record<string, unknown>, prefix: string): [string, unknown][] {
  return Object.entries(value).flatMap(([k, v]): [string, unknown][] =>
    isRecord(v) ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}

function valueView(key: string, v: unknown): PolicyValueView {
  if (v === null || v === undefined) return { kind: 'unset', meaning: UNSET[key] ?? 'none' };
  // Certificates are long PEM blocks: the page says how many, never prints them.
  if (key === 'caCertificates' && Array.isArray(v)) return { kind: 'count', count: v.length };
  if (Array.isArray(v)) return { kind: 'list', items: v.map(String) };
  if (typeof v === 'number') {
    if (key === 'offlineWindowDays') return { kind: 'days', days: v };
    if (key === 'offlineAttachmentMaxBytes') return { kind: 'bytes', bytes: v };
    return { kind: 'number', value: v };
  }
  return { kind: 'word', word: typeof v === 'string' ? v : JSON.stringify(v) };
}

/** The lock of one key: its own entry, or that of an enclosing object ("rules" locks "rules.external"). */
export function lockOf(key: string, lockedKeys: Readonly<Record<string, string>>): LockView {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const source = lockedKeys[parts.slice(0, n).join('.')];
    if (source !== undefined) return { locked: true, fallback: source === STRICTEST_FALLBACK_SOURCE, source };
  }
  return { locked: false };
}

export function policySettingRows(view: EffectivePolicyView): PolicySettingRow[] {
  const policy: unknown = view.policy;
  if (!isRecord(policy)) return [];
  return leaves(policy, '')
    .filter(([key]) => key !== 'version')
    .map(([key, v]) => ({ key, value: valueView(key, v), lock: lockOf(key, view.lockedKeys) }));
}

/** The dotted key as an id for the translation table (`rules.external` → `rules_external`). */
export const policyKeyId = (key: string): string => key.replace(/\./gu, '_');
