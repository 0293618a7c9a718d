// The audit chain's one hash rule, shared by append and verify so the two can never disagree.
import { createHash } from 'node:crypto';

/**
 * sha256(prevHash ‖ entryJson) as lower-case hex, where prevHash is the previous entry's hash in hex (64 zeros
 * for the first entry) and entryJson the canonical JSON of the entry without its own hash, both as UTF-8.
 * Chaining the previous hash in means an entry cannot be changed, removed or reordered without breaking every
 * hash after it.
 */
export const auditEntryHash = (prevHash: string, entryJson: string): string =>
  createHash('sha256').update(prevHash, 'utf8').update(entryJson, 'utf8').digest('hex');
