// The audit and machine-policy methods of the API contract, merged into createHandlers with one line.
import type { ApiHandlers } from '../../../shared/contract/client.js';
import type { EffectivePolicyView } from '../../../shared/domain/machinePolicy.js';
import type { AuditLog } from './auditLog.js';

export interface AuditHandlerDeps {
  readonly audit: AuditLog;
  /** The machine policy in force for this core's lifetime. */
  readonly effectivePolicy: EffectivePolicyView;
}

export function createAuditHandlers(
  deps: AuditHandlerDeps,
): Pick<ApiHandlers, 'audit.export' | 'audit.verify' | 'policy.effective'> {
  return {
    'audit.export': ({ since, afterSeq, limit }) =>
      Promise.resolve(deps.audit.page({ ...(since === undefined ? {} : { since }), afterSeq, limit })),
    'audit.verify': () => Promise.resolve(deps.audit.verify()),
    'policy.effective': () => Promise.resolve(deps.effectivePolicy),
  };
}
