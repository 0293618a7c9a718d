// On every core start: a database rebuild (electron/core/recovery/recoverProfile.ts) left a note in the
// profile directory; record it in this (the new) database's audit log as `profile-recovery`, then remove
// the note. IT sees that local data was replaced, why, and what was carried over (outbox, drafts, audit
// entries). The entry's time is when it was recorded; `recoveredAt` is when the rebuild ran.
import type { AuditDetail, AuditEntry, AuditEventInput } from '../../../shared/audit/auditSchemas.js';
import {
  clearPendingRecoveries,
  readPendingRecoveries,
  type PendingRecovery,
} from '../recovery/recoveryMarker.js';
import type { AuditLog } from './auditLog.js';

/** Always reported, 0 when nothing was kept (a lost key), so IT need not know which tables existed then. */
const ALWAYS_COUNTED = ['outbox', 'drafts', 'audit_log', 'accounts'] as const;

export function recoveryEntry(recovery: PendingRecovery, policyHash: string): AuditEventInput {
  const detail: AuditDetail = {
    recoveryId: recovery.recoveryId,
    reason: recovery.reason,
    recoveredAt: recovery.recoveredAt,
    schemaReadable: recovery.schemaReadable,
    movedFiles: recovery.movedFiles.join(','),
  };
  for (const table of ALWAYS_COUNTED) detail[`kept.${table}`] = 0;
  for (const t of recovery.tables) {
    detail[`kept.${t.table}`] = t.copied;
    detail[`lost.${t.table}`] = t.unreadable + t.rejected;
  }
  return { kind: 'profile-recovery', account: null, reasons: [recovery.reason], policyHash, detail };
}

/** The recovery ids already in the log: a crash after the append but before the note was removed must not record a rebuild twice. */
const recordedIds = (audit: AuditLog): Set<string> => {
  const ids = new Set<string>();
  try {
    for (const entry of audit.export()) {
      const id = entry.kind === 'profile-recovery' ? entry.detail['recoveryId'] : undefined;
      if (typeof id === 'string') ids.add(id);
    }
  } catch {
    // An unreadable entry (verify() reports it): at worst a rebuild is recorded twice, never not at all.
  }
  return ids;
};

/** Appends one `profile-recovery` entry per rebuild waiting in the profile directory; returns them. */
export function recordPendingRecoveries(
  audit: AuditLog,
  profileDir: string,
  policyHash: string,
): AuditEntry[] {
  const waiting = readPendingRecoveries(profileDir);
  if (waiting === null) return [];
  const already = recordedIds(audit);
  const entries: AuditEntry[] = [];
  for (const recovery of waiting.pending) {
    if (!already.has(recovery.recoveryId)) entries.push(audit.append(recoveryEntry(recovery, policyHash)));
  }
  if (waiting.unreadable) {
    entries.push(
      audit.append({
        kind: 'profile-recovery',
        account: null,
        reasons: ['recovery-note-unreadable'],
        policyHash,
        detail: { reason: null, noteReadable: false },
      }),
    );
  }
  clearPendingRecoveries(profileDir);
  return entries;
}
