// What every end-to-end test sets up the same way: a private Dovecot, a profile served by the browser host
// from the built renderer, Debian's Chromium. Each start registers its own stop; close() runs them last-started
// first and runs every one even when an earlier one failed (a browser left running keeps the test process
// alive; a Dovecot left running holds its ports for the next file).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { CoreClient } from '../../electron/core/host/coreClient.js';
import { startBrowserHost, type BrowserHost } from '../../electron/core/host/browserHost.js';
import { openProfile, type OpenProfileOptions } from '../../electron/core/profile/openProfile.js';
import { appendMessage, startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { launchChromium } from './chromium.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The renderer as `npm run build` leaves it; the browser host serves it. */
const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');
/** Screenshots, kept by CI as artifacts. */
const SHOTS_DIR = path.join(ROOT, 'test-results');

export interface E2eApp {
  readonly core: CoreClient;
  readonly host: BrowserHost;
}

/** A profile's options; the folder is a fresh temporary one unless given. */
export type E2eAppOptions = Omit<OpenProfileOptions, 'passphrase' | 'profileDir'> & { readonly profileDir?: string };

export interface E2eHarness {
  /** A stop for something the test started itself. */
  onClose(step: () => unknown): void;
  /** A temporary folder, removed at close. */
  tempDir(prefix: string): Promise<string>;
  /** A private Dovecot with the default users (alice, bob); `inbox` goes into alice's INBOX, in order. */
  mailServer(inbox?: readonly Buffer[]): Promise<DovecotServer>;
  app(options?: E2eAppOptions): Promise<E2eApp>;
  /** The file's one Chromium, launched on first use. */
  browser(): Promise<Browser>;
  /** A new page as a Thai official's desktop shows it. */
  page(height?: number): Promise<Page>;
  /** Runs every stop (awaited, one at a time, last registered first); then throws what failed, if anything. */
  close(): Promise<void>;
}

export function createHarness(): E2eHarness {
  const stops: (() => unknown)[] = [];
  const onClose = (step: () => unknown): void => {
    stops.push(step);
  };
  let browser: Promise<Browser> | undefined;
  const getBrowser = (): Promise<Browser> => {
    browser ??= launchChromium().then((b) => {
      onClose(() => b.close());
      return b;
    });
    return browser;
  };

  const tempDir = async (prefix: string): Promise<string> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    onClose(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };

  return {
    onClose,
    tempDir,
    async mailServer(inbox = []) {
      const server = await startDovecot();
      onClose(() => server.stop());
      for (const raw of inbox) await appendMessage(server, 'alice', 'alice-secret-1', 'INBOX', raw);
      return server;
    },
    async app(options = {}) {
      // A missing build is a failure, not a skip.
      if (!existsSync(path.join(STATIC_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build`');
      const profileDir = options.profileDir ?? (await tempDir('raksa-e2e-'));
      const core = await openProfile({ ...options, profileDir, passphrase: 'e2e passphrase' });
      onClose(() => core.close());
      const host = await startBrowserHost({ core, staticDir: STATIC_DIR });
      onClose(() => host.close());
      return { core, host };
    },
    browser: getBrowser,
    async page(height = 860) {
      const b = await getBrowser();
      return b.newPage({ viewport: { width: 1400, height }, locale: 'th-TH' });
    },
    async close() {
      const failures: unknown[] = [];
      for (const stop of stops.splice(0).reverse()) {
        try {
          await stop();
        } catch (e) {
          failures.push(e);
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'several e2e stops failed');
    },
  };
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, name), ...options });
}

/**
 * The first-run account form for alice on 127.0.0.1, implicit TLS for both servers (the form's default,
 * chosen anyway so the test does not lean on it). Not submitted.
 */
export async function fillAccountForm(page: Page, imapPort: number, password = 'alice-secret-1'): Promise<void> {
  await page.fill('#email', 'alice@example.go.th');
  await page.fill('#display-name', 'อลิซ ทดสอบ');
  await page.fill('#imap-host', '127.0.0.1');
  await page.selectOption('#imap-security', 'tls');
  await page.fill('#imap-port', String(imapPort));
  await page.fill('#smtp-host', '127.0.0.1');
  await page.selectOption('#smtp-security', 'tls');
  await page.fill('#smtp-port', '465');
  await page.fill('#user', 'alice');
  await page.fill('#password', password);
}

/** Waits until the message list shows at least `n` rows (a first sync fills it in batches). */
export async function waitForListRows(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => document.querySelectorAll('[role=listbox] [role=option]').length >= k, n, {
    timeout: 30_000,
  });
}
