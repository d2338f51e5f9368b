/**
 * What changed, at a glance (issue 11, part 1), in a real browser against the demo replica: the
 * log's Changes view (one row per field change, paged exactly like the log), the entry's Field |
 * Old | New table, long texts as the words that changed, compare with the differences first, a
 * deletion marked once, and Activity with old → new in its rows at 1024 × 640. Every expectation
 * is computed from the database, read through a separate connection.
 */
import path from 'node:path';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { fieldLabel } from '../../shared/field-label';
import { E2E } from './e2e-setup';
import { database, logRows, openRecord, SCREENSHOTS, selectTable, type LogRow } from './helpers';

// These tests read long logs page by page on a machine that may be shared: wait longer than the default.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

const LONG = { table: 'Customer', key: 'CustomerID', id: 1 };
const COMMON = new Set(['ID', 'CustomerID', 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP']);
const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const shot = (name: string) => path.join(SCREENSHOTS, name);

/** Opens the app (as helpers.openApp does, with this spec's longer wait for the first paint). */
async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.getByRole('grid')).toBeVisible();
}

/** The fields an entry changed, in the log's column order (the Changes view's order within an entry). */
function changedFields(row: LogRow, previous: LogRow | undefined): string[] {
  const fields = Object.keys(row).filter((c) => !COMMON.has(c));
  if (row.ChangeCue === 'Unchanged' || row.ChangeCue === 'Deleted' || fields.every((f) => isEmpty(row[f]))) return [];
  const previousKnown = previous !== undefined && !fields.every((f) => isEmpty(previous[f]));
  if (row.ChangeCue === 'Added' || !previousKnown) return fields.filter((f) => !isEmpty(row[f]));
  return fields.filter((f) => row[f] !== previous[f] && !(isEmpty(row[f]) && isEmpty(previous[f])));
}

/** The Changes view's row keys for a log, newest first: `logId:field`, or `logId` for an entry told in one row. */
function expectedRowKeys(rows: LogRow[]): string[] {
  return rows.flatMap((row, i) => {
    const fields = changedFields(row, rows[i + 1]);
    return fields.length ? fields.map((f) => `${row.ID}:${f}`) : [String(row.ID)];
  });
}

async function openLog(page: Page): Promise<number> {
  await openApp(page);
  await openRecord(page, LONG.table, LONG.id);
  const started = Date.now();
  await page.locator('.audit-icon').click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  return started;
}

async function shownRowKeys(page: Page): Promise<string[]> {
  return page.locator('.changes-view .data-grid-row[data-row-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-row-key') ?? ''));
}

test('the Changes view lists one row per field change, old → new, paged exactly like the log; a row opens its entry', async ({ page }) => {
  const started = await openLog(page);
  await page.getByRole('radio', { name: 'Changes' }).click();
  await expect(page.locator('.changes-view .data-grid-row[data-row-key]').first()).toBeVisible();
  const took = Date.now() - started;
  test.info().annotations.push({ type: 'first page of the Changes view (1,389-entry log), ms', description: String(took) });
  console.log(`The Changes view's first page for the 1,389-entry log showed ${took} ms after the audit icon was clicked.`);

  const rows = logRows(LONG.table, LONG.key, LONG.id);
  const expected = expectedRowKeys(rows);
  let shown = await shownRowKeys(page);
  expect(shown.length).toBeGreaterThan(10);
  expect(shown).toEqual(expected.slice(0, shown.length));

  // The first row: when, who, the field's one name, and old → new as the database holds them.
  const [first] = rows;
  const field = changedFields(first!, rows[1])[0]!;
  const row = page.locator(`.changes-view .data-grid-row[data-row-key="${first!.ID}:${field}"]`);
  await expect(row).toContainText(first!.ByName);
  await expect(row).toContainText(fieldLabel(field));
  await expect(row.getByTestId('change-values')).toHaveText(`${String(rows[1]![field])} → ${String(first![field])}`);
  await page.screenshot({ path: shot('changes-view.png') });

  // Further pages of entries become their rows: nothing lost or repeated across pages.
  const grid = page.getByRole('grid', { name: 'Field changes, newest first' });
  await grid.click({ position: { x: 40, y: 45 } });
  for (let i = 0; i < 4; i++) {
    await grid.press('End');
    await page.waitForTimeout(300);
  }
  const selectedKey = await page.locator('.changes-view .data-grid-row.selected').getAttribute('data-row-key');
  expect(expected.indexOf(selectedKey!)).toBeGreaterThanOrEqual(150);
  shown = await shownRowKeys(page);
  const start = expected.indexOf(shown[0]!);
  expect(start).toBeGreaterThan(0);
  expect(shown).toEqual(expected.slice(start, start + shown.length));

  // A row opens its entry.
  const target = page.locator('.changes-view .data-grid-row.selected');
  const logId = selectedKey!.split(':')[0]!;
  await target.getByRole('button', { name: 'Open this entry' }).click();
  await expect(page.locator('.entry-detail')).toHaveAttribute('data-log-id', logId);
  await expect(page.locator('.log-entry[aria-selected="true"]')).toHaveAttribute('data-log-id', logId);
});

test('the entry shows a Field | Old | New table above the form, in the same names as the form', async ({ page }) => {
  await openLog(page);
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  const [first] = rows;
  const fields = changedFields(first!, rows[1]);
  const table = page.locator('.entry-detail [data-testid="changes-table"]');
  await expect(table.locator('tbody tr')).toHaveCount(fields.length);
  for (const field of fields) {
    const line = table.locator(`tr[data-field="${field}"]`);
    await expect(line.locator('th')).toHaveText(fieldLabel(field));
    await expect(line.locator('.changes-old')).toHaveText(isEmpty(rows[1]![field]) ? '(empty)' : String(rows[1]![field]));
    await expect(line.locator('.changes-new')).toHaveText(String(first![field]));
    // One name per field: the form's label is the table's.
    await expect(page.locator(`.entry-detail .record-field[data-field="${field}"] .record-field-label`)).toHaveText(fieldLabel(field));
  }
  // The table is above the form.
  const tableBox = await table.boundingBox();
  const formBox = await page.locator('.entry-detail .record-form').boundingBox();
  expect(tableBox!.y).toBeLessThan(formBox!.y);
  await page.screenshot({ path: shot('entry-changes-table.png') });
});

test('a long note shows the words that changed, never two identical beginnings', async ({ page }) => {
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  // The newest entry that changed Notes where both texts are long and begin alike.
  const index = rows.findIndex((row, i) => {
    const before = rows[i + 1]?.Notes;
    const after = row.Notes;
    return typeof before === 'string' && typeof after === 'string' && before !== after && before.length > 80 && after.length > 80 && before.slice(0, 60) === after.slice(0, 60);
  });
  expect(index).toBeGreaterThan(0);
  const before = rows[index + 1]!.Notes as string;
  const after = rows[index]!.Notes as string;
  await openLog(page);
  const list = page.getByRole('listbox', { name: /Audit log entries/ });
  // Page Down, then arrows, to the entry (each key selects an entry and shows it).
  const selectedIndex = async () => {
    const id = await page.locator('.log-entry[aria-selected="true"]').getAttribute('data-log-id');
    return rows.findIndex((r) => String(r.ID) === id);
  };
  for (let at = await selectedIndex(); at !== index; at = await selectedIndex()) await list.press(at < index - 12 ? 'PageDown' : at < index ? 'ArrowDown' : 'ArrowUp');
  await expect(page.locator('.entry-detail')).toHaveAttribute('data-log-id', String(rows[index]!.ID));

  const notes = page.locator('.entry-detail [data-testid="changes-table"] tr[data-field="Notes"]');
  const oldText = (await notes.locator('.changes-old').innerText()).trim();
  const newText = (await notes.locator('.changes-new').innerText()).trim();
  expect(oldText).not.toBe(newText);
  // The words only the new text has are marked, as text.
  const added = (await notes.locator('.changes-new ins.diff-added').allInnerTexts()).join(' ');
  expect(added.trim().length).toBeGreaterThan(0);
  for (const word of added.split(/\s+/).filter((w) => w.length > 3)) expect(after).toContain(word.replace(/…$/, ''));
  // The one-line summary in the list does not repeat one beginning twice either.
  const summary = await page.locator('.log-entry[aria-selected="true"] .log-entry-summary').innerText();
  const twice = /^Notes changed from (.*) to (.*)$/.exec(summary);
  if (twice) expect(twice[1]).not.toBe(twice[2]);
  else expect(summary).toMatch(/^Notes changed: (added|removed) /);
  expect(before.length).toBeGreaterThan(0);
  await page.screenshot({ path: shot('entry-long-text.png') });
});

test('compare shows only the fields that differ, and all of them, differing first, on request', async ({ page }) => {
  await openLog(page);
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  const fields = Object.keys(rows[0]!).filter((c) => !COMMON.has(c));
  const differing = fields.filter((f) => rows[0]![f] !== rows[1]![f] && !(isEmpty(rows[0]![f]) && isEmpty(rows[1]![f])));
  expect(differing.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Compare with previous' }).click();
  const compare = page.getByTestId('compare');
  await expect(compare.locator('[data-testid="changes-table"] tbody tr')).toHaveCount(differing.length);
  const older = compare.locator('.compare-side').first();
  await expect(older.locator('.record-field')).toHaveCount(differing.length);
  await compare.getByText('Show all fields').click();
  await expect.poll(async () => older.locator('.record-field').count()).toBeGreaterThan(differing.length);
  const order = await older.locator('.record-field').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
  expect(order.slice(0, differing.length).sort()).toEqual([...differing].sort());
  await page.screenshot({ path: shot('compare-differences-first.png') });
});

test('a deleted record\'s Deleted entry is marked once, not a red box on every field', async ({ page }) => {
  const [deleted] = database()
    .prepare(
      `SELECT l.CustomerID AS id, l.ID AS logId FROM Customer_log l
       WHERE l.ChangeCue = 'Deleted' AND l.CustomerID NOT IN (SELECT ID FROM Customer)
       ORDER BY l.ByTime DESC, l.ID DESC LIMIT 1`,
    )
    .all() as Array<{ id: number; logId: number }>;
  await openApp(page);
  await selectTable(page, 'Customer');
  await page.getByRole('tab', { name: 'Deleted records' }).click();
  await page.locator(`.data-grid-row[data-row-key="${deleted!.id}"]`).dblclick();
  const detail = page.locator('.entry-detail');
  await expect(detail).toHaveAttribute('data-log-id', String(deleted!.logId));
  await expect(detail.getByTestId('entry-deleted')).toHaveCount(1);
  await expect(detail.locator('.record-field[data-changed="true"]')).toHaveCount(0);
  await expect(detail.locator('.record-form.removed')).toHaveCount(0);
  await expect(detail.locator('[data-testid="changes-table"]')).toHaveCount(0);
  await page.screenshot({ path: shot('deleted-entry.png') });
  // In the Changes view too, the deletion is one row.
  await page.getByRole('radio', { name: 'Changes' }).click();
  const rows = page.locator(`.changes-view .data-grid-row[data-row-key^="${deleted!.logId}"]`);
  await expect(rows).toHaveCount(1);
  await expect(rows.getByTestId('change-values')).toHaveText('Record deleted');
});

test('Activity shows old → new in its rows, and at 1024 × 640 nothing is pushed off screen', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await openApp(page);
  await page.locator('[data-view="activity"]').click();
  const firstRow = page.locator('.activity-view .data-grid-row[data-row-key]').first();
  await expect(firstRow).toBeVisible();
  const edits = page.locator('.activity-view .activity-change');
  await expect(edits.first()).toBeVisible();
  await expect(edits.first()).toContainText('→');
  // Every column, the changes last, starts and ends inside the window.
  const header = page.locator('.activity-view .data-grid-header [role="columnheader"]');
  await expect(header.last()).toHaveText('Changes');
  for (const box of await header.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, width: r.width }; }))) {
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
  }
  const grid = await page.locator('.activity-view .data-grid').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  expect(grid.scroll).toBeLessThanOrEqual(grid.client);
  // A cell cut short keeps its whole text a hover away.
  const cell = firstRow.locator('[role="gridcell"]').last();
  expect((await cell.getAttribute('title'))?.length ?? 0).toBeGreaterThan(0);
  await page.screenshot({ path: shot('activity-old-new-1024.png') });
});
