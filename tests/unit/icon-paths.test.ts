/**
 * The opening screen's icons, drawn from the first paint's own script (renderer/common/icon-paths.ts):
 * each is exactly the drawing Blueprint's own loader gives for that name, and any other icon or size
 * still comes from Blueprint's loader.
 */
import { describe, expect, it } from 'vitest';

// By name, not typed imports: Blueprint's icon types bring React's, whose DOM stand-ins break the
// e2e specs' types in this project's Node-side type check (see time-zone-picker.test.ts).
type Loader = (name: string, size: number) => Promise<string[]>;
const [LOADER, OURS] = ['@blueprintjs/icons/lib/esm/paths-loaders/splitPathsBySizeLoader', '../../renderer/common/icon-paths'];
const { splitPathsBySizeLoader } = (await import(LOADER)) as { splitPathsBySizeLoader: Loader };
const { FIRST_SCREEN_ICONS, iconPathsLoader } = (await import(OURS)) as { FIRST_SCREEN_ICONS: Record<string, string[]>; iconPathsLoader: Loader };
const IconSize = { STANDARD: 16, LARGE: 20 } as const;

describe('iconPathsLoader', () => {
  it.each(Object.keys(FIRST_SCREEN_ICONS))('gives %s the drawing Blueprint gives it', async (name) => {
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
