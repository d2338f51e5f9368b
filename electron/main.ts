/**
 * The desktop shell's main process: bootstrap only. It reads the command line, opens the database
 * through the connection service every shell shares (node/shell-connections.ts), applies the
 * security defaults, serves the contracts over IPC through the one serving path (node/serving.ts),
 * and creates the window and the menu. The logic lives in the modules it wires together.
 *
 * Runs only as the CommonJS bundle `out/app/electron/main.cjs` (see bundle.ts), never from source:
 * `__dirname` is the bundle's folder, and the preload bundle sits beside it.
 *
 *   electron out/app/electron/main.cjs [--db FILE|URL|PROFILE] [--config FILE]
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, safeStorage, session } from 'electron';
import { createProfileStore, resolveDbArgument, type ConnectionService } from '../db/connections/index';
import { databaseFilesOf } from '../db/export/index';
import { openAuditDatabase, type AuditSettings, type DataSource } from '../db/index';
import { readSettingsFile } from '../db/settings-file';
import { serveContract } from '../node/serving';
import { createShellConnections } from '../node/shell-connections';
import { APP_NAME, demoReplicaPath, userDataDir } from '../node/user-data';
import { AUDIT_CONTRACT } from '../shared/contract';
import { CONNECTIONS_CONTRACT } from '../shared/connections-contract';
import { AuditError, toErrorPayload } from '../shared/errors';
import { DESKTOP_EXPORT_CONTRACT } from '../shared/export-contract';
import { parseShellArgs } from './args';
import { createDesktopExport } from './export-ipc';
import { isTrustedSenderFor, sendShellEvent, serveOverIpc } from './ipc';
import { buildMenuTemplate, OPEN_REPLICA_DIALOG, type MenuActions } from './menu';
import { electronNativeBinding, explainOpenFailure } from './native-binding';
import { createSafeStorageSecretStore } from './safe-storage-secrets';
import { applySessionSecurity, applyWindowSecurity } from './security';
import { toggleDarkTheme } from './theme';
import { mainWindowOptions, WINDOW_TITLE } from './window-options';

/** The app root: the bundle is `<root>/out/app/electron/main.cjs` (in a package, root is the asar). */
const APP_ROOT = path.resolve(__dirname, '..', '..', '..');
const PRELOAD = path.join(__dirname, 'preload.cjs');
const RENDERER_INDEX = path.join(APP_ROOT, 'dist', 'renderer', 'index.html');
/** The one page the window may show, and the only sender the contract answers. */
const APP_URL = pathToFileURL(RENDERER_INDEX).href;

// Before `ready`: the same user-data folder every shell uses (node/user-data.ts), and every
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

const dataDir = userDataDir();
const store = createProfileStore(dataDir);

/** Opens a database with this launch's settings; a driver built for the wrong ABI gets a sentence that says what to do. */
async function openDatabase(source: DataSource, withSettings: AuditSettings, viewsDir: string) {
  try {
    return await openAuditDatabase({ source, settings: withSettings, nativeBinding, viewsDir });
  } catch (error) {
    const { message } = toErrorPayload(error);
    const explained = explainOpenFailure(message, nativeBinding);
    throw explained === message ? error : new AuditError('cannot-open', explained, { cause: error });
  }
}

/** Made once the app is ready: safeStorage cannot tell before whether the OS can keep secrets. */
let connections: ConnectionService | null = null;
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

/**
 * Opens what `--db` names (a replica, a URL or a profile; a relative path from `cwd`), keeping the
 * current database when that fails; reloads the window on success. Resolves with the failure's
 * sentence, or null.
 */
async function openFromArgument(db: string, cwd: string): Promise<string | null> {
  if (!connections) return 'The app is still starting; try again in a moment.';
  try {
    const { source, profile } = resolveDbArgument(db, process.env, store);
    const absolute: DataSource = source.kind === 'sqlite' ? { kind: 'sqlite', file: path.resolve(cwd, source.file) } : source;
    const { current } = await connections.openSource(absolute, profile);
    // The window reads everything afresh from the database now open.
    if (mainWindow) sendShellEvent(mainWindow.webContents, 'databaseSwitched', { current });
    else mainWindow = createWindow();
  } catch (error) {
    return toErrorPayload(error).message;
  }
  return null;
}

async function openReplica(file: string): Promise<void> {
  const failure = await openFromArgument(file, process.cwd());
  if (failure) showError(failure);
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
  back: () => {
    const history = mainWindow?.webContents.navigationHistory;
    if (history?.canGoBack()) history.goBack();
  },
  forward: () => {
    const history = mainWindow?.webContents.navigationHistory;
    if (history?.canGoForward()) history.goForward();
  },
  toggleDarkTheme: () => {
    const dark = toggleDarkTheme(nativeTheme);
    if (mainWindow) sendShellEvent(mainWindow.webContents, 'themeChanged', { dark });
  },
  quit: () => app.quit(),
};

async function start(): Promise<void> {
  applySessionSecurity(session.defaultSession);
  // Passwords the user asks to remember go to the OS secret storage; without one, they last the session.
  const secrets = await createSafeStorageSecretStore(safeStorage, dataDir).catch(() => null);
  const service = createShellConnections({ settings, store, open: openDatabase, ...(secrets ? { secrets } : {}) });
  connections = service;
  // Profiles deleted elsewhere (by the CLI) leave their encrypted passwords behind: drop them.
  void service.pruneSecrets().catch(() => undefined);
  const desktopExport = createDesktopExport({
    api: service.api,
    databaseFiles: () => databaseFilesOf(service.current()),
    progress: (event) => {
      if (mainWindow) sendShellEvent(mainWindow.webContents, 'exportProgress', event);
    },
    chooseFile: async (defaultPath) => {
      const options = { title: 'Export', defaultPath, filters: [{ name: defaultPath.endsWith('.csv') ? 'CSV' : 'JSON Lines', extensions: [defaultPath.split('.').pop() ?? '*'] }] };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  });
  // The one serving path (node/serving.ts), as the web shell's: the audit contract over whatever
  // database is open, the connections, and the export.
  serveOverIpc(
    ipcMain,
    [serveContract(AUDIT_CONTRACT, service.api), serveContract(CONNECTIONS_CONTRACT, service), serveContract(DESKTOP_EXPORT_CONTRACT, desktopExport)],
    { isTrustedSender: isTrustedSenderFor(APP_URL) },
  );
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

  // Open before the window exists, so its first call finds the database; on failure the window
  // still opens, its calls answer "choose a database", and its Connections dialog (or the File
  // menu) can. A profile whose password is not kept fails here too, and the dialog asks for it.
  const failure = await openFromArgument(args.db ?? demoReplicaPath(), process.cwd());
  if (!mainWindow) mainWindow = createWindow();
  if (failure) showError(`${failure} Choose a database with the database button at the top left, or open a replica from the File menu.`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    // `audit-trail-browser --db other.sqlite` (or a profile) while running: open it here instead.
    const { db } = parseShellArgs(argv);
    if (db) {
      void openFromArgument(db, workingDirectory).then((failure) => {
        if (failure) showError(failure);
      });
    }
  });
  // Every webContents, not only the main window's, stays on the app page.
  app.on('web-contents-created', (_event, contents) => applyWindowSecurity(contents, APP_URL));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void connections?.close());
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      showError(toErrorPayload(error).message);
      app.exit(1);
    });
}
