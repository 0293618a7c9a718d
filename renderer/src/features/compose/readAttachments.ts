// Files picked, dropped or pasted become ComposeAttachments (base64, as the API carries them). The size
// is checked BEFORE a file is read: one that would take the message past the core's limit is refused
// with a reason instead of being read into memory and refused by the server later.
import type { ComposeAttachment } from '../../../../shared/domain/compose.js';
import { fits } from './composeModel.js';

export type AttachProblem = { kind: 'too-large' | 'unreadable'; name: string };

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/u;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export async function readAttachments(
  files: readonly File[],
  current: readonly ComposeAttachment[],
): Promise<{ added: ComposeAttachment[]; problems: AttachProblem[] }> {
  const added: ComposeAttachment[] = [];
  const problems: AttachProblem[] = [];
  for (const file of files) {
    const name = file.name.trim() || `image-${added.length + 1}.${file.type.split('/')[1] ?? 'bin'}`;
    if (!fits([...current, ...added], file.size)) {
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
