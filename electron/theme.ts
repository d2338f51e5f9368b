/**
 * The dark theme switch. The renderer follows `prefers-color-scheme`, which follows
 * `nativeTheme.themeSource`; main also tells it with the `themeChanged` event
 * (shared/shell-events.ts), in case the page's media query does not follow.
 */
import type { NativeTheme } from 'electron';

/** Switches to the opposite of what is shown now; returns whether the theme is now dark. */
export function toggleDarkTheme(nativeTheme: Pick<NativeTheme, 'themeSource' | 'shouldUseDarkColors'>): boolean {
  const dark = !nativeTheme.shouldUseDarkColors;
  nativeTheme.themeSource = dark ? 'dark' : 'light';
  return dark;
}
