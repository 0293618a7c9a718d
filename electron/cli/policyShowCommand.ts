// `raksa policy show`: the machine policy this computer enforces, where it came from (registry, file,
// defaults, or the strictest fallback with the reason) and its hash as the audit log records it. It reads
// the machine's real locations only; there is no option to point it elsewhere.
import { effectivePolicyView } from '../core/policy/effectivePolicy.js';
import { loadMachinePolicy, type MachinePolicy } from '../core/policy/machinePolicy.js';
import { systemPolicyEnvironment } from '../core/policy/systemPolicyEnvironment.js';
import { EXIT_OK, type CliCommand } from './command.js';

export function createPolicyShowCommand(load: () => Promise<MachinePolicy>): CliCommand {
  return {
    summary: 'Show the machine policy in force, its source and its hash',
    usage: 'raksa policy show [--json]',
    positionals: { min: 0, max: 0 },
    flags: [{ name: 'json', kind: 'boolean', description: 'print {source, path, error, hash, …} as JSON' }],
    async run(args, io) {
      const view = effectivePolicyView(await load());
      if (args.has('json')) {
        io.stdout(`${JSON.stringify(view)}\n`);
        return EXIT_OK;
      }
      io.stdout(`source: ${view.source}${view.path ? ` (${view.path})` : ''}\nhash: ${view.hash}\n`);
      if (view.problem) io.stderr(`raksa: ${view.problem}\n`);
      for (const [key, where] of Object.entries(view.lockedKeys)) io.stdout(`locked: ${key} by ${where}\n`);
      io.stdout(`${JSON.stringify(view.policy, null, 2)}\n`);
      return EXIT_OK;
    },
  };
}

export const policyShowCommand = createPolicyShowCommand(() => loadMachinePolicy(systemPolicyEnvironment()));
