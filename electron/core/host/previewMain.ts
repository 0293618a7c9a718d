// `npm run preview`: the real core and the built renderer, served to a browser on 127.0.0.1 only.
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isCodedError } from '../../../shared/contract/result.js';
import { openProfile } from '../profile/openProfile.js';
import { readPassphrase } from '../profile/readPassphrase.js';
import { startBrowserHost } from './browserHost.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface PreviewArgs {
  profileDir: string;
  port: number;
  caFiles: string[];
}

function parseArgs(argv: readonly string[]): PreviewArgs {
  const args: PreviewArgs = {
    profileDir: path.join(os.homedir(), '.local', 'share', 'raksa-mail', 'preview-profile'),
    port: 0,
    caFiles: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--profile') args.profileDir = path.resolve(value);
    else if (flag === '--port') args.port = Number(value);
    else if (flag === '--ca-file') args.caFiles.push(path.resolve(value));
    else throw new Error(`unknown option ${flag} (use --profile DIR, --port N, --ca-file PEM)`);
    i++;
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0-65535');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build`');
  const passphrase = await readPassphrase('RAKSA_PASSPHRASE', 'Passphrase for the preview profile: ');
  const trustedCaPem = await Promise.all(args.caFiles.map((f) => readFile(f, 'utf8')));
  const core = await openProfile({ profileDir: args.profileDir, passphrase, trustedCaPem });
  const host = await startBrowserHost({ core, staticDir, port: args.port });
  process.stdout.write(`Raksa Mail preview: ${host.url}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void host
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  core.onExit(() => {
    process.stderr.write('The mail core stopped unexpectedly.\n');
    process.exit(1);
  });
}

main().catch((e: unknown) => {
  const message = isCodedError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`preview: ${message}\n`);
  process.exit(1);
});
