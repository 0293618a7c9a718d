// Whether another process has the profile's database open right now, from the session marker it holds
// (electron/core/store/integrity.ts). Recovery must never run under a live core: it is the single writer.
import { readFileSync } from 'node:fs';
import { sessionMarkerPath } from '../store/integrity.js';

/** The pid of a live process holding the database, or null (none, or only a crashed session's marker). */
export function profileInUseBy(databasePath: string, isAlive: (pid: number) => boolean = alive): number | null {
  let text: string;
  try {
    text = readFileSync(sessionMarkerPath(databasePath), 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(text, 10);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return null;
  return isAlive(pid) ? pid : null;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code === 'EPERM';
  }
};
