/** The main window's options: every web preference that matters for security is spelled out. */
import type { BrowserWindowConstructorOptions } from 'electron';

export const WINDOW_TITLE = 'Audit Trail Browser';

/** Blueprint's light and dark app backgrounds, so the window does not flash white before paint. */
export const LIGHT_BACKGROUND = '#f6f7f9';
export const DARK_BACKGROUND = '#252a31';

/**
 * Options for the one application window. The renderer gets no Node, runs sandboxed in an
 * isolated world, and reaches the main process only through the preload's contract calls.
 * `show: false` keeps the window hidden until its first paint (`ready-to-show`).
 */
export function mainWindowOptions(preloadPath: string, dark = false): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: WINDOW_TITLE,
    show: false,
    backgroundColor: dark ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
