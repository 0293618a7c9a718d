// Turns the machine policy the parent read into what the core publishes (policy.effective, the status bar's
// policyProblem) and what the audit log records on start.
import type { EffectivePolicyView } from '../../../shared/domain/machinePolicy.js';
import type { Policy } from '../../../shared/policy/index.js';
import type { PolicyChangeFacts } from '../audit/recordPolicyChange.js';
import { policyChangeSource, policyProblemMessage, type MachinePolicy } from './machinePolicy.js';
import { policyHash } from './policyHash.js';

/** For a core built without a machine policy (tests that construct the core directly). */
export const builtInMachinePolicy = (policy: Policy): MachinePolicy => ({
  policy,
  source: 'default',
  lockedKeys: {},
});

export function effectivePolicyView(mp: MachinePolicy): EffectivePolicyView {
  return {
    policy: mp.policy,
    source: mp.source,
    path: mp.path ?? null,
    error: mp.error ?? null,
    lockedKeys: { ...mp.lockedKeys },
    hash: policyHash(mp.policy),
    problem: policyProblemMessage(mp),
  };
}

export function policyChangeFacts(view: EffectivePolicyView): PolicyChangeFacts {
  return {
    policyHash: view.hash,
    source: policyChangeSource({ policy: view.policy, source: view.source, lockedKeys: view.lockedKeys }),
    location: view.path,
    error: view.error,
  };
}
