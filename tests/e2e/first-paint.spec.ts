/**
 * What the first paint waits for (issue 15, part 5), asserted without timing: the main window's
 * first calls go out before React has put anything on the page (not after its first render), all
 * at once, and nothing else is asked of the API before the logged tables are shown; the page's
 * own files before then are few (one script and its runtime, one stylesheet within its budget),
 * and the opening screen fetches neither the icon fonts nor Blueprint's whole set of icon paths.
 */
import { expect, test } from '@playwright/test';
import { E2E } from './e2e-setup';

/**
 * Runs before the page's scripts: notes, in order, each API call the page makes (when `fetch` is
 * called, not when it is answered) and whether React had put anything in #root by then, until the
 * tables are shown.
 */
const PROBE = `(() => {
  const events = (window.__firstPaint = []);
  let shown = false;
  const fetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href);
    const rendered = document.getElementById('root')?.hasChildNodes();
    if (!shown && url.pathname.startsWith('/api/')) events.push(url.pathname.slice(5) + (rendered ? ' after' : ' before') + ' the first render');
    return fetch(input, init);
  };
  const watch = new MutationObserver(() => {
    if (!document.querySelector('.table-list [data-table]')) return;
    shown = true;
    window.__filesBeforeTables = performance.getEntriesByType('resource')
      .filter((e) => !new URL(e.name).pathname.startsWith('/api/'))
      .map((e) => ({ path: new URL(e.name).pathname, bytes: e.decodedBodySize }));
    watch.disconnect();
  });
  watch.observe(document, { childList: true, subtree: true });
})();`;

test('the first calls go out before the first render, and nothing else before the tables are shown', async ({ page }) => {
  await page.addInitScript(PROBE);
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.locator('.table-list [data-table]').first()).toBeVisible();
  const calls = await page.evaluate(() => (globalThis as unknown as { __firstPaint: string[] }).__firstPaint);
  expect([...calls].sort()).toEqual([
    'describeSource before the first render',
    'listSavedViews before the first render',
    'listTables before the first render',
    'whoAmI before the first render',
  ]);
});

/** Stylesheets the first paint may apply, uncompressed: Blueprint's own (less the date inputs', loaded with them) and ours. */
const FIRST_PAINT_CSS_BUDGET = 490 * 1024;

test("the page's own files before the tables are shown: one script and its runtime, one stylesheet within budget", async ({ page }) => {
  await page.addInitScript(PROBE);
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.locator('.table-list [data-table]').first()).toBeVisible();
  const files = await page.evaluate(() => (globalThis as unknown as { __filesBeforeTables: Array<{ path: string; bytes: number }> }).__filesBeforeTables);
  const scripts = files.filter((f) => f.path.endsWith('.js'));
  const styles = files.filter((f) => f.path.endsWith('.css'));
  // Left to itself the bundler split the first paint into 14 scripts, which came in rounds of six.
  expect(scripts.length, scripts.map((f) => f.path).join(' ')).toBeLessThanOrEqual(2);
  expect(styles).toHaveLength(1);
  expect(styles[0]!.bytes).toBeLessThanOrEqual(FIRST_PAINT_CSS_BUDGET);
});

test('the opening screen draws its icons without the icon fonts or the whole set of icon paths', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.locator('.table-list [data-table]').first()).toBeVisible();
  await expect(page.locator('.data-grid-row').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(requested.filter((p) => /\.woff2?$|\/paths-[^/]*\.js$|splitPathsBySizeLoader/.test(p))).toEqual([]);
  // Drawn as SVG from the first render (an icon still loading is a font glyph, no <svg>).
  for (const icon of ['database', 'time', 'pulse', 'th']) {
    await expect(page.locator(`[data-icon="${icon}"] path, svg[data-icon="${icon}"] path`).first()).toBeAttached();
  }
});

test("an icon the opening screen lacks is still drawn, through Blueprint's own loader", async ({ page }) => {
  await page.goto(`/?token=${E2E.token}`);
  await page.locator('.data-grid-row[data-row-key]').first().dblclick();
  const dialog = page.locator('.properties-dialog');
  await expect(dialog).toBeVisible();
  // The close button's cross is not among the opening screen's icons.
  await expect(dialog.getByRole('button', { name: 'Close' }).locator('svg[data-icon="cross"] path').first()).toBeAttached();
});

/**
 * Runs before the page's scripts: notes each use of ICU's formatters (Intl's constructors, the
 * locale-aware methods that build one) until the tables are shown. The page's first date formatter
 * cost 30-90 ms of the first render on a slow machine (only to name the system's zone and write
 * its offset), its first number formatter 10-30 ms more (the table list's counts), and the closed
 * time zone picker asked for every zone.
 */
const ICU_PROBE = `(() => {
  const used = (window.__icuBeforeTables = []);
  let shown = false;
  const note = (name) => { if (!shown) used.push(name); };
  for (const name of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames']) {
    const original = Intl[name];
    if (!original) continue;
    Intl[name] = new Proxy(original, {
      construct(target, args, newTarget) { note('Intl.' + name); return Reflect.construct(target, args, newTarget); },
      apply(target, self, args) { note('Intl.' + name); return Reflect.apply(target, self, args); },
    });
  }
  const wrap = (owner, key, label) => {
    const original = owner[key];
    owner[key] = function (...args) { note(label); return original.apply(this, args); };
  };
  wrap(Intl, 'supportedValuesOf', 'Intl.supportedValuesOf');
  wrap(Number.prototype, 'toLocaleString', 'Number#toLocaleString');
  wrap(String.prototype, 'localeCompare', 'String#localeCompare');
  for (const key of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) wrap(Date.prototype, key, 'Date#' + key);
  const watch = new MutationObserver(() => {
    if (!document.querySelector('.table-list [data-table]')) return;
    shown = true;
    watch.disconnect();
  });
  watch.observe(document, { childList: true, subtree: true });
})();`;

test("the first screen sets up none of ICU's formatters before the tables are shown, and names the zone as Intl does", async ({ page }) => {
  await page.addInitScript(ICU_PROBE);
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.locator('.table-list [data-table]').first()).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { __icuBeforeTables: string[] }).__icuBeforeTables)).toEqual([]);
  // The navbar's zone and offset, worked out without a formatter, are what Intl says (the
  // project's browsers run in Europe/London here).
  const intl = await page.evaluate(() => {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    const text = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value;
    return `${zone.replace(/_/g, ' ')} (${text === 'GMT' ? 'UTC+00:00' : text.replace('GMT', 'UTC')})`;
  });
  await expect(page.locator('.time-zone-picker')).toHaveText(intl);
});

test("Temporal's zone offsets are Intl's wherever the app takes them from Temporal", async ({ page }) => {
  // renderer/format/temporal.ts relies on this: every zone, at times either side of daylight saving
  // and long past, has the same offset by either (where Temporal's has no seconds).
  await page.goto(`/?token=${E2E.token}`);
  const differing = await page.evaluate(() => {
    const T = (globalThis as unknown as { Temporal?: { Instant: { fromEpochMilliseconds(ms: number): { toZonedDateTimeISO(z: string): { offset: string } } } } }).Temporal;
    if (!T) return ['this browser has no Temporal: the app uses Intl alone'];
    const zones = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT+5', '+05:30', ...Intl.supportedValuesOf('timeZone')];
    const instants = [Date.now(), Date.UTC(2026, 2, 29, 0, 30), Date.UTC(2026, 9, 25, 0, 30), Date.UTC(1970, 0, 1), Date.UTC(1950, 5, 1), Date.UTC(2038, 0, 19)];
    const out: string[] = [];
    for (const zone of zones) {
      for (const at of instants) {
        const text = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')!.value;
        const m = /^GMT([+-−]\d{2}:\d{2})?$/.exec(text);
        const intl = m ? (m[1] ?? '+00:00').replace('−', '-') : '';
        const offset = T.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone).offset;
        if (/^[+-]\d{2}:\d{2}$/.test(offset) && offset !== intl) out.push(`${zone} at ${new Date(at).toISOString()}: ${offset} / ${intl}`);
      }
    }
    return out;
  });
  expect(differing).toEqual([]);
});
