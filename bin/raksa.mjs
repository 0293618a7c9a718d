#!/usr/bin/env node
// The `raksa` CLI launcher. It runs the TypeScript sources through tsx so the command works right after
// `npm install`, with no build step; all logic lives in electron/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
const { createNodeIo } = await import('../electron/cli/nodeIo.ts');
process.exitCode = await main(process.argv.slice(2), createNodeIo());
