// The Electron side of messages.openAttachment (docs/storage.md). The core writes the decrypted copy into
// its private temp folder and returns the path; here, in the main process, that copy is either opened with
// the system viewer (only when the type is safe: shared/security/attachmentRisk.ts, checked again here on
// the file's own name) or copied to where the user chose in a save dialog. A renderer can ask, never choose
// a path: the save target always comes from the dialog.
import path from 'node:path';
import type { MethodName } from '../../../shared/contract/api.js';
import { err, type Result } from '../../../shared/contract/result.js';
import type { OpenedAttachment } from '../../../shared/domain/profile.js';
import { attachmentRisk } from '../../../shared/security/attachmentRisk.js';
import type { CoreLike } from '../coreLike.js';

export interface AttachmentShell {
  /** Electron shell.openPath: resolves to '' on success, or an error text. */
  openPath(file: string): Promise<string>;
  /** A save dialog suggesting `filename`; null when cancelled. */
  chooseSaveTarget(filename: string): Promise<string | null>;
  copyFile(from: string, to: string): Promise<void>;
}

export const isSafeToOpen = (opened: OpenedAttachment): boolean =>
  !opened.risk.dangerous && !attachmentRisk(path.basename(opened.path)).dangerous;

/** Wraps the core so messages.openAttachment also opens or saves the copy; every other call passes through. */
export function withAttachmentOpening(core: CoreLike, shell: AttachmentShell): CoreLike {
  return {
    on: (event, listener) => core.on(event, listener),
    async call(method: MethodName, args: unknown): Promise<Result<unknown>> {
      const result = await core.call(method, args);
      if (method !== 'messages.openAttachment' || !result.ok) return result;
      const opened = result.value as OpenedAttachment;
      const purpose = (args as { purpose?: 'open' | 'save' }).purpose ?? 'open';
      if (purpose === 'save') {
        const target = await shell.chooseSaveTarget(opened.filename);
        if (target === null) return err('INVALID_ARGUMENT', 'Saving was cancelled.');
        await shell.copyFile(opened.path, target);
        return { ok: true, value: { ...opened, path: target } };
      }
      if (!isSafeToOpen(opened)) {
        return err('FORBIDDEN', `${opened.filename} is a risky type (${opened.risk.reasons.join(', ') || 'dangerous-type'}); it can only be saved.`);
      }
      const problem = await shell.openPath(opened.path);
      if (problem !== '') return err('INTERNAL', `The system could not open the file: ${problem}`);
      return result;
    },
  };
}
