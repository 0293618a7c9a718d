// `raksa policy validate` and `raksa policy check`: IT checks a policy file before deploying it, and
// support reproduces what the compose window would say for a set of recipients. The --json output of
// `check` is a stable interface (DESIGN §1): keys and their order are fixed here, not by the engine.
import {
  DEFAULT_POLICY,
  evaluateRecipients,
  parseClassification,
  parsePolicy,
  type Policy,
  type PolicyDecision,
} from '../../shared/policy/index.js';
import type { ParsedArgs } from './args.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './command.js';
import { formatDecisionTable } from './decisionTable.js';

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type LoadedPolicy = { ok: true; policy: Policy } | { ok: false; error: string; path: string };

const loadPolicyFile = async (io: CliIo, file: string): Promise<LoadedPolicy> => {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${errorMessage(e)}`, path: '' };
  }
  const parsed = parsePolicy(text);
  return parsed.ok ? parsed : { ok: false, error: `${file}: ${parsed.error}`, path: parsed.path };
};

const validate: CliCommand = {
  summary: 'Check that a policy file is valid',
  usage: 'raksa policy validate FILE [--json]',
  positionals: { min: 1, max: 1, names: 'FILE' },
  flags: [{ name: 'json', kind: 'boolean', description: 'print {"valid":…} as JSON' }],
  async run(args, io) {
    const file = args.positionals[0] as string;
    const loaded = await loadPolicyFile(io, file);
    if (args.has('json')) {
      const out = loaded.ok
        ? { valid: true, file, policy: loaded.policy }
        : { valid: false, file, error: loaded.error, path: loaded.path };
      io.stdout(`${JSON.stringify(out)}\n`);
    } else if (loaded.ok) {
      io.stdout(`${file}: valid policy (version ${loaded.policy.version})\n`);
    } else {
      io.stderr(`raksa: invalid policy: ${loaded.error}\n`);
    }
    return loaded.ok ? EXIT_OK : EXIT_USAGE;
  },
};

/** Fixed key order for the stable JSON interface. */
const decisionJson = (d: PolicyDecision): string =>
  JSON.stringify({
    verdict: d.verdict,
    recipients: d.recipients.map((r) => ({
      field: r.field,
      input: r.input,
      address: r.address,
      domain: r.domain,
      category: r.category,
      verdict: r.verdict,
      reasons: r.reasons.map(({ code, message }) => ({ code, message })),
    })),
  });

const check: CliCommand = {
  summary: 'Show the policy verdict for a set of recipients',
  usage:
    'raksa policy check [--policy FILE] [--from A] [--to A]… [--cc A]… [--bcc A]… ' +
    '[--classification none|confidential|secret|top-secret|ลับ|ลับมาก|ลับที่สุด] [--encrypted] [--json]',
  positionals: { min: 0, max: 0 },
  flags: [
    {
      name: 'policy',
      kind: 'string',
      valueName: 'FILE',
      description: 'policy file (default: built-in defaults)',
    },
    { name: 'from', kind: 'string', valueName: 'ADDRESS', description: 'sender (not judged)' },
    { name: 'to', kind: 'string', repeatable: true, valueName: 'ADDRESS', description: 'To recipient' },
    { name: 'cc', kind: 'string', repeatable: true, valueName: 'ADDRESS', description: 'Cc recipient' },
    { name: 'bcc', kind: 'string', repeatable: true, valueName: 'ADDRESS', description: 'Bcc recipient' },
    {
      name: 'classification',
      kind: 'string',
      valueName: 'CLASS',
      description: 'secrecy class, English or Thai',
    },
    { name: 'encrypted', kind: 'boolean', description: 'the message will be encrypted' },
    { name: 'json', kind: 'boolean', description: 'print the decision as JSON' },
  ],
  async run(args: ParsedArgs, io: CliIo) {
    const [to, cc, bcc] = [args.values('to'), args.values('cc'), args.values('bcc')];
    if (to.length + cc.length + bcc.length === 0) {
      throw new UsageError('give at least one recipient with --to, --cc or --bcc');
    }
    const classArg = args.value('classification') ?? 'none';
    const classification = parseClassification(classArg);
    if (!classification) throw new UsageError(`unknown classification "${classArg}"`);
    let policy = DEFAULT_POLICY;
    const policyFile = args.value('policy');
    if (policyFile !== undefined) {
      const loaded = await loadPolicyFile(io, policyFile);
      if (!loaded.ok) {
        io.stderr(`raksa: invalid policy: ${loaded.error}\n`);
        return EXIT_USAGE;
      }
      policy = loaded.policy;
    }
    const from = args.value('from');
    const decision = evaluateRecipients(policy, {
      ...(from === undefined ? {} : { from }),
      to: [...to],
      cc: [...cc],
      bcc: [...bcc],
      classification,
      encrypted: args.has('encrypted'),
    });
    io.stdout(args.has('json') ? `${decisionJson(decision)}\n` : formatDecisionTable(decision));
    // The verdict is the output, not an error: scripts read it from the JSON.
    return EXIT_OK;
  },
};

export const policyCommands: Record<string, CliCommand> = {
  'policy validate': validate,
  'policy check': check,
};
