/**
 * The user's display preferences (theme, time zone), kept in the renderer's local storage: they
 * belong to the person at this screen, not to the database being read.
 */
import { useCallback, useEffect, useState } from 'react';
import { isValidTimeZone } from '../../shared/day-range';
import { useShellEvent } from '../api/shell-events';
import { systemTimeZone } from '../format/time';

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private windows): the choice then lasts this session only.
  }
}

const THEME_KEY = 'audit-trail.theme';
const ZONE_KEY = 'audit-trail.time-zone';

/**
 * Dark or light: the user's explicit choice, else the system's (which the desktop shell's
 * "Toggle dark theme" menu item sets, so the menu and the toolbar button agree).
 */
export function useDarkTheme(): [boolean, () => void] {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const [systemDark, setSystemDark] = useState(query.matches);
  const [choice, setChoice] = useState<string | null>(() => stored(THEME_KEY));
  /** A change of the system's theme (or the menu item) wins over an older toolbar choice. */
  const follow = useCallback((systemIsDark: boolean) => {
    setSystemDark(systemIsDark);
    setChoice(null);
    store(THEME_KEY, null);
  }, []);
  useEffect(() => {
    const onChange = (e: MediaQueryListEvent) => follow(e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query, follow]);
  // The desktop shell says so too, in case the page's media query does not follow its theme.
  useShellEvent('themeChanged', ({ dark }) => follow(dark));
  const dark = choice === null ? systemDark : choice === 'dark';
  const toggle = useCallback(() => {
    const next = dark ? 'light' : 'dark';
    setChoice(next);
    store(THEME_KEY, next);
  }, [dark]);
  return [dark, toggle];
}

/** The time zone times are shown in and date ranges are meant in. */
export function useTimeZonePreference(): [string, (zone: string) => void] {
  const [zone, setZone] = useState(() => {
    const saved = stored(ZONE_KEY);
    return saved && isValidTimeZone(saved) ? saved : systemTimeZone();
  });
  const choose = useCallback((next: string) => {
    if (!isValidTimeZone(next)) return;
    setZone(next);
    store(ZONE_KEY, next);
  }, []);
  return [zone, choose];
}

const RELATED_KEY = 'audit-trail.related.';

/**
 * Whether a table's records open their log with their related records (the properties window's
 * "With related records" switch). Off until the user turns it on for the table; then it stays on
 * for that table's records (the audit icon promises the record's log; the whole story is one
 * switch away, and stays chosen).
 */
export function relatedPreferred(table: string): boolean {
  return stored(RELATED_KEY + table) === '1';
}

/** Remembers the switch's position for the table's records. */
export function rememberRelated(table: string, on: boolean): void {
  store(RELATED_KEY + table, on ? '1' : null);
}
