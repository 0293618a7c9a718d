// Turning a cached raw source into its search document is one CPU-heavy half of the offline cache (MIME
// parsing: ~0.06 ms a message by the index-only pass, mime/indexExtract.ts, ~0.3 ms when it falls back to the
// reader's parser); the other half, the SQLite write, must stay on the core's thread (the single writer). A DocParser hides where the parsing runs: in this thread (InThreadDocParser) or in a pool of worker
// threads (DocWorkerPool), so a machine's second core can parse batch N+1 while batch N is written.
import type { MessageSummary } from '../../../shared/domain/schemas.js';
import { bodyDoc, headerDoc, type SearchDoc } from './searchDoc.js';

export interface DocParser {
  /**
   * The message's full search document. A message the MIME parser cannot read resolves to its header-only
   * document (fallbackDoc) — it must still be findable, and it is marked indexed so it is not retried forever.
   * Rejects only when the parser was closed.
   */
  parse(source: Uint8Array, summary: MessageSummary): Promise<SearchDoc>;
  /** Stops any threads; later calls reject. */
  close(): Promise<void>;
}

/** What an unparsable message is indexed as: its subject and sender from the stored headers. */
export const fallbackDoc = (summary: Pick<MessageSummary, 'subject' | 'from'>): SearchDoc =>
  headerDoc({ subject: summary.subject, from: summary.from, to: [], cc: [] });

/** bodyDoc, with fallbackDoc for a message it cannot parse. */
export async function parseDocOrFallback(source: Uint8Array, summary: MessageSummary): Promise<SearchDoc> {
  try {
    return await bodyDoc(source, summary);
  } catch {
    return fallbackDoc(summary);
  }
}

/** Parses on the calling thread, one message after the other (concurrent parses would only hold more memory). */
export class InThreadDocParser implements DocParser {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  parse(source: Uint8Array, summary: MessageSummary): Promise<SearchDoc> {
    if (this.closed) return Promise.reject(new Error('The document parser is closed.'));
    const next = this.tail.then(() => parseDocOrFallback(source, summary));
    this.tail = next;
    return next;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
