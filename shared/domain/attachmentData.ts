// Two small profile-care answers the renderer needs beside docs/storage.md's lifecycle methods: an
// attachment's bytes for a browser download (the browser host has no Electron main to open or save a file),
// and which key protection the open profile uses (only passphrase mode has a passphrase to change).
import { z } from 'zod';

/**
 * The largest attachment the browser host hands over in one answer. Its WebSocket frames are capped at
 * 40 MB (electron/core/host/browserHost.ts) and base64 grows the bytes by a third, plus the JSON around it.
 */
export const BROWSER_DOWNLOAD_MAX_BYTES = 28 * 1024 * 1024;

export const AttachmentDataArgs = z.strictObject({
  id: z.number().int().positive(),
  index: z.number().int().min(0),
});

export const AttachmentData = z.strictObject({
  /** Sanitized name, the same the Electron save dialog suggests. */
  filename: z.string(),
  contentType: z.string(),
  dataBase64: z.string(),
});
export type AttachmentData = z.infer<typeof AttachmentData>;

export const ProfileInfo = z.strictObject({
  keyProtection: z.enum(['os', 'passphrase']),
});
export type ProfileInfo = z.infer<typeof ProfileInfo>;
