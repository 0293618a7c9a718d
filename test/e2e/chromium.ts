// Debian's Chromium under playwright-core: no browser download. The flags keep it from reaching out to
// the network (this machine has none, and a mail client's tests must not phone home anyway).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: apt-get install chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      // Root cannot use Chromium's setuid sandbox; CI runs as root. The renderer sandbox under test is
      // the page's own (CSP, sandboxed iframe), which this flag does not change.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-gpu',
      '--disable-quic',
      '--font-render-hinting=none',
    ],
  });
}
