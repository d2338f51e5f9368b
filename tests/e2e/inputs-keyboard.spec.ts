/**
 * Honest inputs and the keyboard path (issue 11, parts 3 and 4), in a real browser against the demo
 * replica: typed days read day-first (en-GB) or ISO, impossible days said and not sent, a reversed
 * range never sent; the zone picker by typing; End to the oldest entry of the whole log; Esc closes
 * the innermost thing only; closing a window gives the focus back to its row; headers sort with
 * Enter; one Tab stop for the sidebar's tables; export of nothing says so.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { logRows, openApp, openRecord, selectTable } from './helpers';

const SHOTS = '/work/shots/ui-inputs';
const LONG = { table: 'Customer', key: 'CustomerID', id: 1 };
const count = (n: number) => n.toLocaleString('en-GB');

async function openLongLog(page: Page) {
  await openApp(page);
  await openRecord(page, LONG.table, LONG.id);
  await page.locator('.properties-dialog').getByRole('button', { name: /Audit log/ }).click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
}

test('a typed day is read day-first as the en-GB display is, and ISO too', async ({ page }) => {
  await openLongLog(page);
  // 5/1/2026 is 5 January (en-GB); 2026-01-31 is ISO.
  const range = logRows(LONG.table, LONG.key, LONG.id, "AND ByTime >= '2026-01-05 00:00:00' AND ByTime < '2026-02-01 00:00:00'");
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  await page.locator('.expander-toggle').click();
  await page.getByLabel('From day').fill('5/1/2026');
  await page.getByLabel('From day').press('Enter');
  await page.getByLabel('To day').fill('2026-01-31');
  await page.getByLabel('To day').press('Enter');
  await page.getByTestId('matching-count').click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(range.length)} of ${count(all)} entries`);
  await expect(page.getByLabel('From day')).toHaveValue('5 Jan 2026');
  await expect(page.getByTestId('day-range-message')).toHaveText('');
});

test('an impossible day or a word is said beside the field and not sent', async ({ page }) => {
  await openLongLog(page);
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) requests.push(r.postData() ?? '');
  });
  await page.locator('.expander-toggle').click();
  await page.getByLabel('From day').fill('31/02/2025');
  await page.getByLabel('From day').press('Enter');
  await expect(page.getByTestId('day-range-message')).toHaveText('From: There is no 31st of February 2025: it has 28 days.');
  await expect(page.getByLabel('From day')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('To day').fill('hello');
  await page.getByLabel('To day').press('Enter');
  await expect(page.getByTestId('day-range-message')).toContainText('To: Not a date: write the day as dd/mm/yyyy or yyyy-mm-dd.');
  await page.getByTestId('matching-count').click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(all)} entries`);
  expect(requests.filter((body) => body.includes('2025-02-31') || body.includes('"from":"2025') || body.includes('hello'))).toEqual([]);
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.screenshot({ path: path.join(SHOTS, 'impossible-day-1024.png') });
});

test('a reversed range is never sent: it is said, and the count settles', async ({ page }) => {
  await openLongLog(page);
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  const march = logRows(LONG.table, LONG.key, LONG.id, "AND ByTime >= '2026-03-10 00:00:00' AND ByTime < '2026-03-31 23:00:00'");
  await page.locator('.expander-toggle').click();
  await page.getByLabel('From day').fill('10/3/2026');
  await page.getByLabel('From day').press('Enter');
  await page.getByTestId('matching-count').click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(march.length + logRows(LONG.table, LONG.key, LONG.id, "AND ByTime >= '2026-03-31 23:00:00'").length)} of ${count(all)} entries`);
  const bad: string[] = [];
  page.on('request', (r) => {
    const body = r.postData() ?? '';
    if (body.includes('"to":"2026-03-01"')) bad.push(body);
  });
  await page.getByLabel('To day').fill('1/3/2026');
  await page.getByLabel('To day').press('Enter');
  await page.getByTestId('matching-count').click();
  await expect(page.getByTestId('day-range-message')).toContainText('The range ends (1 Mar 2026) before it starts (10 Mar 2026)');
  await expect(page.getByTestId('matching-count')).toHaveAttribute('data-state', 'counted');
  await expect(page.locator('.properties-dialog')).not.toContainText('Could not read');
  expect(bad).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'reversed-range-1440.png') });
});

test('the calendar opens on last month and this one: an audit looks back', async ({ page }) => {
  await openLongLog(page);
  await page.locator('.expander-toggle').click();
  await page.getByLabel('From day').click();
  const now = new Date();
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const monthName = (d: Date) => d.toLocaleString('en-GB', { month: 'long' });
  const captions = page.locator('.bp6-daterangepicker .rdp-caption_label, .bp6-daterangepicker .bp6-datepicker-caption select option:checked');
  await expect(page.locator('.bp6-daterangepicker')).toBeVisible();
  const text = (await page.locator('.bp6-daterangepicker').innerText()).toLowerCase();
  expect(text).toContain(monthName(last).toLowerCase());
  expect(await captions.count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SHOTS, 'calendar-last-month-1440.png') });
  // Esc closes the calendar, not the window under it; a second Esc closes the window.
  await page.keyboard.press('Escape');
  await expect(page.locator('.bp6-daterangepicker')).toBeHidden();
  await expect(page.locator('.properties-dialog')).toBeVisible();
});

test('Person waits for a person: choosing it filters nobody until one is picked', async ({ page }) => {
  await openLongLog(page);
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  const theirs = logRows(LONG.table, LONG.key, LONG.id, 'AND ByID = ?', [11]);
  await page.locator('.expander-toggle').click();
  await page.getByRole('radio', { name: 'Person' }).click();
  await expect(page.locator('.person-picker')).toBeFocused();
  await expect(page.locator('.person-picker')).toHaveText('Choose a person');
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(all)} entries`);
  // Typing on the picker opens it with the letters typed; Enter picks.
  await page.keyboard.type('Gallag');
  await expect(page.getByPlaceholder('Find a person…')).toHaveValue('Gallag');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(theirs.length)} of ${count(all)} entries`);
});

test('the zone picker shows offsets, finds "new york" by typing and picks with Enter', async ({ page }) => {
  await openApp(page);
  const picker = page.locator('.time-zone-picker');
  await expect(picker).toHaveText(/^Europe\/London \(UTC\+0[01]:00\)$/);
  await picker.focus();
  await page.keyboard.type('new york');
  await expect(page.getByPlaceholder('City, zone or offset…')).toHaveValue('new york');
  const option = page.getByRole('option', { name: /America\/New York/ });
  await expect(option).toBeVisible();
  await expect(option).toContainText(/UTC-0[45]:00/);
  await page.screenshot({ path: path.join(SHOTS, 'zone-picker-1440.png') });
  await page.keyboard.press('Enter');
  await expect(picker).toHaveText(/^America\/New York \(UTC-0[45]:00\)$/);
});

test('End goes to the oldest entry of the whole log, reading the pages it needs', async ({ page }) => {
  await openLongLog(page);
  const all = logRows(LONG.table, LONG.key, LONG.id);
  expect(all.length).toBeGreaterThan(100);
  await page.locator('.log-entry-list').focus();
  await page.keyboard.press('End');
  const oldest = page.locator(`.log-entry[data-log-id="${all[all.length - 1]!.ID}"]`);
  await expect(oldest).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
});

test('Esc closes the innermost popover; closing the window gives the focus back to its row', async ({ page }) => {
  await openApp(page);
  await selectTable(page, LONG.table);
  const row = page.locator(`.data-grid-row[data-row-key="${LONG.id}"]`);
  await row.click();
  await page.keyboard.press('Enter');
  const dialog = page.locator('.properties-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('[data-field-history]').first().click();
  await expect(page.getByTestId('field-history')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('field-history')).toBeHidden();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const grid = page.getByRole('grid');
  await expect(grid).toBeFocused();
  await expect(row).toHaveAttribute('aria-selected', 'true');
});

test('column headers take the focus and sort with Enter; the sidebar is one Tab stop', async ({ page }) => {
  await openApp(page);
  await selectTable(page, LONG.table);
  const header = page.locator('.data-grid-header [role="columnheader"][tabindex="0"]').nth(1);
  await header.focus();
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  // The tables in the sidebar: one of them takes Tab, the arrows move between them.
  const items = page.locator('.table-list .bp6-menu-item');
  expect(await items.count()).toBeGreaterThan(1);
  expect(await items.evaluateAll((els) => els.filter((e) => e.getAttribute("tabindex") === "0").length)).toBe(1);
  await items.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: (await items.nth(1).getAttribute('data-table')) ?? '', exact: true })).toBeVisible();
});

test('Ctrl+C on the grid copies the selected row and does not open it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await selectTable(page, LONG.table);
  const row = page.locator(`.data-grid-row[data-row-key="${LONG.id}"]`);
  await row.click();
  await page.keyboard.press('Control+c');
  await page.waitForTimeout(300);
  await expect(page.locator('.properties-dialog')).toBeHidden();
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied.split('\t')[0]).toBe(String(LONG.id));
  expect(copied.split('\t').length).toBeGreaterThan(1);
});

test('an export of nothing says so and offers no Export', async ({ page }) => {
  await openLongLog(page);
  await page.locator('.expander-toggle').click();
  await page.getByLabel('From day').fill('1/1/1990');
  await page.getByLabel('From day').press('Enter');
  await page.getByLabel('To day').fill('2/1/1990');
  await page.getByLabel('To day').press('Enter');
  await page.getByTestId('matching-count').click();
  await expect(page.getByTestId('matching-count')).toHaveText(/^0 of /);
  await page.locator('.export-button').click();
  await expect(page.getByTestId('export-empty')).toContainText("Nothing to export: no entry matches Customer 1's log");
  await expect(page.locator('.export-dialog').getByRole('button', { name: 'Export' })).toBeDisabled();
  await page.screenshot({ path: path.join(SHOTS, 'export-nothing-1440.png') });
});
