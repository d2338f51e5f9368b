/**
 * An automated accessibility check (issue 11, part 4): axe-core over the main views — the table
 * list with its records, a record's properties window with its log, Activity, deleted records and
 * Connections — failing on any serious or critical violation (WCAG 2 A and AA rules).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, openRecord, selectTable } from './helpers';

/**
 * Violations known and left to their owners (issue 11's other parts), each with why; anything else
 * fails. Blueprint 6's Select puts aria-expanded on its target's wrapper <div> (no role) and its
 * DateRangeInput on a .bp6-control-group: not ours to change short of patching Blueprint. The view
 * tabs (App.tsx) point aria-controls at panels never rendered: the address helper's file.
 */
const KNOWN = [
  /^critical aria-allowed-attr: .* — div\[aria-controls="listbox-\d+"\]$/,
  /^critical aria-allowed-attr: .* — \.bp6-control-group$/,
  /^critical aria-valid-attr-value: .* — #bp6-tab-title_view_\w+$/,
];

async function violations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const { violations: found } = await builder.analyze();
  // One line per violation and node, so a failure says what to fix where.
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')}`))
    .filter((line) => !KNOWN.some((known) => known.test(line)));
}

test('the table list and its records', async ({ page }) => {
  await openApp(page);
  await selectTable(page, 'Customer');
  expect(await violations(page)).toEqual([]);
});

test("a record's properties window, with its log open", async ({ page }) => {
  await openApp(page);
  await openRecord(page, 'Customer', 1);
  expect(await violations(page, '.properties-dialog')).toEqual([]);
  await page.locator('.properties-dialog').getByRole('button', { name: /Audit log/ }).click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  await page.locator('.expander-toggle').click();
  expect(await violations(page, '.properties-dialog')).toEqual([]);
});

test('Activity', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-view="activity"]').click();
  await expect(page.locator('.activity-view .data-grid-row[data-row-key]').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('deleted records', async ({ page }) => {
  await openApp(page);
  await selectTable(page, 'Customer');
  await page.getByRole('tab', { name: 'Deleted records' }).click();
  await expect(page.locator('.data-grid-row[data-row-key]').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('Connections', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: /^Connections/ }).first().click();
  await expect(page.locator('.connections-dialog')).toBeVisible();
  expect(await violations(page, '.connections-dialog')).toEqual([]);
});

test('Insights', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-view="insights"]').click();
  await expect(page.getByTestId('insights-heatmap')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
