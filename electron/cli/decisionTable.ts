// Human-readable rendering of a policy decision for `raksa policy check` without --json.
import type { PolicyDecision } from '../../shared/policy/index.js';

const pad = (cells: readonly string[], widths: readonly number[]): string =>
  cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();

export function formatDecisionTable(decision: PolicyDecision): string {
  const header = ['FIELD', 'VERDICT', 'CATEGORY', 'ADDRESS'];
  const rows = decision.recipients.map((r) => [r.field, r.verdict, r.category, r.address || r.input]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const lines = [pad(header, widths)];
  decision.recipients.forEach((r, i) => {
    lines.push(pad(rows[i] ?? [], widths));
    for (const reason of r.reasons) lines.push(`    - ${reason.code}: ${reason.message}`);
  });
  lines.push('', `Overall verdict: ${decision.verdict}`);
  return `${lines.join('\n')}\n`;
}
