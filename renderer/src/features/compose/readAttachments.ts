// Files picked, dropped or pasted become ComposeAttachments (base64, as the API carries them). The size
// is checked BEFORE a file is read: one that would take the message past the core's limit is refused
// with a reason instead of being read into memory and refused by the server later.
import type { ComposeAttachment } from '../../../../shared/domain/compose.js';
import { fits } from './composeModel.js';
import { MAX_INLINE_IMAGE_BYTES } from './inlineImages.js';

export type AttachProblem = { kind: 'too-large' | 'image-too-large' | 'unreadable'; name: string };

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/u;

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

async function readBase64(file: File): Promise<string> {
  const url = await readDataUrl(file);
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : '';
}

const nameOf = (file: File, n: number): string =>
  file.name.trim() || `image-${n}.${file.type.split('/')[1] ?? 'bin'}`;

/**
 * Images for the rich editor, as data: URLs. Each is capped on its own (MAX_INLINE_IMAGE_BYTES) and all
 * count in the message total with the attachments and the images already in `html`.
 */
export async function readInlineImages(
  files: readonly File[],
  current: readonly ComposeAttachment[],
  html: string,
): Promise<{ urls: string[]; problems: AttachProblem[] }> {
  const urls: string[] = [];
  const problems: AttachProblem[] = [];
  let added = 0;
  for (const [i, file] of files.entries()) {
    const name = nameOf(file, i + 1);
    if (file.size > MAX_INLINE_IMAGE_BYTES) {
      problems.push({ kind: 'image-too-large', name });
      continue;
    }
    if (!fits(current, added + file.size, html)) {
      problems.push({ kind: 'too-large', name });
      continue;
    }
    try {
      const url = await readDataUrl(file);
      // The type comes from the file; the editor's sanitizer still refuses anything but raster base64.
      urls.push(url.replace(/^data:[^;,]*;base64,/u, `data:${file.type.toLowerCase()};base64,`));
      added += file.size;
    } catch {
      problems.push({ kind: 'unreadable', name });
    }
  }
  return { urls, problems };
}

export async function readAttachments(
  files: readonly File[],
  current: readonly ComposeAttachment[],
  html = '',
): Promise<{ added: ComposeAttachment[]; problems: AttachProblem[] }> {
  const added: ComposeAttachment[] = [];
  const problems: AttachProblem[] = [];
  for (const file of files) {
    const name = nameOf(file, added.length + 1);
    if (!fits([...current, ...added], file.size, html)) {
      problems.push({ kind: 'too-large', name });
      continue;
    }
    try {
      added.push({
        filename: name.slice(0, 255),
        contentType: MIME_TYPE.test(file.type) ? file.type : 'application/octet-stream',
        dataBase64: await readBase64(file),
      });
    } catch {
      problems.push({ kind: 'unreadable', name });
    }
  }
  return { added, problems };
}
