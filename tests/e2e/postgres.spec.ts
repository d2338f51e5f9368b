/**
 * The same app on PostgreSQL: the web shell reads the demo of seed 1 loaded into a throwaway
 * cluster by its PL/pgSQL triggers (serve-e2e-pg.ts), as a read-only role. The truth to compare
 * with is the SQLite twin written while loading it: the same seed gives the same history.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { E2E } from './e2e-setup';
import { boxedFields, SCREENSHOTS, shownLogIds } from './helpers';

test.use({ baseURL: `http://127.0.0.1:${E2E.pgPort}` });

let twin: Database.Database | null = null;
const truth = (): Database.Database => (twin ??= new Database(E2E.pgTwinReplica, { readonly: true }));
test.afterAll(() => twin?.close());

const count = (n: number) => n.toLocaleString('en-GB');

test('a record’s log on PostgreSQL is the same as in the database, with the changed fields boxed', async ({ page }) => {
  const rows = truth().prepare('SELECT * FROM Customer_log WHERE CustomerID = 1 ORDER BY ByTime DESC, ID DESC').all() as Array<Record<string, unknown>>;
  const mine = rows.filter((r) => r.ByID === E2E.minePersonId);
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(page).toHaveTitle(/demo1/);
  await page.locator('[data-table="Customer"]').click();
  await page.locator('.data-grid-row[data-row-key="1"]').dblclick();
  await page.locator('.properties-header .audit-icon').click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  const shown = await shownLogIds(page);
  expect(shown).toEqual(rows.slice(0, shown.length).map((r) => r.ID));
  // The newest entry is selected: its boxes are the fields that differ from the entry before it.
  const [newest, before] = rows;
  const common = new Set(['ID', 'CustomerID', 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP']);
  const changed = Object.keys(newest!).filter((f) => !common.has(f) && newest![f] !== before![f]).sort();
  expect(await boxedFields(page)).toEqual(changed);
  await page.locator('.expander-toggle').click();
  await page.getByRole('radio', { name: 'Mine' }).click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(mine.length)} of ${count(rows.length)} entries`);
  expect(await shownLogIds(page)).toEqual(mine.slice(0, (await shownLogIds(page)).length).map((r) => r.ID));
});

test('a deleted record on PostgreSQL offers restore SQL for a DBA, built from its last snapshot', async ({ page }) => {
  const [deleted] = truth()
    .prepare(
      `SELECT l.CustomerID AS id, l.Name AS name FROM Customer_log l
       WHERE l.ChangeCue = 'Deleted' AND l.CustomerID NOT IN (SELECT ID FROM Customer)
       ORDER BY l.ByTime DESC, l.ID DESC LIMIT 1`,
    )
    .all() as Array<{ id: number; name: string }>;
  await page.goto(`/?token=${E2E.token}`);
  await page.locator('[data-table="Customer"]').click();
  await page.getByRole('tab', { name: 'Deleted records' }).click();
  await page.locator(`.data-grid-row[data-row-key="${deleted!.id}"]`).click();
  await page.locator('.deleted-note').getByRole('button', { name: 'Restore SQL…' }).click();
  const restore = page.getByTestId('restore-sql');
  await expect(restore).toContainText(`INSERT INTO "public"."Customer"`);
  await expect(restore).toContainText(`VALUES (${deleted!.id}, '${deleted!.name.replaceAll("'", "''")}'`);
  await expect(page.locator('.restore-sql-dialog')).toContainText('never runs this statement');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'restore-sql.png') });
});
