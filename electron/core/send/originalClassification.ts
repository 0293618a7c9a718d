// The secrecy class of the message a reply or forward answers (issue 5 §4: lowering it needs a written
// reason). Found by its Message-ID (In-Reply-To, else the last of References) among stored messages, from
// the X-Raksa-Classification header of the cached source or the subject marking, the stronger counting.
import { strongerClassification } from '../../../shared/domain/classificationOrder.js';
import type { Classification } from '../../../shared/policy/types.js';
import { headerBlock, unfoldedFields } from '../mime/headerFields.js';
import { readMarkings, type HeaderLike } from '../mime/readMarkings.js';
import type { SqliteDatabase } from '../store/openDatabase.js';

const MAX_HEADER_BYTES = 256 * 1024;

/** The header fields of a raw message (unfolded), enough for readMarkings. */
export function headerFields(raw: Uint8Array): HeaderLike[] {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, MAX_HEADER_BYTES)).toString('utf8');
  return unfoldedFields(headerBlock(head));
}

export class OriginalClassificationLookup {
  constructor(private readonly db: SqliteDatabase) {}

  /** null when no original is named or it is not in the store (nothing to compare against). */
  find(inReplyTo: string | undefined, references: readonly string[]): Classification | null {
    const parent = inReplyTo ?? references.at(-1);
    if (!parent) return null;
    const rows = this.db
      .prepare(
        `SELECT m.subject AS subject, s.source AS source FROM messages m
           LEFT JOIN message_sources s ON s.message_id = m.id
          WHERE m.message_id = ? LIMIT 10`,
      )
      .all(parent) as { subject: string; source: Buffer | null }[];
    if (rows.length === 0) return null;
    let found: Classification = 'none';
    for (const r of rows) {
      const marks = readMarkings(r.source ? headerFields(r.source) : [], r.subject);
      if (marks) found = strongerClassification(found, marks.classification);
    }
    return found;
  }
}
