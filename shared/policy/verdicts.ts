// Verdict ordering: the overall verdict of a message is the strongest verdict of any recipient or rule.
import { VERDICTS, type Verdict } from './types.js';

export const verdictRank = (v: Verdict): number => VERDICTS.indexOf(v);

export function strongestVerdict(...verdicts: readonly Verdict[]): Verdict {
  let best: Verdict = 'allow';
  for (const v of verdicts) if (verdictRank(v) > verdictRank(best)) best = v;
  return best;
}

export const isVerdict = (value: unknown): value is Verdict =>
  typeof value === 'string' && (VERDICTS as readonly string[]).includes(value);
