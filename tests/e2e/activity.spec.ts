/**
 * Activity (issue 5) in a real browser against the demo replica: every change across the logged
 * tables, newest first, filtered by person, table, field; each row opens its record. Every
 * assertion is checked against the database, read through a separate connection.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fieldLabel } from '../../renderer/format/values';
import { E2E } from './e2e-setup';
import { database, openApp, SCREENSHOTS, type LogRow } from './helpers';

const count = (n: number) => n.toLocaleString('en-GB');
const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

interface ActivityRow extends LogRow {
  table: string;
  parent: number;
}

/** The logged tables and the column each log keeps its record's id in (the log's second column). */
function loggedTables(): Array<{ table: string; parentKey: string; fields: string[] }> {
  const db = database();
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_log' ESCAPE '\\'").all() as Array<{ name: string }>).map(
    (r) => r.name.slice(0, -4),
  );
  return names.map((table) => {
    const cols = (db.prepare(`PRAGMA table_info("${table}_log")`).all() as Array<{ name: string }>).map((c) => c.name);
    const parentKey = cols[1]!;
    const fields = cols.filter((c) => !['ID', parentKey, 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP'].includes(c));
    return { table, parentKey, fields };
  });
}

/** Every log row of every table (optionally narrowed), newest first as Activity orders them. */
function activity(where = '', params: unknown[] = [], only?: string[]): ActivityRow[] {
  const rows: ActivityRow[] = [];
  for (const { table, parentKey } of loggedTables()) {
    if (only && !only.includes(table)) continue;
    const sqlText = `SELECT *, '${table}' AS "table", "${parentKey}" AS parent FROM "${table}_log" ${where ? `WHERE ${where}` : ''}`;
    rows.push(...(database().prepare(sqlText).all(...params) as ActivityRow[]));
  }
  return rows.sort((a, b) => (a.ByTime < b.ByTime ? 1 : a.ByTime > b.ByTime ? -1 : a.table < b.table ? -1 : a.table > b.table ? 1 : b.ID - a.ID));
}

/** The fields a row changed, from the raw rows (as the log's boxes show them). */
function changedFields(row: ActivityRow): string[] {
  const info = loggedTables().find((t) => t.table === row.table)!;
  if (row.ChangeCue === 'Unchanged' || info.fields.every((f) => isEmpty(row[f]))) return [];
  const [previous] = database()
    .prepare(`SELECT * FROM "${row.table}_log" WHERE "${info.parentKey}" = ? AND (ByTime < ? OR (ByTime = ? AND ID < ?)) ORDER BY ByTime DESC, ID DESC LIMIT 1`)
    .all(row.parent, row.ByTime, row.ByTime, row.ID) as LogRow[];
  const previousKnown = previous !== undefined && !info.fields.every((f) => isEmpty(previous[f]));
  if (row.ChangeCue === 'Added' || row.ChangeCue === 'Deleted' || !previousKnown) return info.fields.filter((f) => !isEmpty(row[f]));
  return info.fields.filter((f) => row[f] !== previous[f] && !(isEmpty(row[f]) && isEmpty(previous[f])));
}

const keyOf = (r: ActivityRow) => `${r.table}:${r.ID}`;

async function openActivity(page: Page) {
  await openApp(page);
  await page.locator('[data-view="activity"]').click();
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(page.locator('.activity-view .data-grid-row[data-row-key]').first()).toBeVisible();
}

async function shownKeys(page: Page): Promise<string[]> {
  return page.locator('.activity-view .data-grid-row[data-row-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-row-key') ?? ''));
}

/** Waits for the count to settle and returns its text. */
async function countText(page: Page): Promise<string> {
  const counter = page.getByTestId('activity-count');
  await expect(counter).toHaveAttribute('data-state', 'counted');
  return (await counter.textContent()) ?? '';
}

test('Activity lists every change across the tables, newest first, exactly as in the database, with the changes in the row', async ({ page }) => {
  const truth = activity();
  await openActivity(page);
  expect(await countText(page)).toBe(`${count(truth.length)} changes`);
  let shown = await shownKeys(page);
  expect(shown.length).toBeGreaterThan(10);
  expect(shown).toEqual(truth.slice(0, shown.length).map(keyOf));
  // The newest changes come from more than one table.
  expect(new Set(truth.slice(0, shown.length).map((r) => r.table)).size).toBeGreaterThan(1);

  // The changed fields are named right in the row.
  for (const row of truth.slice(0, 12)) {
    const cell = page.locator(`.data-grid-row[data-row-key="${keyOf(row)}"] [data-testid="changed-fields"]`);
    const fields = changedFields(row);
    if (row.ChangeCue === 'Unchanged') await expect(cell).toHaveText('Saved with a related record');
    else if (row.ChangeCue === 'Deleted') await expect(cell).toHaveText('Record deleted');
    else if (row.ChangeCue === 'Added') await expect(cell).toHaveText(`Created: ${fields.map(fieldLabel).join(', ')}`);
    else {
      // An edit shows each field's old → new right in the row.
      await expect(cell.locator('.activity-change')).toHaveCount(fields.length);
      for (const field of fields) await expect(cell.locator(`.activity-change[data-field="${field}"]`)).toContainText(`${fieldLabel(field)} `);
    }
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'activity.png') });

  // Further pages are read by key as the list scrolls, still in the database's order.
  const grid = page.getByRole('grid', { name: 'Activity, newest first' });
  await grid.click({ position: { x: 40, y: 45 } });
  for (let i = 0; i < 3; i++) {
    await grid.press('End');
    await page.waitForTimeout(250);
  }
  await expect.poll(async () => (await shownKeys(page)).length).toBeGreaterThan(0);
  const selectedKey = await page.locator('.activity-view .data-grid-row.selected').getAttribute('data-row-key');
  const index = truth.findIndex((r) => keyOf(r) === selectedKey);
  expect(index).toBeGreaterThanOrEqual(250);
  shown = await shownKeys(page);
  const start = truth.findIndex((r) => keyOf(r) === shown[0]);
  expect(shown).toEqual(truth.slice(start, start + shown.length).map(keyOf));
});

test('Mine and one person narrow Activity to their changes, across tables', async ({ page }) => {
  await openActivity(page);
  const filters = page.locator('.activity-filters');

  await filters.getByRole('radio', { name: 'Mine' }).click();
  const mine = activity('ByID = ?', [E2E.minePersonId]);
  expect(mine.length).toBeGreaterThan(0);
  await expect.poll(() => countText(page)).toBe(`${count(mine.length)} ${mine.length === 1 ? 'change' : 'changes'} match`);
  const shownMine = await shownKeys(page);
  expect(shownMine).toEqual(mine.slice(0, shownMine.length).map(keyOf));

  await filters.getByRole('radio', { name: 'Person' }).click();
  await page.locator('.activity-filters .person-picker').click();
  const person = { id: 11, name: 'Tom Gallagher' };
  await page.getByPlaceholder('Find a person…').fill('Gallagher');
  await page.getByRole('option', { name: new RegExp(person.name) }).click();
  const theirs = activity('ByID = ?', [person.id]);
  await expect(page.locator('.activity-filters .person-picker')).toHaveText(person.name);
  await expect.poll(() => countText(page)).toBe(`${count(theirs.length)} changes match`);
  const shown = await shownKeys(page);
  expect(shown).toEqual(theirs.slice(0, shown.length).map(keyOf));
  // The person column says who made each change, by the name the log kept.
  const people = await page.locator('.activity-view .data-grid-row[data-row-key] [role="gridcell"]:nth-child(2)').allTextContents();
  expect(new Set(people)).toEqual(new Set(theirs.slice(0, shown.length).map((r) => r.ByName)));
});

test('a table and a field: every change to Contact Phone, and nothing else', async ({ page }) => {
  await openActivity(page);
  await page.getByRole('textbox', { name: 'Tables', exact: true }).click();
  await page.getByRole('option', { name: 'Contact', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Field changed' }).click();
  await page.getByPlaceholder('Find a field…').fill('Phone');
  await page.getByRole('option', { name: 'Phone', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Field changed' })).toHaveText('Phone');

  const truth = activity('', [], ['Contact']).filter((r) => changedFields(r).includes('Phone'));
  expect(truth.length).toBeGreaterThan(20);
  await expect.poll(async () => (await shownKeys(page))[0]).toBe(keyOf(truth[0]!));
  const shown = await shownKeys(page);
  expect(shown.length).toBeGreaterThan(5);
  expect(shown).toEqual(truth.slice(0, shown.length).map(keyOf));
  for (const text of await page.locator('.activity-view [data-testid="changed-fields"]').allTextContents()) expect(text).toMatch(/Phone|Record deleted/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'activity-phone.png') });
  // The dark theme keeps the view readable.
  await page.getByRole('button', { name: 'Toggle dark theme' }).click();
  await expect(page.locator('body.bp6-dark')).toHaveCount(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'activity-dark.png') });
});

test('a row opens its record\u2019s properties window; a deleted record opens on its log', async ({ page }) => {
  await openActivity(page);
  const truth = activity();
  const db = database();
  const exists = (r: ActivityRow) => db.prepare(`SELECT 1 FROM "${r.table}" WHERE ID = ?`).get(r.parent) !== undefined;
  const shown = new Set(await shownKeys(page));
  const live = truth.find((r) => shown.has(keyOf(r)) && r.ChangeCue === 'Modified' && exists(r))!;
  expect(live).toBeDefined();
  await page.locator(`.data-grid-row[data-row-key="${keyOf(live)}"]`).dblclick();
  const dialog = page.locator('.properties-dialog');
  await expect(dialog.locator('.properties-title')).toContainText(`${live.table} ${live.parent}`);
  await expect(dialog.locator('.record-field').first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A deleted record: filter to Deleted, open with Enter.
  await page.getByRole('textbox', { name: 'Change cues', exact: true }).click();
  await page.getByRole('option', { name: 'Deleted', exact: true }).click();
  await page.keyboard.press('Escape');
  const deleted = truth.filter((r) => r.ChangeCue === 'Deleted' && !exists(r));
  expect(deleted.length).toBeGreaterThan(0);
  await expect.poll(async () => (await shownKeys(page))[0]).toBe(keyOf(deleted[0]!));
  const grid = page.getByRole('grid', { name: 'Activity, newest first' });
  await grid.focus();
  await grid.press('Enter');
  await expect(dialog.locator('.properties-title')).toContainText(`${deleted[0]!.table} ${deleted[0]!.parent}`);
  await expect(dialog.getByText('Deleted — last logged snapshot')).toBeVisible();
  await expect(dialog.locator('.log-entry[data-log-id]').first()).toHaveAttribute('data-log-id', String(deleted[0]!.ID));
});

test('a change set leads from an Unchanged parent entry to the child change saved with it, and opens it', async ({ page }) => {
  // A customer whose newest entry is Unchanged, saved together with a contact's change.
  const [pair] = database()
    .prepare(
      `SELECT cl.CustomerID AS customer, cl.ID AS logId, co.ContactID AS contact, co.ID AS contactLogId FROM Customer_log cl
       JOIN Contact_log co ON co.ByID = cl.ByID AND co.ByTime = cl.ByTime
       WHERE cl.ChangeCue = 'Unchanged' AND cl.ID = (SELECT ID FROM Customer_log x WHERE x.CustomerID = cl.CustomerID ORDER BY ByTime DESC, ID DESC LIMIT 1)
       AND EXISTS (SELECT 1 FROM Customer WHERE ID = cl.CustomerID) AND EXISTS (SELECT 1 FROM Contact WHERE ID = co.ContactID)
       ORDER BY cl.ByTime DESC LIMIT 1`,
    )
    .all() as Array<{ customer: number; logId: number; contact: number; contactLogId: number }>;
  expect(pair).toBeDefined();
  await openApp(page);
  // Open the customer through Activity (a Customer-only, Unchanged filter finds its entry quickly).
  await page.locator('[data-view="activity"]').click();
  await page.getByRole('textbox', { name: 'Tables', exact: true }).click();
  await page.getByRole('option', { name: 'Customer', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Change cues', exact: true }).click();
  await page.getByRole('option', { name: 'Unchanged', exact: true }).click();
  await page.keyboard.press('Escape');
  const row = page.locator(`.data-grid-row[data-row-key="Customer:${pair!.logId}"]`);
  const grid = page.getByRole('grid', { name: 'Activity, newest first' });
  await expect(grid).toBeVisible();
  for (let i = 0; i < 30 && !(await row.isVisible()); i++) {
    await grid.focus();
    await grid.press('PageDown');
  }
  await row.dblclick();
  const dialog = page.locator('.properties-dialog');
  // The row opens its record on its entry (issue 11).
  await expect(dialog.locator('.log-entry.selected')).toHaveAttribute('data-log-id', String(pair!.logId));
  const set = dialog.getByTestId('change-set');
  await expect(set).toContainText('Saved together with:');
  const link = set.locator(`li[data-table="Contact"][data-log-id="${pair!.contactLogId}"] .change-set-link`);
  await expect(link).toContainText(`Contact ${pair!.contact}`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'change-set.png') });
  await link.click();
  await expect(dialog.locator('.properties-title')).toContainText(`Contact ${pair!.contact}`);
  await expect(dialog.locator('.log-entry.selected')).toHaveAttribute('data-log-id', String(pair!.contactLogId));
  // And back: the contact's entry leads to the customer's.
  await expect(dialog.getByTestId('change-set').locator(`li[data-table="Customer"][data-log-id="${pair!.logId}"]`)).toBeVisible();
});
