/** The application menu, as a template built from the actions main provides. */
import type { MenuItemConstructorOptions, OpenDialogOptions } from 'electron';
import { WINDOW_TITLE } from './window-options';

/** What the menu's own items do; main implements them. */
export interface MenuActions {
  openReplica(): void;
  reload(): void;
  /** Back and Forward through the window's route (the address's hash: views, records, entries). */
  back(): void;
  forward(): void;
  toggleDarkTheme(): void;
  quit(): void;
}

export interface MenuOptions {
  /**
   * Offer "Toggle developer tools" (main passes `!app.isPackaged`). A packaged app leaves it out:
   * the tools would let anyone script the window, and users have no use for them.
   */
  devTools?: boolean;
}

/** The menu template: File, Edit, View, (Window on macOS), Help. Accelerators use Cmd on macOS. */
export function buildMenuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform,
  options: MenuOptions = {},
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const quit: MenuItemConstructorOptions = {
    id: 'quit',
    label: mac ? `Quit ${WINDOW_TITLE}` : 'Quit',
    accelerator: 'CmdOrCtrl+Q',
    click: () => actions.quit(),
  };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    // macOS puts About, Hide and Quit in the menu named after the app.
    template.push({
      label: WINDOW_TITLE,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        quit,
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { id: 'open-replica', label: 'Open replica…', accelerator: 'CmdOrCtrl+O', click: () => actions.openReplica() },
      { type: 'separator' },
      mac ? { role: 'close' } : quit,
    ],
  });
  // Copy and Select All need menu roles for their shortcuts to work on macOS; the log is read-only,
  // but people copy values out of it and paste into the search box.
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  const view: MenuItemConstructorOptions[] = [
    { id: 'reload', label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => actions.reload() },
    { id: 'back', label: 'Back', accelerator: mac ? 'Cmd+[' : 'Alt+Left', click: () => actions.back() },
    { id: 'forward', label: 'Forward', accelerator: mac ? 'Cmd+]' : 'Alt+Right', click: () => actions.forward() },
    { id: 'toggle-dark-theme', label: 'Toggle dark theme', click: () => actions.toggleDarkTheme() },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.devTools) view.push({ type: 'separator' }, { id: 'toggle-dev-tools', role: 'toggleDevTools' });
  template.push({ label: '&View', submenu: view });
  if (mac) template.push({ role: 'windowMenu' });
  template.push({ role: 'help', label: '&Help', submenu: [{ id: 'about', role: 'about', label: `About ${WINDOW_TITLE}` }] });
  return template;
}

/** The "Open replica…" dialog: one SQLite file. */
export const OPEN_REPLICA_DIALOG: OpenDialogOptions = {
  title: 'Open replica',
  buttonLabel: 'Open',
  properties: ['openFile'],
  filters: [
    { name: 'SQLite replicas', extensions: ['sqlite', 'sqlite3', 'db'] },
    { name: 'All files', extensions: ['*'] },
  ],
};
