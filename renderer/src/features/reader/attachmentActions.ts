// What the reader offers for one attachment, decided by the same rule the Electron main enforces
// (shared/security/attachmentRisk.ts): a dangerous type is only ever saved, never opened. "Open" needs the
// Electron main (shell.openPath on a private temp copy); the browser host can only download.
import { BROWSER_DOWNLOAD_MAX_BYTES } from '../../../../shared/domain/attachmentData.js';
import { attachmentRisk, type AttachmentRiskReason } from '../../../../shared/security/attachmentRisk.js';

/** desktop: the Electron app (open + save dialog); browser: the browser host (save as a download). */
export type AttachmentHost = 'desktop' | 'browser';

export interface AttachmentOffer {
  readonly canOpen: boolean;
  readonly canSave: boolean;
  /** Why the type is risky; empty when it is not. */
  readonly warnings: readonly AttachmentRiskReason[];
  /** The browser host cannot carry it in one WebSocket frame. */
  readonly tooLargeForBrowser: boolean;
}

export function attachmentOffer(filename: string, size: number, host: AttachmentHost): AttachmentOffer {
  const risk = attachmentRisk(filename);
  const tooLargeForBrowser = host === 'browser' && size > BROWSER_DOWNLOAD_MAX_BYTES;
  return {
    canOpen: host === 'desktop' && !risk.dangerous,
    canSave: !tooLargeForBrowser,
    warnings: risk.reasons,
    tooLargeForBrowser,
  };
}

/** The preload exposes `raksa` only inside Electron; without it the page runs in the browser host. */
export const attachmentHostOf = (win: { readonly raksa?: unknown }): AttachmentHost =>
  win.raksa === undefined ? 'browser' : 'desktop';

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
