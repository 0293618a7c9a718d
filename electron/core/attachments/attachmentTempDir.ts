// The one place a decrypted attachment ever touches the disk (DESIGN.md §3): a private folder under the OS
// temp directory, mode 0700, one 0600 file per opening, removed after a short time, on close, and, for
// whatever a crash left behind, at the next start. The folder holds an `owner` file with the pid, so a
// sweep never removes the folder of another running Raksa process (the app and a CLI can run together).
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ATTACHMENT_TEMP_PREFIX = 'raksa-att-';
const OWNER_FILE = 'owner';
/** Long enough for the viewer to read the file after the OS launched it; short enough not to linger. */
export const DEFAULT_ATTACHMENT_TTL_MS = 120_000;

export interface AttachmentTempDirOptions {
  /** The OS temp directory (os.tmpdir(), i.e. TMPDIR/TEMP) unless a test says otherwise. */
  readonly root?: string;
  readonly ttlMs?: number;
  readonly pid?: number;
  /** Whether a process is still running; injectable for tests. */
  readonly isAlive?: (pid: number) => boolean;
}

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as { code?: unknown }).code === 'EPERM';
  }
};

export class AttachmentTempDir {
  private dir: string | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly root: string;
  private readonly ttlMs: number;
  private readonly pid: number;

  constructor(options: AttachmentTempDirOptions = {}) {
    this.root = options.root ?? tmpdir();
    this.ttlMs = options.ttlMs ?? DEFAULT_ATTACHMENT_TTL_MS;
    this.pid = options.pid ?? process.pid;
  }

  /**
   * Removes the attachment folders of earlier runs: ours by name, owned by this user, not symlinks, and
   * whose owner process is gone (or which never got an owner file). Returns how many were removed.
   */
  static sweep(options: Pick<AttachmentTempDirOptions, 'root' | 'isAlive'> = {}): number {
    const root = options.root ?? tmpdir();
    const isAlive = options.isAlive ?? processAlive;
    const uid = process.getuid?.();
    let removed = 0;
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (!name.startsWith(ATTACHMENT_TEMP_PREFIX)) continue;
      const dir = path.join(root, name);
      try {
        const st = lstatSync(dir);
        if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
        let owner: number | null = null;
        try {
          owner = Number.parseInt(readFileSync(path.join(dir, OWNER_FILE), 'utf8'), 10);
        } catch {
          owner = null;
        }
        if (owner !== null && Number.isSafeInteger(owner) && owner > 0 && isAlive(owner)) continue;
        rmSync(dir, { recursive: true, force: true });
        removed++;
      } catch {
        // In use (Windows keeps files open in a viewer locked) or gone meanwhile: the next sweep retries.
      }
    }
    return removed;
  }

  /** The folder of this run (created on first use). */
  get folder(): string | null {
    return this.dir;
  }

  /**
   * Writes `bytes` as `<folder>/<random>/<filename>` (the file keeps its own name, so the OS picks the
   * right viewer) and schedules its removal. `filename` must already be sanitized (no separators).
   */
  write(filename: string, bytes: Uint8Array): string {
    if (filename === '' || /[/\\]/u.test(filename) || filename === '.' || filename === '..') {
      throw new Error('attachment file name must be a plain sanitized name');
    }
    const dir = this.ensureDir();
    const sub = path.join(dir, randomBytes(8).toString('hex'));
    mkdirSync(sub, { mode: 0o700 });
    const file = path.join(sub, filename);
    writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    const timer = setTimeout(() => this.remove(file), this.ttlMs);
    timer.unref();
    this.timers.set(file, timer);
    return file;
  }

  /** Removes one written copy now (e.g. after it was saved elsewhere). Only paths this instance wrote. */
  remove(file: string): void {
    const timer = this.timers.get(file);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(file);
    try {
      rmSync(path.dirname(file), { recursive: true, force: true });
    } catch {
      // Locked by a viewer (Windows): close() and the next start's sweep retry.
    }
  }

  /** Removes every copy and the folder itself. */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.dir) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
      } catch {
        // See remove(); the sweep at the next start finishes the job.
      }
      this.dir = null;
    }
  }

  private ensureDir(): string {
    if (this.dir) return this.dir;
    const dir = path.join(this.root, `${ATTACHMENT_TEMP_PREFIX}${randomBytes(12).toString('hex')}`);
    // mkdir with an explicit mode is still subject to the umask on some systems: set it again.
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
    writeFileSync(path.join(dir, OWNER_FILE), `${this.pid}\n`, { mode: 0o600 });
    this.dir = dir;
    return dir;
  }
}
