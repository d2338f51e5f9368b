/**
 * The first paint, cold: from entering the web shell's address (with its token) to the logged
 * tables painted in the main window, in a new browser context each run (an empty HTTP cache, no
 * cookie), and the bytes that came over the wire until then. Measured in the page itself: the time
 * is `performance.now()` (from the start of the navigation, the token's redirect included) in the
 * animation frame after the table list is in the DOM; the bytes are the resource timing entries
 * finished by then (`transferSize`: compressed bodies and headers; `decodedBodySize`: the bodies
 * as the browser uses them), the API's answers included.
 *
 * Only what a person typing the address waits for: the address is entered once the new context's
 * window has finished starting (browser-idle.ts), and the page reports the paint itself (a console
 * message) instead of being polled by the driver, whose script injected into the page and polling
 * every frame ran on the page's own thread while it loaded. The web shell runs in a process of its
 * own (ui-shell.ts).
 */
import type { Browser, ConsoleMessage } from '@playwright/test';
import { waitForBrowserQuiet } from './browser-idle';
import { summarise, type Timing } from './measure';

/** What the main window shows once the logged tables are listed (renderer/app/TableList.tsx). */
const TABLE_LIST = '.table-list [data-table]';

export interface ColdPaint {
  paint: Timing;
  /** Bytes over the wire until the paint (median over the runs). */
  transferred: number;
  /** The same bodies uncompressed. */
  decoded: number;
  /** Requests until the paint, the API's included. */
  requests: number;
  /** Each file fetched until the paint, with its bytes over the wire and uncompressed (last run). */
  files: Array<{ name: string; transferred: number; decoded: number }>;
}

interface PaintSample {
  at: number;
  resources: Array<{ name: string; transferred: number; decoded: number }>;
}

/** How the page's console message with the sample starts. */
const PAINTED = 'table list painted: ';

/**
 * Runs in every document the context opens, before its scripts: notes the moment the table list
 * is painted and what had been fetched by then, and says it on the console. Text, as it runs in
 * the browser.
 */
const PAINT_PROBE = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector(${JSON.stringify(TABLE_LIST)})) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const at = performance.now();
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      console.log(${JSON.stringify(PAINTED)} + JSON.stringify({
        at,
        resources: entries
          .filter((e) => e.responseEnd <= at)
          .map((e) => ({ name: new URL(e.name).pathname, transferred: e.transferSize, decoded: e.decodedBodySize })),
      }));
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/**
 * Opens the web shell in `runs` fresh contexts (after one unmeasured), each time until the tables
 * are painted. Each context enters by an address of its own: an entry ticket lets one browser in,
 * once (server/web-shell.ts), so a second context on the same address would never see the tables.
 */
export async function measureColdPaint(browser: Browser, address: () => Promise<string>, runs: number): Promise<ColdPaint> {
  const samples: PaintSample[] = [];
  for (let run = -1; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      await context.addInitScript(PAINT_PROBE);
      const page = await context.newPage();
      const url = await address();
      await waitForBrowserQuiet();
      const painted = page.waitForEvent('console', { predicate: (m: ConsoleMessage) => m.text().startsWith(PAINTED), timeout: 60_000 });
      await page.goto(url, { waitUntil: 'commit' });
      const sample = JSON.parse((await painted).text().slice(PAINTED.length)) as PaintSample;
      // The first run starts the browser's processes; it is not counted.
      if (run >= 0) samples.push(sample);
    } finally {
      await context.close();
    }
  }
  const median = (values: number[]) => summarise(values).median;
  const total = (sample: PaintSample, key: 'transferred' | 'decoded') => sample.resources.reduce((sum, r) => sum + r[key], 0);
  return {
    paint: summarise(samples.map((s) => s.at)),
    transferred: median(samples.map((s) => total(s, 'transferred'))),
    decoded: median(samples.map((s) => total(s, 'decoded'))),
    requests: median(samples.map((s) => s.resources.length)),
    files: samples.at(-1)?.resources ?? [],
  };
}
