/**
 * Where Blueprint's icons get their drawings. Blueprint's own loader fetched, for the first icon
 * the main window showed, the paths of all 2,000 16-pixel icons (a 305 KiB script, compiled and run
 * while the logged tables were being shown) and worked each icon's name into its export's name
 * with a Unicode-aware case conversion (some 40 ms to compile its patterns on a slow machine).
 * The icons the main window shows when it opens are here, in the first paint's own script; any
 * other icon (a dialog's, a 20-pixel one) is still found by Blueprint's loader, as before.
 */
import { Icons, IconSize, type IconName, type IconPaths, type IconPathsLoader } from '@blueprintjs/icons';
import caretDown from '@blueprintjs/icons/lib/esm/generated/16px/paths/caret-down';
import dashboard from '@blueprintjs/icons/lib/esm/generated/16px/paths/dashboard';
import database from '@blueprintjs/icons/lib/esm/generated/16px/paths/database';
import flash from '@blueprintjs/icons/lib/esm/generated/16px/paths/flash';
import history from '@blueprintjs/icons/lib/esm/generated/16px/paths/history';
import lock from '@blueprintjs/icons/lib/esm/generated/16px/paths/lock';
import moon from '@blueprintjs/icons/lib/esm/generated/16px/paths/moon';
import person from '@blueprintjs/icons/lib/esm/generated/16px/paths/person';
import pulse from '@blueprintjs/icons/lib/esm/generated/16px/paths/pulse';
import search from '@blueprintjs/icons/lib/esm/generated/16px/paths/search';
import searchTemplate from '@blueprintjs/icons/lib/esm/generated/16px/paths/search-template';
import th from '@blueprintjs/icons/lib/esm/generated/16px/paths/th';
import time from '@blueprintjs/icons/lib/esm/generated/16px/paths/time';
import timelineBarChart from '@blueprintjs/icons/lib/esm/generated/16px/paths/timeline-bar-chart';
import trash from '@blueprintjs/icons/lib/esm/generated/16px/paths/trash';

/**
 * The 16-pixel icons of the main window as it opens (navbar, sidebar, the first table's tabs and
 * search box; `moon` and `flash` are the theme switch's two faces). Missing one costs only speed.
 */
export const FIRST_SCREEN_ICONS: Readonly<Partial<Record<IconName, IconPaths>>> = {
  'caret-down': caretDown,
  dashboard,
  database,
  flash,
  history,
  lock,
  moon,
  person,
  pulse,
  search,
  'search-template': searchTemplate,
  th,
  time,
  'timeline-bar-chart': timelineBarChart,
  trash,
};

/** The first screen's icons from memory, every other one through Blueprint's own loader. */
export const iconPathsLoader: IconPathsLoader = async (name, size) => {
  const known = size === IconSize.STANDARD ? FIRST_SCREEN_ICONS[name] : undefined;
  if (known) return known;
  const { splitPathsBySizeLoader } = await import('@blueprintjs/icons/lib/esm/paths-loaders/splitPathsBySizeLoader');
  return splitPathsBySizeLoader(name, size);
};

/**
 * Makes every Blueprint `Icon` load through `iconPathsLoader`, and puts the first screen's icons
 * in Blueprint's store at once (they are in memory: it takes a few microtasks), so that the first
 * render draws them: an `Icon` whose drawing is not in the store renders an icon-font glyph, which
 * made the browser download both icon fonts (100 KiB) during the first paint, and renders again
 * when the drawing comes. Called once, before the first render.
 */
export function installIconPathsLoader(): void {
  Icons.setLoaderOptions({ loader: iconPathsLoader });
  void Icons.load(Object.keys(FIRST_SCREEN_ICONS) as IconName[], IconSize.STANDARD);
}
