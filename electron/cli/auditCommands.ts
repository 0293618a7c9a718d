// `raksa audit export` and `raksa audit verify` (issue 5 §6): IT reads and checks a profile's audit log
// through the same core that writes it. Export prints JSON lines (one entry per line) so a log of any size
// streams into other tools; verify's exit code is the answer (0 intact, 1 broken, naming the first bad entry).
import type { AuditEntry } from '../../shared/audit/auditSchemas.js';
import type { CliCommand } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

const PAGE = 1000;

/** A date (2025-01-31, local midnight is ambiguous across machines, so UTC) or a full ISO 8601 time. */
export function parseSince(value: string): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
    throw new UsageError(`--since must be a date (YYYY-MM-DD, UTC) or an ISO 8601 time, got "${value}"`);
  }
  return ms;
}

const humanLine = (e: AuditEntry): string => {
  const who = e.recipients.map((r) => `${r.address}=${r.verdict}`).join(' ');
  const facts = [e.time, `#${e.seq}`, e.kind, e.account ?? '-', e.verdict ?? '-', who];
  if (e.justification !== null) facts.push(`justification: ${JSON.stringify(e.justification)}`);
  if (e.kind === 'policy-change')
    facts.push(`source: ${String(e.detail.source)}`, `policy ${e.policyHash.slice(0, 12)}`);
  return `${facts.filter((f) => f !== '').join('  ')}\n`;
};

export const auditExport: CliCommand = {
  summary: 'Print the audit log of a profile (JSON lines with --json)',
  usage: 'raksa audit export --profile DIR [--since DATE] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    ...PROFILE_FLAGS,
    {
      name: 'since',
      kind: 'string',
      valueName: 'DATE',
      description: 'only entries at or after this date (YYYY-MM-DD, UTC) or ISO 8601 time',
    },
  ],
  async run(args, io) {
    const sinceArg = args.value('since');
    const since = sinceArg === undefined ? undefined : parseSince(sinceArg);
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      let afterSeq = 0;
      for (;;) {
        const page = unwrap(
          await core.call('audit.export', {
            ...(since === undefined ? {} : { since }),
            afterSeq,
            limit: PAGE,
          }),
          io,
          json,
        );
        if (!page) return EXIT_FAILURE;
        for (const entry of page.entries) io.stdout(json ? `${JSON.stringify(entry)}\n` : humanLine(entry));
        if (page.nextAfterSeq === null) return EXIT_OK;
        afterSeq = page.nextAfterSeq;
      }
    });
  },
};

export const auditVerify: CliCommand = {
  summary: "Check the hash chain of a profile's audit log (exit 1 naming the first broken entry)",
  usage: 'raksa audit verify --profile DIR [--json]',
  positionals: { min: 0, max: 0 },
  flags: PROFILE_FLAGS,
  async run(args, io) {
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const result = unwrap(await core.call('audit.verify', {}), io, json);
      if (!result) return EXIT_FAILURE;
      if (json) io.stdout(`${JSON.stringify(result)}\n`);
      if (result.ok) {
        if (!json) io.stdout(`audit log intact: ${result.count} entries, head ${result.head}\n`);
        return EXIT_OK;
      }
      io.stderr(`raksa: audit log broken at entry ${result.firstBrokenSeq}: ${result.reason}\n`);
      return EXIT_FAILURE;
    });
  },
};
