// How a SendPreview (shared/domain/evaluateSend.ts, the same judgement the core enforces) is shown: the
// colour of each recipient chip while typing, and the send dialog's groups by domain (FlexConfirmMail
// for Thunderbird is the model: every external domain confirmed on its own, free webmail apart).
import type { SendPreview } from '../../../../shared/domain/compose.js';
import type { RecipientDecision, Verdict } from '../../../../shared/policy/types.js';
import type { RecipientField } from './composeModel.js';

export type ChipTone = 'government' | 'external' | 'freemail' | 'blocked';

export interface ChipVerdict {
  readonly tone: ChipTone;
  readonly verdict: Verdict;
  readonly reasonCodes: readonly string[];
}

export const chipKey = (field: RecipientField, input: string): string => `${field}\u0000${input}`;

export function toneOf(d: Pick<RecipientDecision, 'category' | 'verdict'>): ChipTone {
  // A block is red whatever the category (a government address is blocked for unencrypted classified mail).
  if (d.verdict === 'block' || d.category === 'blocked' || d.category === 'invalid') return 'blocked';
  if (d.category === 'government') return 'government';
  return d.category === 'freemail' ? 'freemail' : 'external';
}

export function chipVerdicts(preview: SendPreview): Map<string, ChipVerdict> {
  const out = new Map<string, ChipVerdict>();
  for (const r of preview.recipients.recipients) {
    out.set(chipKey(r.field, r.input), { tone: toneOf(r), verdict: r.verdict, reasonCodes: r.reasons.map((x) => x.code) });
  }
  return out;
}

export interface DomainGroup {
  readonly domain: string;
  readonly verdict: Verdict;
  readonly addresses: readonly string[];
  readonly reasonCodes: readonly string[];
}

export interface DialogGroups {
  readonly government: readonly string[];
  readonly external: readonly DomainGroup[];
  readonly freemail: readonly DomainGroup[];
  readonly blocked: readonly DomainGroup[];
}

/** Recipients grouped for the dialog: one group per domain, each with the union of its reasons. */
export function dialogGroups(preview: SendPreview): DialogGroups {
  const groups = { external: new Map<string, RecipientDecision[]>(), freemail: new Map<string, RecipientDecision[]>(), blocked: new Map<string, RecipientDecision[]>() };
  const government: string[] = [];
  for (const r of preview.recipients.recipients) {
    const tone = toneOf(r);
    if (tone === 'government' && r.verdict === 'allow') {
      government.push(r.address || r.input);
      continue;
    }
    const bucket = tone === 'blocked' ? groups.blocked : tone === 'freemail' ? groups.freemail : groups.external;
    const key = r.domain || r.input;
    bucket.set(key, [...(bucket.get(key) ?? []), r]);
  }
  const rank: Record<Verdict, number> = { allow: 0, warn: 1, justify: 2, block: 3 };
  const toList = (m: Map<string, RecipientDecision[]>): DomainGroup[] =>
    [...m.entries()]
      .map(([domain, list]) => ({
        domain,
        verdict: list.reduce<Verdict>((v, r) => (rank[r.verdict] > rank[v] ? r.verdict : v), 'allow'),
        addresses: [...new Set(list.map((r) => r.address || r.input))],
        reasonCodes: [...new Set(list.flatMap((r) => r.reasons.map((x) => x.code)))],
      }))
      .sort((a, b) => a.domain.localeCompare(b.domain));
  return { government, external: toList(groups.external), freemail: toList(groups.freemail), blocked: toList(groups.blocked) };
}

/** Groups and attachments the user must tick before a warn/justify message may go. */
export function confirmationKeys(preview: SendPreview): string[] {
  const g = dialogGroups(preview);
  const keys = [...g.external, ...g.freemail].filter((x) => x.verdict !== 'allow').map((x) => `domain:${x.domain}`);
  if (preview.attachments.some((a) => a.verdict === 'warn' || a.verdict === 'justify')) keys.push('attachments');
  return keys;
}

/** Whether the block comes from the encryption rule (the dialog then says encryption is required). */
export const needsEncryption = (preview: SendPreview): boolean =>
  preview.recipients.recipients.some((r) => r.reasons.some((x) => x.code === 'classified-unencrypted'));
