/**
 * Export in a real browser: Customer 1's log as CSV through the web shell, checked against the
 * replica itself (entries, and one line per field change), and an export cancelled while it waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { database, logRows, openApp, openRecord, SCREENSHOTS, type LogRow } from './helpers';

const LONG = { table: 'Customer', key: 'CustomerID', id: 1 };
const COMMON = new Set(['ID', 'CustomerID', 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP']);
const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const count = (n: number) => n.toLocaleString('en-GB');

/** How many fields an entry changed, from the raw rows (as the audit log's boxes count them). */
function changedFields(row: LogRow, previous: LogRow | undefined): number {
  const fields = Object.keys(row).filter((c) => !COMMON.has(c));
  if (row.ChangeCue === 'Unchanged' || fields.every((f) => isEmpty(row[f]))) return 0;
  const previousKnown = previous !== undefined && !fields.every((f) => isEmpty(previous[f]));
  if (row.ChangeCue === 'Added' || row.ChangeCue === 'Deleted' || !previousKnown) return fields.filter((f) => !isEmpty(row[f])).length;
  return fields.filter((f) => row[f] !== previous[f] && !(isEmpty(row[f]) && isEmpty(previous[f]))).length;
}

async function openExportDialog(page: Page) {
  await openApp(page);
  await openRecord(page, LONG.table, LONG.id);
  await page.locator('.audit-icon').click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  await page.locator('.expander-bar .export-button').click();
  await expect(page.locator('.export-dialog')).toBeVisible();
  await expect(page.getByTestId('export-summary')).toHaveText("Customer 1's log · all dates · anyone");
}

test('exports a record\'s log as CSV: progress to the end, BOM, header, one line per field change', async ({ page }) => {
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  // One line per changed field; an entry that changed nothing still has its line.
  const expectedLines = rows.reduce((n, row, i) => n + Math.max(1, changedFields(row, rows[i + 1])), 0);

  await openExportDialog(page);
  const downloading = page.waitForEvent('download');
  await page.locator('.export-dialog').getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Customer-1-log-\d{8}-\d{4}\.csv$/);

  const progress = page.getByTestId('export-progress');
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(progress).toHaveAttribute('data-entries', String(rows.length));
  await expect(progress).toHaveAttribute('data-total', String(rows.length));
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('export-result')).toContainText(`Exported ${count(rows.length)} entries (${count(expectedLines)} lines`);

  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  // The demo's Customer log records how each change was made: its columns follow the common ones.
  expect(text.startsWith('Time (UTC),Person,Person ID,Table,Record,Log ID,Change cue,Field,Old value,New value,Method,IP address\r\n')).toBe(true);
  // Demo values hold no line breaks, so CRLFs count the lines (the header's included).
  expect(text.split('\r\n').length - 2).toBe(expectedLines);
  expect(text.endsWith('\r\n')).toBe(true);

  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator('.export-dialog').screenshot({ path: path.join(SCREENSHOTS, 'export-dialog.png') });
});

test('exports the whole demo activity as JSON Lines, with the progress bar running to the end', async ({ page }) => {
  const tables = ['Audit', 'Contact', 'Customer', 'Finding', 'Person', 'Service Order'];
  const total = tables.reduce((n, t) => n + (database().prepare(`SELECT count(*) AS n FROM "${t}_log"`).get() as { n: number }).n, 0);
  await openApp(page);
  await page.locator('[data-view="activity"]').click();
  await expect(page.locator('.activity-view .data-grid-row[data-row-key]').first()).toBeVisible();
  await page.locator('.activity-view .export-button').click();
  const dialog = page.locator('.export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByText('JSON Lines').click();
  const downloading = page.waitForEvent('download', { timeout: 120_000 });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const progress = page.getByTestId('export-progress');
  // The bar moves while the file streams in: seen part way before it is done.
  await expect(progress).toHaveAttribute('data-total', String(total));
  const download = await downloading;
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(progress).toHaveAttribute('data-entries', String(total));
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  const lines = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(total);
  const first = JSON.parse(lines[0]!) as { table: string; byTime: string };
  const last = JSON.parse(lines[lines.length - 1]!) as { byTime: string };
  expect(tables).toContain(first.table);
  expect(first.byTime >= last.byTime).toBe(true);
  // Password-like columns never leave the data layer, not even in an export: their changes are
  // named (withheld), their values appear nowhere.
  const hashes = (database().prepare('SELECT DISTINCT "PasswordHash" AS h FROM "Person_log" WHERE "PasswordHash" IS NOT NULL').all() as Array<{ h: string }>).map((r) => r.h);
  expect(hashes.length).toBeGreaterThan(10);
  const text = lines.join('\n');
  expect(hashes.filter((h) => text.includes(h))).toEqual([]);
});

test('an export can be cancelled while it runs, and nothing is downloaded', async ({ page }) => {
  // Hold the export's request, as a slow database would, so there is time to cancel it.
  let held = false;
  await page.route('**/api/export', async (route) => {
    held = true;
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    await route.continue().catch(() => undefined);
  });
  await openExportDialog(page);
  let downloaded = false;
  page.on('download', () => {
    downloaded = true;
  });
  await page.locator('.export-dialog').getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-progress')).toHaveAttribute('data-state', 'running');
  await expect.poll(() => held).toBe(true);
  await page.locator('.export-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('export-cancelled')).toContainText('cancelled');
  await expect(page.getByTestId('export-progress')).toHaveCount(0);
  expect(downloaded).toBe(false);
  await page.locator('.export-dialog .bp6-dialog-footer').getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.export-dialog')).toHaveCount(0);
});
