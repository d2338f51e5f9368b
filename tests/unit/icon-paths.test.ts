/**
 * The opening screen's icons, drawn from the first paint's own script (renderer/common/icon-paths.ts):
 * each is exactly the drawing Blueprint's own loader gives for that name, and any other icon or size
 * still comes from Blueprint's loader.
 */
import { IconSize, type IconName } from '@blueprintjs/icons';
import { splitPathsBySizeLoader } from '@blueprintjs/icons/lib/esm/paths-loaders/splitPathsBySizeLoader';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_ICONS, iconPathsLoader } from '../../renderer/common/icon-paths';

describe('iconPathsLoader', () => {
  it.each(Object.keys(FIRST_SCREEN_ICONS) as IconName[])('gives %s the drawing Blueprint gives it', async (name) => {
    const own = await splitPathsBySizeLoader(name, IconSize.STANDARD);
    expect(own.length).toBeGreaterThan(0);
    expect(FIRST_SCREEN_ICONS[name]).toEqual(own);
    expect(await iconPathsLoader(name, IconSize.STANDARD)).toEqual(own);
  });

  it("gives any other icon, and the large size of the first screen's, from Blueprint's loader", async () => {
    for (const [name, size] of [['cross', IconSize.STANDARD], ['th-list', IconSize.STANDARD], ['database', IconSize.LARGE]] as const) {
      expect(await iconPathsLoader(name, size)).toEqual(await splitPathsBySizeLoader(name, size));
    }
  });
});
