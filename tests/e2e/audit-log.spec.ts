/**
 * The whole desktop flow in a real browser, against the web shell on the demo replica: every
 * assertion is checked against the database itself, read through a separate connection.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E } from './e2e-setup';
import {
  boxedFields,
  database,
  firstRecordedRecord,
  logRows,
  openApp,
  openBySearch,
  openRecord,
  SCREENSHOTS,
  selectTable,
  shownLogIds,
  type LogRow,
} from './helpers';

/** Customer 1 has the demo's long log (about 1,400 entries). */
const LONG = { table: 'Customer', key: 'CustomerID', id: 1 };
const COMMON = new Set(['ID', 'CustomerID', 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP']);
const count = (n: number) => n.toLocaleString('en-GB');

const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** The fields an entry changed, from the raw rows: what the boxes must show. */
function expectedChanges(row: LogRow, previous: LogRow | undefined): string[] {
  const fields = Object.keys(row).filter((c) => !COMMON.has(c));
  // A deletion is marked once, above the record's last values: no field is boxed.
  if (row.ChangeCue === 'Unchanged' || row.ChangeCue === 'Deleted' || fields.every((f) => isEmpty(row[f]))) return [];
  const previousKnown = previous !== undefined && !fields.every((f) => isEmpty(previous[f]));
  if (row.ChangeCue === 'Added' || !previousKnown) return fields.filter((f) => !isEmpty(row[f])).sort();
  return fields.filter((f) => row[f] !== previous[f] && !(isEmpty(row[f]) && isEmpty(previous[f]))).sort();
}

async function openLongLog(page: Page) {
  await openApp(page);
  await openRecord(page, LONG.table, LONG.id);
  await page.locator('.audit-icon').click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
}

test('the main window lists the logged tables with their record counts', async ({ page }) => {
  await openApp(page);
  const db = database();
  for (const table of ['Customer', 'Contact', 'Audit', 'Finding', 'Person', 'Service Order']) {
    const { n } = db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
    await expect(page.locator(`[data-table="${table}"]`)).toContainText(count(n));
  }
  await selectTable(page, 'Customer');
  await expect(page.locator('.data-grid-row[data-row-key="1"]')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'main-window.png') });
});

test('a record with a log has the yellow audit icon, whose tooltip says how many entries', async ({ page }) => {
  await openApp(page);
  await openRecord(page, LONG.table, LONG.id);
  const entries = logRows(LONG.table, LONG.key, LONG.id).length;
  expect(entries).toBeGreaterThan(1000);
  const icon = page.locator('.properties-header .audit-icon');
  await expect(icon).toBeVisible();
  await expect(icon).toHaveCSS('background-color', 'rgb(240, 183, 38)');
  await icon.hover();
  await expect(page.locator('.bp6-tooltip')).toContainText(`Audit log: ${count(entries)} log entries`);
  await expect(page.locator('.properties-dialog .record-field[data-field="Name"]')).toContainText('Albion');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'properties-window.png') });
  // Yellow in the dark theme too, whose buttons Blueprint paints with rules of their own.
  await page.locator('body').evaluate((body) => body.classList.add('bp6-dark'));
  await page.mouse.move(0, 0);
  await expect(icon).toHaveCSS('background-color', 'rgb(240, 183, 38)');
  await expect(icon.locator('.bp6-icon')).toHaveCSS('color', 'rgb(28, 33, 39)');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'properties-window-dark.png') });
});

test('a record without a log has no audit icon', async ({ page }) => {
  const [row] = database()
    .prepare('SELECT ID AS id FROM Audit WHERE ID NOT IN (SELECT AuditID FROM Audit_log) ORDER BY ID LIMIT 1')
    .all() as Array<{ id: number }>;
  expect(row).toBeDefined();
  await openApp(page);
  await openRecord(page, 'Audit', row!.id);
  await expect(page.locator('.properties-dialog .record-field').first()).toBeVisible();
  await expect(page.locator('.properties-dialog')).toContainText('This record has no log entries');
  await expect(page.locator('.audit-icon')).toHaveCount(0);
});

test('the log is newest first, exactly as in the database, and reads further pages as it scrolls', async ({ page }) => {
  await openLongLog(page);
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  const shown = await shownLogIds(page);
  expect(shown.length).toBeGreaterThan(5);
  expect(shown).toEqual(rows.slice(0, shown.length).map((r) => r.ID));
  // End moves to the last entry read so far; each time, the next page is read behind it.
  const list = page.getByRole('listbox', { name: /Audit log entries/ });
  for (let i = 0; i < 4; i++) {
    await list.press('End');
    await page.waitForTimeout(300);
  }
  // End reads on, page by page, behind the selection: wait for the selection to land there (a fixed
  // wait raced the reads on a busy machine), then check the entries around it.
  const position = async () => {
    const selected = Number(await page.locator('.log-entry[aria-selected="true"]').getAttribute('data-log-id'));
    return rows.findIndex((r) => r.ID === selected);
  };
  await expect.poll(position, { timeout: 45_000 }).toBeGreaterThanOrEqual(150);
  const around = await shownLogIds(page);
  const start = rows.findIndex((r) => r.ID === around[0]);
  expect(around).toEqual(rows.slice(start, start + around.length).map((r) => r.ID));
});

test('selecting an entry boxes exactly the fields it changed, with the value before', async ({ page }) => {
  await openLongLog(page);
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  const list = page.getByRole('listbox', { name: /Audit log entries/ });
  let checkedWithChanges = 0;
  for (let i = 0; i < 8; i++) {
    const row = rows[i]!;
    await expect(page.locator('.entry-detail')).toHaveAttribute('data-log-id', String(row.ID));
    const expected = expectedChanges(row, rows[i + 1]);
    expect(await boxedFields(page), `entry ${row.ID} (${row.ChangeCue})`).toEqual(expected);
    if (expected.length > 0 && row.ChangeCue === 'Modified') {
      checkedWithChanges++;
      const field = expected[0]!;
      const before = rows[i + 1]![field];
      const box = page.locator(`.entry-detail .record-field[data-field="${field}"] .record-field-before`);
      await expect(box).toContainText('was');
      if (!isEmpty(before) && typeof before !== 'object') await expect(box).toContainText(String(before).slice(0, 20));
    }
    if (i === 1) await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-log-entry-selected.png') });
    await list.press('ArrowDown');
  }
  expect(checkedWithChanges).toBeGreaterThan(3);
});

test('an Added entry boxes every field it set, and Unchanged entries box none and are muted', async ({ page }) => {
  // End reads the whole log (1,389 entries, page by page) to reach its first entry: slow on a busy machine.
  test.setTimeout(150_000);
  await openLongLog(page);
  const rows = logRows(LONG.table, LONG.key, LONG.id);
  const list = page.getByRole('listbox', { name: /Audit log entries/ });
  const unchanged = rows.findIndex((r) => r.ChangeCue === 'Unchanged');
  if (unchanged >= 0 && unchanged < 200) {
    for (let i = 0; i < unchanged; i++) await list.press('ArrowDown');
    await expect(page.locator('.entry-detail')).toHaveAttribute('data-log-id', String(rows[unchanged]!.ID));
    expect(await boxedFields(page)).toEqual([]);
    await expect(page.locator('.log-entry[aria-selected="true"]')).toHaveClass(/unchanged/);
  }
  // The first entry of all is the record's creation.
  // End reads on to the oldest entry of the whole log (not of the pages read so far).
  await list.press('End');
  const last = rows[rows.length - 1]!;
  await expect(page.locator('.entry-detail')).toHaveAttribute('data-log-id', String(last.ID), { timeout: 45_000 });
  expect(await boxedFields(page)).toEqual(expectedChanges(last, undefined));
});

test('an entry with nothing known before it shows its values as first recorded, never changed from (empty) by its person', async ({ page }) => {
  // A log that starts with Modified (logging began later), and an entry right after a legacy row.
  for (const after of ['nothing', 'legacy'] as const) {
    const record = firstRecordedRecord('Contact', 'ContactID', after, (e) => !isEmpty(e.LastName) && !isEmpty(e.Phone));
    const { entry } = record;
    await openApp(page);
    await openBySearch(page, 'Contact', record.id, String(entry.LastName));
    const dialog = page.locator('.properties-dialog');
    await dialog.locator('.audit-icon').click();
    await expect(dialog.locator('.log-entry[data-log-id]').first()).toBeVisible();
    const list = page.getByRole('listbox', { name: /Audit log entries/ });
    await list.press('End');
    for (let i = record.index; i < record.rows.length - 1; i++) await list.press('ArrowUp');
    const detail = dialog.locator('.entry-detail');
    await expect(detail).toHaveAttribute('data-log-id', String(entry.ID));
    await expect(detail).toHaveAttribute('data-first-recorded', 'true');

    // Every value it holds is boxed, as first recorded, with its earlier value unknown.
    const expected = record.fields.filter((f) => !isEmpty(entry[f])).sort();
    expect(await boxedFields(page), `${after}: entry ${entry.ID}`).toEqual(expected);
    for (const field of expected) {
      await expect(detail.locator(`.record-field[data-field="${field}"] .record-field-before`)).toHaveText('first recorded earlier value unknown');
    }
    // The entry is its person's, but the values are not credited to them.
    const heading = detail.locator('.entry-heading h5');
    await expect(heading).toContainText('First recorded on');
    await expect(heading).toContainText(`in ${entry.ByName}'s entry`);
    await expect(heading).not.toContainText(' by ');
    await expect(detail.locator('.entry-narrative li').first()).toContainText('First recorded:');
    // The changes table says the same: the earlier value is unknown, never empty.
    const phone = detail.locator('[data-testid="changes-table"] tr[data-field="Phone"]');
    await expect(phone.locator('.changes-old')).toHaveText('first recorded (earlier value unknown)');
    await expect(phone.locator('.changes-new')).toHaveText(String(entry.Phone));
    const text = await detail.innerText();
    expect(text).not.toContain('(empty)');
    expect(text).not.toMatch(/\bset to\b|\bchanged from\b|\bwas\b/);
    await expect(dialog.locator('.log-entry[aria-selected="true"] .log-entry-summary')).toHaveText(
      `First recorded with ${expected.length} ${expected.length === 1 ? 'field' : 'fields'}`,
    );
    if (after === 'nothing') await page.screenshot({ path: path.join(SCREENSHOTS, '..', 'first-recorded-entry.png') });
    else {
      // Compared with the legacy entry before it: unknown values differ from nothing, so nothing is boxed.
      await dialog.getByRole('button', { name: 'Compare with previous' }).click();
      const compare = dialog.getByTestId('compare');
      await expect(compare.getByTestId('compare-summary')).toHaveText('The older entry is a legacy entry: the log kept no values for it, so what differs is unknown.');
      await expect(compare.locator('.record-field[data-changed="true"]')).toHaveCount(0);
      expect(await compare.innerText()).not.toContain('(empty)');
    }
  }
});

test('Modified By: Mine shows only my entries, and the bar counts them', async ({ page }) => {
  await openLongLog(page);
  const mine = logRows(LONG.table, LONG.key, LONG.id, 'AND ByID = ?', [E2E.minePersonId]);
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  await page.locator('.expander-toggle').click();
  await page.getByRole('radio', { name: 'Mine' }).click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(mine.length)} of ${count(all)} entries`);
  const shown = await shownLogIds(page);
  expect(shown).toEqual(mine.slice(0, shown.length).map((r) => r.ID));
  await expect(page.locator('.log-entry-by').first()).toContainText(mine[0]!.ByName);
});

test('Modified By: Person narrows the log to the person picked', async ({ page }) => {
  await openLongLog(page);
  const person = { id: 11, name: 'Tom Gallagher' };
  const theirs = logRows(LONG.table, LONG.key, LONG.id, 'AND ByID = ?', [person.id]);
  await page.locator('.expander-toggle').click();
  await page.getByRole('radio', { name: 'Person' }).click();
  await page.locator('.person-picker').click();
  await page.getByPlaceholder('Find a person…').fill('Gallagher');
  // The picker's option (the log's entries are options of their own list, and name people too).
  await page.locator('.bp6-popover').getByRole('option', { name: new RegExp(person.name) }).click();
  await expect(page.getByTestId('matching-count')).toHaveText(new RegExp(`^${count(theirs.length)} of `));
  const shown = await shownLogIds(page);
  expect(shown).toEqual(theirs.slice(0, shown.length).map((r) => r.ID));
  // The first entry shown is still compared with the entry before it in the whole log.
  const all = logRows(LONG.table, LONG.key, LONG.id);
  const at = all.findIndex((r) => r.ID === theirs[0]!.ID);
  expect(await boxedFields(page)).toEqual(expectedChanges(all[at]!, all[at + 1]));
});

test('a date range keeps whole local days, across the change to summer time, and Reset puts it back', async ({ page }) => {
  await openLongLog(page);
  // March 2026 in London: from 1 March 00:00 GMT to 1 April 00:00 BST (31 March 23:00 UTC).
  const march = logRows(LONG.table, LONG.key, LONG.id, "AND ByTime >= '2026-03-01 00:00:00' AND ByTime < '2026-03-31 23:00:00'");
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  expect(march.length).toBeGreaterThan(0);
  await page.locator('.expander-toggle').click();
  await page.getByLabel('From day').fill('1 Mar 2026');
  await page.getByLabel('From day').press('Enter');
  await page.getByLabel('To day').fill('31 Mar 2026');
  await page.getByLabel('To day').press('Enter');
  // Click away to close the calendar (Escape would go on to close the properties window).
  await page.getByTestId('matching-count').click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(march.length)} of ${count(all)} entries`);
  const shown = await shownLogIds(page);
  expect(shown).toEqual(march.slice(0, shown.length).map((r) => r.ID));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'expander-bar-open.png') });
  await page.locator('.expander-filters').getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(all)} entries`);
});

test('a deleted record is found under Deleted records, and its log is there to read', async ({ page }) => {
  const [deleted] = database()
    .prepare(
      `SELECT l.CustomerID AS id, l.ByName AS byName FROM Customer_log l
       WHERE l.ChangeCue = 'Deleted' AND l.CustomerID NOT IN (SELECT ID FROM Customer)
       ORDER BY l.ByTime DESC, l.ID DESC LIMIT 1`,
    )
    .all() as Array<{ id: number; byName: string }>;
  expect(deleted).toBeDefined();
  await openApp(page);
  await selectTable(page, 'Customer');
  await page.getByRole('tab', { name: 'Deleted records' }).click();
  const row = page.locator(`.data-grid-row[data-row-key="${deleted!.id}"]`);
  await expect(row).toContainText(deleted!.byName);
  await row.dblclick();
  await expect(page.locator('.properties-dialog')).toContainText('Deleted — last logged snapshot');
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  const rows = logRows('Customer', 'CustomerID', deleted!.id);
  expect(await shownLogIds(page)).toEqual(rows.map((r) => r.ID).slice(0, (await shownLogIds(page)).length));
  await expect(page.locator('.log-entry').first().locator('.cue-tag')).toHaveAttribute('data-cue', 'Deleted');
  await expect(page.locator('.entry-detail')).toContainText('This entry deleted the record');
});

test('the API refuses a call without the token, and the page asks for the printed address', async ({ playwright }) => {
  const stranger = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${E2E.port}` });
  const call = await stranger.post('/api/listTables', { data: {} });
  expect(call.status()).toBe(401);
  expect((await call.json()).error.code).toBe('unauthorized');
  const pageWithoutToken = await stranger.get('/');
  expect(pageWithoutToken.status()).toBe(401);
  expect(await pageWithoutToken.text()).toMatch(/address/i);
  const withToken = await stranger.post('/api/listTables', { data: {}, headers: { 'X-Audit-Token': E2E.token } });
  expect(withToken.status()).toBe(200);
  await stranger.dispose();
});

test('records can be searched and sorted, and Enter opens the selected one', async ({ page }) => {
  await openApp(page);
  await selectTable(page, 'Customer');
  const byNameDesc = database().prepare('SELECT ID AS id FROM Customer ORDER BY Name IS NULL, Name DESC, ID DESC LIMIT 5').all() as Array<{ id: number }>;
  await page.getByRole('columnheader', { name: 'Name' }).click();
  await page.getByRole('columnheader', { name: 'Name' }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  const keys = () => page.locator('.data-grid-row[data-row-key]').evaluateAll((els) => els.slice(0, 5).map((e) => Number(e.getAttribute('data-row-key'))));
  await expect.poll(keys).toEqual(byNameDesc.map((r) => r.id));

  const matches = database().prepare("SELECT ID AS id FROM Customer WHERE Name LIKE '%albion%' ORDER BY Name DESC, ID DESC").all() as Array<{ id: number }>;
  await page.getByRole('textbox', { name: 'Search Customer' }).fill('albion');
  await expect(page.locator('.toolbar-note')).toHaveText(`${matches.length} matching ${matches.length === 1 ? 'record' : 'records'}`);
  await expect.poll(keys).toEqual(matches.slice(0, 5).map((r) => r.id));
  await page.getByRole('grid').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.properties-dialog')).toContainText(/Albion/);
});
