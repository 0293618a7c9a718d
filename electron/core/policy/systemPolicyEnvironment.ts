// The real machine for loadMachinePolicy: this OS, its file system and, on Windows, reg.exe.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MachinePolicyEnvironment, RegQueryOutput } from './machinePolicy.js';

const REG_TIMEOUT_MS = 15_000;

const isNotFound = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');

export function systemPolicyEnvironment(): MachinePolicyEnvironment {
  return {
    platform: process.platform,
    async readFile(file) {
      try {
        return await readFile(file, 'utf8');
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    },
    runRegQuery(args) {
      // An absolute path, so a reg.exe in the working directory or on a user-set PATH is never run instead.
      // SystemRoot is the one environment input left (documented in docs/it-guide.md); it must at least look
      // like a Windows directory.
      const root = process.env.SystemRoot ?? '';
      const windir = /^[A-Za-z]:\\[^\\/:*?"<>|]+$/.test(root) ? root : 'C:\\Windows';
      const exe = process.platform === 'win32' ? path.win32.join(windir, 'System32', 'reg.exe') : 'reg';
      return new Promise<RegQueryOutput>((resolve, reject) => {
        execFile(
          exe,
          [...args],
          { windowsHide: true, timeout: REG_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
          (error, stdout, stderr) => {
            // No numeric exit code: reg.exe did not run, or was killed at the timeout. Both fail closed.
            if (error && typeof error.code !== 'number') {
              reject(new Error(`reg.exe: ${error.message}`));
              return;
            }
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
          },
        );
      });
    },
  };
}
