/**
 * The time zone picker sits in the navbar of the first paint. Working out a zone's offset costs a
 * time zone formatter, and Blueprint's Select builds every item's element on each render, open or
 * closed: with the offsets worked out in the item renderer, the closed picker made one formatter
 * for each of some 400 zones before the main window could first paint.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Zone from '../../renderer/format/zone';

// Counts the item renderer's work: it names each zone it makes an element for.
const zoneNames = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../renderer/format/zone', async (original) => {
  const actual = await original<typeof Zone>();
  return { ...actual, zoneName: (zone: string) => (zoneNames.calls++, actual.zoneName(zone)) };
});

// By name, not typed imports: this project's Node-side type check has neither JSX nor the DOM, and
// React's types would declare DOM stand-ins (HTMLElement, SVGElement) that break the e2e specs' types.
const [REACT, REACT_SERVER, PICKER] = ['react', 'react-dom/server', '../../renderer/app/TimeZonePicker'];
type Props = { value: string; onChange(zone: string): void };
const { createElement } = (await import(REACT)) as { createElement(type: unknown, props: Props): unknown };
const { renderToString } = (await import(REACT_SERVER)) as { renderToString(element: unknown): string };
const { TimeZonePicker } = (await import(PICKER)) as { TimeZonePicker: unknown };

describe('the time zone picker, closed', () => {
  const original = Intl.DateTimeFormat;
  let zonesFormatted = new Set<string>();

  beforeEach(() => {
    zonesFormatted = new Set();
    // Every formatter made for a named zone, however it is called (with or without `new`).
    const count = (args: unknown[]) => {
      const zone = (args[1] as Intl.DateTimeFormatOptions | undefined)?.timeZone;
      if (zone) zonesFormatted.add(zone);
    };
    Intl.DateTimeFormat = new Proxy(original, {
      construct: (target, args: unknown[]) => (count(args), Reflect.construct(target, args)),
      apply: (target, self, args: unknown[]) => (count(args), Reflect.apply(target, self, args)),
    });
  });
  afterEach(() => {
    Intl.DateTimeFormat = original;
  });

  it('formats only the zone it shows, not every zone it could list', () => {
    const html = renderToString(createElement(TimeZonePicker, { value: 'Asia/Kolkata', onChange: () => {} }));
    expect(html).toContain('Asia/Kolkata (UTC+05:30)');
    // The list has hundreds of zones; the closed picker shows one (and the system's, to mark it).
    expect(Intl.supportedValuesOf('timeZone').length).toBeGreaterThan(100);
    expect(zonesFormatted.size).toBeLessThanOrEqual(2);
  });
});

describe('the time zone picker, never opened', () => {
  it("makes no element for the zones it could list (Blueprint's Select made one per zone on every render)", () => {
    zoneNames.calls = 0;
    const html = renderToString(createElement(TimeZonePicker, { value: 'Asia/Kolkata', onChange: () => {} }));
    expect(html).toContain('Asia/Kolkata (UTC+05:30)');
    expect(zoneNames.calls).toBe(0);
  });
});
