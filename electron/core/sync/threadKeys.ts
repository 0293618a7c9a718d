// What threading reads from a message (issue 4 §2): Message-IDs from In-Reply-To and References (RFC 5322 §3.6.4),
// and the subject with its reply/forward prefixes removed, for the short-window subject fallback.

/** `<id>` tokens in a header value, in order, without duplicates; bare ids (no brackets) get them added. */
export function messageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const found = value.match(/<[^<>\s]+>/gu);
  const ids = found ?? value.split(/\s+/u).filter((s) => s.includes('@')).map((s) => `<${s.replace(/^<|>$/gu, '')}>`);
  return [...new Set(ids)];
}

/** The Message-ID header value in the one form thread keys use (`<local@domain>`). */
export function normalizeMessageId(value: string | null | undefined): string | null {
  return messageIds(value)[0] ?? null;
}

// Re:, RE:, Fwd:, FW:, AW:, SV:, Antw:, Thai ตอบกลับ:/ส่งต่อ:/ตอบ:, with an optional [n] counter, repeated.
const PREFIX = /^\s*(?:(?:re|fwd?|aw|sv|antw|ตอบกลับ|ตอบ|ส่งต่อ)\s*(?:\[\d+\])?\s*[:：]\s*)+/iu;

export interface SubjectKey {
  /** Lower-cased, whitespace-collapsed subject without reply/forward prefixes; null when that leaves nothing. */
  readonly key: string | null;
  /** The subject had a reply or forward prefix, so it is a follow-up to something. */
  readonly followUp: boolean;
}

export function subjectKey(subject: string): SubjectKey {
  const m = PREFIX.exec(subject);
  const rest = (m ? subject.slice(m[0].length) : subject).replace(/\s+/gu, ' ').trim().toLowerCase();
  return { key: rest === '' ? null : rest, followUp: m !== null };
}

/** References from a `BODY.PEEK[HEADER.FIELDS (REFERENCES)]` answer (folded lines are joined first). */
export function referencesFromHeaderBlock(block: Buffer | Uint8Array | undefined): string[] {
  if (!block || block.length === 0) return [];
  const text = Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('latin1').replace(/\r?\n[ \t]+/gu, ' ');
  const line = /^references:(.*)$/imu.exec(text);
  return line ? messageIds(line[1]) : [];
}
