// mailto: links the OS hands the app (DESIGN §9: Raksa Mail is the mailto: handler): on the command line
// of the first launch (Windows, Linux), of a second instance (forwarded by the single-instance lock), or
// as macOS `open-url`. The renderer parses the URL itself (shared/domain/mailto.ts) and opens compose.
// A URL that arrives before the window is listening is kept until the renderer asks for it once at start
// (compose.pendingMailto); after that every URL goes out as the `compose.mailto` event.
import type { MethodName } from '../../../shared/contract/api.js';
import { ok, type Result } from '../../../shared/contract/result.js';
import type { CoreLike } from '../coreLike.js';

const MAX_URL = 64 * 1024;

export class MailtoInbox {
  private pending: string | null = null;
  private claimed = false;
  private readonly listeners = new Set<(url: string) => void>();

  receive(url: string): void {
    if (!/^mailto:/iu.test(url) || url.length > MAX_URL) return;
    if (!this.claimed) this.pending = url;
    else for (const l of this.listeners) l(url);
  }

  /** The URL from before the renderer was ready, once; from then on URLs are delivered as events. */
  take(): string | null {
    this.claimed = true;
    const url = this.pending;
    this.pending = null;
    return url;
  }

  subscribe(listener: (url: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Wraps the core: compose.pendingMailto and the compose.mailto event are answered here, the rest passes. */
export function withMailto(core: CoreLike, inbox: MailtoInbox): CoreLike {
  return {
    call(method: MethodName, args: unknown): Promise<Result<unknown>> {
      if (method === 'compose.pendingMailto') return Promise.resolve(ok(inbox.take()));
      return core.call(method, args);
    },
    on(event, listener) {
      const offCore = core.on(event, listener);
      if (event !== 'compose.mailto') return offCore;
      const offInbox = inbox.subscribe((url) => listener({ url }));
      return () => {
        offCore();
        offInbox();
      };
    },
  };
}
