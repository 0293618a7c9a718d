#!/usr/bin/env node
// `npm run preview [-- --profile DIR --port N --ca-file PEM]`: builds, then serves Raksa Mail to a browser
// on 127.0.0.1 with a one-time token in the printed URL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build();
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/core/host/previewMain.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
