/**
 * The desktop shell's main process: bootstrap only. It reads the command line, opens the replica
 * through db/, applies the security defaults, registers the contract's IPC handlers, and creates
 * the window and the menu. The logic lives in the modules it wires together.
 *
 * Runs only as the CommonJS bundle `out/app/electron/main.cjs` (see bundle.ts), never from source:
 * `__dirname` is the bundle's folder, and the preload bundle sits beside it.
 *
 *   electron out/app/electron/main.cjs [--db FILE] [--config FILE]
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session } from 'electron';
import { APP_NAME, demoReplicaPath, userDataDir } from '../cli/user-data';
import { openAuditDatabase, type AuditSettings } from '../db/index';
import { readSettingsFile } from '../db/settings-file';
import { toErrorPayload } from '../shared/errors';
import { parseShellArgs } from './args';
import { isTrustedSenderFor, registerApiHandlers } from './ipc';
import { buildMenuTemplate, OPEN_REPLICA_DIALOG, type MenuActions } from './menu';
import { electronNativeBinding, explainOpenFailure } from './native-binding';
import { createReplicaHolder } from './replica';
import { applySessionSecurity, applyWindowSecurity } from './security';
import { toggleDarkTheme } from './theme';
import { mainWindowOptions, WINDOW_TITLE } from './window-options';

/** The app root: the bundle is `<root>/out/app/electron/main.cjs` (in a package, root is the asar). */
const APP_ROOT = path.resolve(__dirname, '..', '..', '..');
const PRELOAD = path.join(__dirname, 'preload.cjs');
const RENDERER_INDEX = path.join(APP_ROOT, 'dist', 'renderer', 'index.html');
/** The one page the window may show, and the only sender the contract answers. */
const APP_URL = pathToFileURL(RENDERER_INDEX).href;

// Before `ready`: the same user-data folder every shell uses (cli/user-data.ts), and every
// renderer sandboxed whatever its options say.
app.setName(APP_NAME);
app.setPath('userData', userDataDir());
app.enableSandbox();

const args = parseShellArgs(process.argv);
const nativeBinding = electronNativeBinding(APP_ROOT);
let settings: AuditSettings = {};
let settingsError: string | null = null;
try {
  settings = readSettingsFile(args.config);
} catch (error) {
  settingsError = toErrorPayload(error).message;
}

const replicas = createReplicaHolder((file) => openAuditDatabase({ file, settings, nativeBinding }));
let mainWindow: BrowserWindow | null = null;

function showError(sentence: string): void {
  dialog.showErrorBox(WINDOW_TITLE, sentence);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(PRELOAD, nativeTheme.shouldUseDarkColors));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_URL);
  return win;
}

/** Opens `file`, keeping the current replica when that fails; reloads the window on success. */
async function openReplica(file: string): Promise<void> {
  const outcome = await replicas.open(file);
  if (!outcome.ok) {
    showError(explainOpenFailure(outcome.error.message, nativeBinding));
    return;
  }
  if (mainWindow) mainWindow.webContents.reload();
  else mainWindow = createWindow();
}

async function openReplicaFromDialog(): Promise<void> {
  const result = mainWindow
    ? await dialog.showOpenDialog(mainWindow, OPEN_REPLICA_DIALOG)
    : await dialog.showOpenDialog(OPEN_REPLICA_DIALOG);
  const file = result.filePaths[0];
  if (!result.canceled && file) await openReplica(file);
}

const actions: MenuActions = {
  openReplica: () => void openReplicaFromDialog(),
  reload: () => {
    if (mainWindow) mainWindow.webContents.reload();
    else mainWindow = createWindow();
  },
  toggleDarkTheme: () => void toggleDarkTheme(nativeTheme),
  quit: () => app.quit(),
};

async function start(): Promise<void> {
  applySessionSecurity(session.defaultSession);
  registerApiHandlers(ipcMain, () => replicas.current(), isTrustedSenderFor(APP_URL));
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, process.platform, { devTools: !app.isPackaged })));
  app.setAboutPanelOptions({ applicationName: WINDOW_TITLE });

  if (settingsError) {
    // Running without the settings asked for could show columns they mask: stop instead.
    showError(settingsError);
    app.exit(1);
    return;
  }
  if (!fs.existsSync(RENDERER_INDEX)) {
    showError(`The user interface has not been built (${RENDERER_INDEX} is missing); build the renderer, then start again.`);
    app.exit(1);
    return;
  }

  // Open before the window exists, so its first call finds the replica; on failure the window
  // still opens, its calls answer "open a replica from the File menu", and the menu can.
  const outcome = await replicas.open(args.db ? path.resolve(args.db) : demoReplicaPath());
  mainWindow = createWindow();
  if (!outcome.ok) {
    showError(`${explainOpenFailure(outcome.error.message, nativeBinding)} Open a replica from the File menu.`);
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    // `audit-trail-browser --db other.sqlite` while running: open it here instead.
    const { db } = parseShellArgs(argv);
    if (db) void openReplica(path.resolve(workingDirectory, db));
  });
  // Every webContents, not only the main window's, stays on the app page.
  app.on('web-contents-created', (_event, contents) => applyWindowSecurity(contents, APP_URL));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void replicas.close());
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      showError(toErrorPayload(error).message);
      app.exit(1);
    });
}
