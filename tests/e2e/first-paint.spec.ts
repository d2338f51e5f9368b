/**
 * What the first paint waits for (issue 15, part 5), asserted without timing: the main window's
 * first calls go out before React has put anything on the page (not after its first render), all
 * at once, and nothing else is asked of the API before the logged tables are shown.
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
