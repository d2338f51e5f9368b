/**
 * Whether this session can show a window. On Linux (and the other Unix desktops) a window needs an
 * X or Wayland display, named in the environment; a session over SSH or a service has none. macOS
 * and Windows always have one for a logged-in user. Both the desktop app and the browser app
 * window ask this one question.
 */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Said when there is no display, by whichever window could not open. */
export const NO_DISPLAY_REASON = 'there is no display to show a window on';
