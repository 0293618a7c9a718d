// The Electron main process: the one composition root (Tuta's createComponents pattern). Everything with
// logic lives in small modules tested without Electron; this file only wires them in the order Electron
// requires and fails closed when the database key cannot be had from the OS keystore.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, protocol, safeStorage, session, type BrowserWindow, type WebContents } from 'electron';
import { isCodedError } from '../../shared/contract/result.js';
import { startCore, type CoreClient } from '../core/host/coreClient.js';
import { startIpcRelay } from './ipcBinding.js';
import type { IpcRelay } from './ipcRelay.js';
import { createStreamLogger, type MainLogger } from './mainLogger.js';
import { hardenSession, hardenWebContents } from './permissions.js';
import { registerAppProtocol, registerAppSchemePrivileges } from './protocol.js';
import { SafeStorageSecretStorage } from './secrets/safeStorageSecretStorage.js';
import { startupErrorText } from './startupErrorText.js';
import { appPaths } from './appPaths.js';
import { createMainWindow } from './window.js';

interface Components {
  readonly core: CoreClient;
  readonly relay: IpcRelay;
}

const logger: MainLogger = createStreamLogger((line) => process.stderr.write(line));
const paths = appPaths(app.getAppPath());
let components: Components | null = null;
let mainWindow: BrowserWindow | null = null;
let shutdown: Promise<void> | null = null;

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath: paths.preload, devTools: !app.isPackaged, logger });
  mainWindow.on('closed', () => (mainWindow = null));
}

const windowContents = (): WebContents | null =>
  mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;

/** Shows a plain dialog (no window needed) and quits; nothing is left half-started behind it. */
function failAndQuit(kind: Parameters<typeof startupErrorText>[0], detail: string): void {
  logger.error(`startup failed (${kind}): ${detail}`);
  const text = startupErrorText(kind, detail);
  dialog.showErrorBox(text.title, text.body);
  app.exit(1);
}

async function createComponents(): Promise<Components | null> {
  const profileDir = path.join(app.getPath('userData'), 'profile');
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });

  let databaseKey: Uint8Array;
  try {
    const secrets = new SafeStorageSecretStorage({ profileDir, safeStorage, platform: process.platform });
    databaseKey = await secrets.loadOrCreateDatabaseKey();
  } catch (e) {
    // Fail closed: no new key, no plaintext key, no half-open profile (DESIGN.md §3).
    const keystore = isCodedError(e) && e.code === 'KEYSTORE_UNAVAILABLE';
    failAndQuit(keystore ? 'keystore' : 'key', e instanceof Error ? e.message : String(e));
    return null;
  }

  let core: CoreClient;
  try {
    core = await startCore({
      profileDir,
      databaseKey,
      workerPath: paths.coreWorker,
      onLog: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (e) {
    failAndQuit('store', e instanceof Error ? e.message : String(e));
    return null;
  } finally {
    // The worker got its own copy when it was created; main keeps no key in memory.
    databaseKey.fill(0);
  }
  core.onExit((code) => {
    if (shutdown) return;
    failAndQuit('store', `the mail core stopped unexpectedly (exit code ${code})`);
  });

  registerAppProtocol(protocol, paths.rendererDir);
  const relay = startIpcRelay({ core, getWindowContents: windowContents, logger });
  return { core, relay };
}

function run(): void {
  // Before ready: the sandbox for every renderer, and the privileges of our scheme.
  app.enableSandbox();
  registerAppSchemePrivileges(protocol);

  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the profile (the core is its single writer); it gets focused instead.
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  if (process.platform === 'win32') app.setAppUserModelId('th.go.raksa.mail');

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (components && !mainWindow) openWindow();
  });
  // The core closes the database (WAL checkpoint) before the process ends; quitting waits for it.
  app.on('before-quit', (event) => {
    const running = components;
    if (!running) return;
    event.preventDefault();
    if (shutdown) return;
    shutdown = (async () => {
      running.relay.dispose();
      await running.core.close();
    })()
      .catch((e: unknown) => logger.error(`core close failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        components = null;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      components = await createComponents();
      if (components) openWindow();
    })
    .catch((e: unknown) => failAndQuit('store', e instanceof Error ? e.message : String(e)));
}

run();
