// The Electron main process: the one composition root (Tuta's createComponents pattern). Everything with
// logic lives in small modules tested without Electron; this file only wires them in the order Electron
// requires and fails closed when the database key cannot be had from the OS keystore.
import { mkdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, protocol, safeStorage, session, shell, type BrowserWindow, type WebContents } from 'electron';
import { isCodedError } from '../../shared/contract/result.js';
import { startCore, type CoreClient } from '../core/host/coreClient.js';
import { loadMachinePolicy } from '../core/policy/machinePolicy.js';
import { systemPolicyEnvironment } from '../core/policy/systemPolicyEnvironment.js';
import { recoverProfile } from '../core/recovery/recoverProfile.js';
import { keyFileMode } from '../core/secrets/keyFile.js';
import { PassphraseSecretStorage } from '../core/secrets/passphraseSecretStorage.js';
import { withAttachmentOpening } from './attachments/attachmentOpening.js';
import { recoveryDialogText, recoveryReportText } from './profile/recoveryText.js';
import { startProfile } from './profile/startProfile.js';
import { unlockDatabaseKey } from './profile/unlockDatabaseKey.js';
import { unlockWindowPrompt } from './unlock/unlockWindow.js';
import { startIpcRelay } from './ipcBinding.js';
import type { IpcRelay } from './ipcRelay.js';
import { createStreamLogger, type MainLogger } from './mainLogger.js';
import { hardenSession, hardenWebContents } from './permissions.js';
import { registerAppProtocol, registerAppSchemePrivileges } from './protocol.js';
import { SafeStorageSecretStorage } from './secrets/safeStorageSecretStorage.js';
import { startupErrorText } from './startupErrorText.js';
import { appPaths } from './appPaths.js';
import { createMainWindow } from './window.js';
import { startNewMailNotifier } from './newMailNotifier.js';
import { electronNotifications } from './electronNotifications.js';
import { MailtoInbox, withMailto } from './mailto/mailtoInbox.js';
import { findMailtoArgument } from '../../shared/domain/mailto.js';

interface Components {
  readonly core: CoreClient;
  readonly relay: IpcRelay;
}

const logger: MainLogger = createStreamLogger((line) => process.stderr.write(line));
const paths = appPaths(app.getAppPath());
let components: Components | null = null;
let mainWindow: BrowserWindow | null = null;
let shutdown: Promise<void> | null = null;
// mailto: links from the OS (launch argv, a second instance, macOS open-url) → compose (mailtoInbox.ts).
const mailtoInbox = new MailtoInbox();

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

  // Read once here: keyProtection chooses the key storage, and the core enforces the same policy.
  const machinePolicy = await loadMachinePolicy(systemPolicyEnvironment());
  const outcome = await startProfile<CoreClient>({
    unlock: () =>
      unlockDatabaseKey({
        keyProtection: machinePolicy.policy.keyProtection,
        keyFileMode: () => keyFileMode(profileDir),
        osStorage: () => new SafeStorageSecretStorage({ profileDir, safeStorage, platform: process.platform }),
        passphraseStorage: (passphrase) => new PassphraseSecretStorage({ profileDir, passphrase }),
        prompt: unlockWindowPrompt(),
      }),
    startCore: (databaseKey) =>
      startCore({
        profileDir,
        databaseKey,
        policy: machinePolicy,
        workerPath: paths.coreWorker,
        onLog: (line) => process.stderr.write(`${line}\n`),
      }),
    recover: (key) => recoverProfile(profileDir, key),
    offerRecovery: async (offer, detail) => {
      const t = recoveryDialogText(offer, detail);
      const answer = await dialog.showMessageBox({
        type: 'warning',
        title: t.title,
        message: t.message,
        detail: t.detail,
        buttons: [...t.buttons],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      return answer.response === 0;
    },
    reportRecovery: async (report) => {
      const t = recoveryReportText(report);
      await dialog.showMessageBox({ type: 'info', title: t.title, message: t.message, buttons: ['ตกลง / OK'] });
    },
  });
  if (outcome.kind === 'cancelled') {
    app.exit(0);
    return null;
  }
  if (outcome.kind === 'failed') {
    // Fail closed: no new key, no plaintext key, no half-open profile (DESIGN.md §3).
    const e = outcome.error;
    const keystore = isCodedError(e) && e.code === 'KEYSTORE_UNAVAILABLE';
    failAndQuit(outcome.stage === 'store' ? 'store' : keystore ? 'keystore' : 'key', e instanceof Error ? e.message : String(e));
    return null;
  }
  const core = outcome.core;
  core.onExit((code) => {
    if (shutdown) return;
    failAndQuit('store', `the mail core stopped unexpectedly (exit code ${code})`);
  });

  registerAppProtocol(protocol, paths.rendererDir);
  // messages.openAttachment: safe types open in the system viewer, any type can be saved via a dialog.
  const relayed = withAttachmentOpening(core, {
    openPath: (file) => shell.openPath(file),
    chooseSaveTarget: async (filename) => {
      const r = await dialog.showSaveDialog({ defaultPath: filename });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    copyFile: (from, to) => copyFile(from, to),
  });
  const relay = startIpcRelay({ core: withMailto(relayed, mailtoInbox), getWindowContents: windowContents, logger });
  startNewMailNotifier(core, electronNotifications, () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.show();
    mainWindow?.focus();
  });
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
  const launchUrl = findMailtoArgument(process.argv);
  if (launchUrl) mailtoInbox.receive(launchUrl);
  // macOS delivers mailto: links as open-url, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    mailtoInbox.receive(url);
  });
  app.on('second-instance', (_event, argv) => {
    const url = findMailtoArgument(argv);
    if (url) mailtoInbox.receive(url);
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  if (process.platform === 'win32') app.setAppUserModelId('th.go.raksa.mail');

  app.on('window-all-closed', () => {
    // The passphrase window closes before the main window exists; that is not the user quitting.
    if (components && process.platform !== 'darwin') app.quit();
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
      // Only the installed app registers (a dev run would register the bare Electron binary).
      if (components && app.isPackaged) app.setAsDefaultProtocolClient('mailto');
    })
    .catch((e: unknown) => failAndQuit('store', e instanceof Error ? e.message : String(e)));
}

run();
