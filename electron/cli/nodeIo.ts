// The real process I/O for the `raksa` binary; tests pass their own CliIo instead.
import { readFile } from 'node:fs/promises';
import type { CliIo } from './command.js';

export function createNodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
  };
}
