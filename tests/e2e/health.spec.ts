/**
 * Issue 12, parts 3 and 5, in a real browser against the demo replica: how a change was made (the
 * demo's UpdateMethod and SourceIP) shown with who and when and filtered by in Activity, and the
 * Log health view, every figure checked against the database read through a separate connection.
 * Screenshots at 1024×640 and 1440×900 go to /work/shots/health/ (HEALTH_SHOTS overrides).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { organisationOf } from '../../db/organisation';
import { retentionCutoff } from '../../db/organisation';
import { database, openApp, openRecord } from './helpers';

const SHOTS = process.env.HEALTH_SHOTS ?? '/work/shots/health';
fs.mkdirSync(SHOTS, { recursive: true });

const count = (n: number) => n.toLocaleString('en-GB');
const LOGGED = ['Audit', 'Contact', 'Customer', 'Finding', 'Person', 'Service Order'];
/** Stored times are UTC text, `YYYY-MM-DD HH:MM:SS`. */
const stored = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1024, 640], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`) });
  }
}

test('Log health gives each log\'s rows, span, growth and rows past retention as the database holds them', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-view="health"]').click();
  await expect(page.getByRole('heading', { name: 'Log health' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Log health' });
  await expect(table.locator('tbody tr')).toHaveCount(LOGGED.length);
  await expect(page).toHaveURL(/#\/health$/);
  // The months and retention are read after the first figures: wait for every sparkline.
  await expect(table.locator('svg.health-sparkline')).toHaveCount(LOGGED.length, { timeout: 30_000 });

  // The server runs in this machine's zone, with the default retention (24 months).
  const cutoff = retentionCutoff(organisationOf({}), new Date());
  for (const name of LOGGED) {
    const row = table.locator(`tr[data-table="${name}"]`);
    const log = `"${name}_log"`;
    const rows = database().prepare(`SELECT count(*) FROM ${log}`).pluck().get() as number;
    await expect(row.getByTestId('health-rows')).toHaveText(count(rows));
    const older = database().prepare(`SELECT count(*) FROM ${log} WHERE ByTime < ?`).pluck().get(stored(cutoff)) as number;
    const retention = row.getByTestId('health-retention');
    await expect(retention).toHaveText(older === 0 ? 'none' : count(older));
    await expect(retention).toHaveAttribute('title', older === 0 ? 'none older than 24 months' : `${count(older)} ${older === 1 ? 'row' : 'rows'} older than 24 months`);
    const oldest = database().prepare(`SELECT min(ByTime) FROM ${log}`).pluck().get() as string;
    await expect(row.locator('td').nth(1)).toHaveAttribute('title', `${oldest.replace(' ', 'T')}.000Z`);
    // The demo has every index the app needs but the child logs' related-log indexes (one each).
    await expect(row.locator('td').last()).toHaveText(['Customer', 'Person'].includes(name) ? 'All there' : '1 missing');
  }
  const notes = page.getByTestId('health-missing-index');
  await expect(notes).toHaveCount(4);
  await expect(notes.first()).toContainText('reading a record\'s related log');
  const olderTotal = LOGGED.reduce((sum, name) => sum + (database().prepare(`SELECT count(*) FROM "${name}_log" WHERE ByTime < ?`).pluck().get(stored(cutoff)) as number), 0);
  await expect(page.locator('.health-note')).toContainText(`${count(olderTotal)} rows older than 24 months across the logs`);
  await expect(page.locator('.health-note')).toContainText('The app never deletes or archives');
  await shoot(page, 'log-health');
});

test('a record\'s log shows how each change was made, unknown where the log holds nothing', async ({ page }) => {
  await openApp(page);
  await openRecord(page, 'Customer', 1);
  await page.locator('.audit-icon').click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  const rows = database().prepare('SELECT ID, UpdateMethod, SourceIP FROM Customer_log WHERE CustomerID = 1 ORDER BY ByTime DESC, ID DESC LIMIT 5').all() as Array<{
    ID: number;
    UpdateMethod: string | null;
  }>;
  for (const row of rows) {
    const shown = page.locator(`.log-entry[data-log-id="${row.ID}"] [data-testid="how-made"] [data-part="method"]`);
    await expect(shown).toHaveText(row.UpdateMethod ?? 'method unknown');
  }
  const detail = page.getByTestId('how-made-line');
  await expect(detail.locator('[data-part="method"] dd')).toHaveText(rows[0]!.UpdateMethod ?? 'unknown');
  // The IP address is masked: its last four digits, never the whole address.
  await expect(detail.locator('[data-part="ip"] dd')).toContainText('*');
  await shoot(page, 'log-how-made');
});

test('Activity filters by update method, from the values found, and shows it in each row', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-view="activity"]').click();
  await expect(page.locator('.activity-view .data-grid-row[data-row-key]').first()).toBeVisible();
  const picker = page.locator('.activity-filters select[data-part="method"]');
  await expect(picker.locator('option')).toHaveText(['Any', 'Automation', 'Bulk', 'Import', 'User']);
  await picker.selectOption('Bulk');
  await expect(page).toHaveURL(/method=Bulk/);
  const truth = (['Contact', 'Customer'] as const)
    .flatMap((t) => database().prepare(`SELECT ID, ByTime, '${t}' AS tbl FROM "${t}_log" WHERE UpdateMethod = 'Bulk'`).all() as Array<{ ID: number; ByTime: string; tbl: string }>)
    .sort((a, b) => (a.ByTime < b.ByTime ? 1 : a.ByTime > b.ByTime ? -1 : a.tbl < b.tbl ? -1 : a.tbl > b.tbl ? 1 : b.ID - a.ID));
  expect(truth.length).toBeGreaterThan(20);
  await expect(page.getByTestId('activity-count')).toHaveText(`${count(truth.length)} changes match`);
  const keys = await page.locator('.activity-view .data-grid-row[data-row-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-row-key') ?? ''));
  expect(keys).toEqual(truth.slice(0, keys.length).map((r) => `${r.tbl}:${r.ID}`));
  await expect(page.locator('.activity-view .data-grid-row[data-row-key] [data-part="method"]').first()).toHaveText('Bulk');
  await shoot(page, 'activity-method');
});
