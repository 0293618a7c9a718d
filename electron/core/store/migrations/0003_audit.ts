// The audit log (issue 5 §6): one row per entry, hash-chained, append-only. The chain is what proves
// integrity (electron/core/audit/auditLog.ts verifies it); the triggers below make an accidental UPDATE or
// DELETE from any code path fail loudly instead of silently breaking the chain, and refuse an INSERT that
// does not extend the chain. They do not stop someone holding the key from dropping them: verify() does.
import type { Migration } from './migration.js';

/** prev_hash of the first entry: 64 zeros (sha-256 width). Also used by AuditLog. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const migration0003Audit: Migration = {
  version: 3,
  name: '0003_audit',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
        time_ms   INTEGER NOT NULL,
        kind      TEXT NOT NULL,
        -- The canonical JSON of the entry without its hash (it includes seq, time and prevHash); the hash
        -- is over exactly these bytes, so verification never depends on how a row is re-serialized.
        entry     TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;

      -- export --since reads a time range.
      CREATE INDEX audit_log_time ON audit_log (time_ms);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
      WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
        OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '${AUDIT_GENESIS_HASH}')
      BEGIN SELECT RAISE(ABORT, 'an audit entry must extend the chain'); END;
    `);
  },
};
