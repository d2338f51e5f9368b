/**
 * The state lives in the address (issue 11, part 2), in a real browser against the demo replica:
 * reload keeps the table, the open record, its log's filter and the selected entry; Back and
 * Forward move through them; an address opened in a new page opens the same view; an Activity row
 * opens its record on that entry, however deep in the log; a bad address says so in one sentence.
 */
import fs from 'node:fs';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { E2E } from './e2e-setup';
import { database, logRows, openRecord, selectTable } from './helpers';

// Finding an entry 1,200 deep reads two pages of 1,000 entries: give a loaded machine room.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 120_000 });

/** Opens the app with its token (as helpers.ts's openApp, with this file's patience). */
async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.getByRole('grid')).toBeVisible();
}

const SHOTS = '/work/shots/ui-address';
fs.mkdirSync(SHOTS, { recursive: true });

const count = (n: number) => n.toLocaleString('en-GB');
/** The address's hash, once written (selection is written when the user pauses). */
const hashOf = (page: Page) => new URL(page.url()).hash;
const dialog = (page: Page) => page.locator('.properties-dialog');
const selectedEntry = (page: Page) => dialog(page).locator('.log-entry.selected');

/** Customer 1: the demo's longest log (about 1,400 entries). */
const LONG = { table: 'Customer', key: 'CustomerID', id: 1 };

test('reload keeps the table, the open record, its log filter and the selected entry', async ({ page }) => {
  await openApp(page);
  await selectTable(page, 'Contact');
  await expect.poll(() => hashOf(page)).toBe('#/table/Contact');
  await openRecord(page, LONG.table, LONG.id);
  await dialog(page).locator('.audit-icon').click();
  await page.locator('.expander-toggle').click();
  await page.getByRole('radio', { name: 'Mine' }).click();
  const mine = logRows(LONG.table, LONG.key, LONG.id, 'AND ByID = ?', [E2E.minePersonId]);
  const all = logRows(LONG.table, LONG.key, LONG.id).length;
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(mine.length)} of ${count(all)} entries`);
  const third = mine[2]!;
  await dialog(page).locator(`.log-entry[data-log-id="${third.ID}"]`).click();
  await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(third.ID));
  await expect.poll(() => hashOf(page)).toBe(`#/table/Customer?record=Customer&id=1&entry=${third.ID}&logBy=mine`);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Customer', exact: true })).toBeVisible();
  await expect(dialog(page).locator('.properties-title')).toContainText('Customer 1');
  await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(third.ID));
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(mine.length)} of ${count(all)} entries`);
  await expect(page.getByRole('radio', { name: 'Mine' })).toBeChecked();
});

test('Back and Forward move through tables, Activity and records; Back from a change-set link returns to the record before', async ({ page }) => {
  await openApp(page);
  await selectTable(page, 'Contact');
  await selectTable(page, 'Audit');
  await page.locator('[data-view="activity"]').click();
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Audit', exact: true })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Contact', exact: true })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Audit', exact: true })).toBeVisible();

  // A customer's Unchanged entry saved together with a contact's change (as in activity.spec.ts).
  const [pair] = database()
    .prepare(
      `SELECT cl.CustomerID AS customer, cl.ID AS logId, co.ContactID AS contact, co.ID AS contactLogId FROM Customer_log cl
       JOIN Contact_log co ON co.ByID = cl.ByID AND co.ByTime = cl.ByTime
       WHERE cl.ChangeCue = 'Unchanged' AND EXISTS (SELECT 1 FROM Customer WHERE ID = cl.CustomerID) AND EXISTS (SELECT 1 FROM Contact WHERE ID = co.ContactID)
       ORDER BY cl.ByTime DESC LIMIT 1`,
    )
    .all() as Array<{ customer: number; logId: number; contact: number; contactLogId: number }>;
  expect(pair).toBeDefined();
  await page.goto(`/#/table/Customer?record=Customer&id=${pair!.customer}&entry=${pair!.logId}`);
  await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(pair!.logId));
  await dialog(page).getByTestId('change-set').locator(`li[data-table="Contact"][data-log-id="${pair!.contactLogId}"] .change-set-link`).click();
  await expect(dialog(page).locator('.properties-title')).toContainText(`Contact ${pair!.contact}`);
  await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(pair!.contactLogId));
  await page.goBack();
  await expect(dialog(page).locator('.properties-title')).toContainText(`Customer ${pair!.customer}`);
  await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(pair!.logId));
  await page.goBack();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Audit', exact: true })).toBeVisible();
  await page.goForward();
  await expect(dialog(page).locator('.properties-title')).toContainText(`Customer ${pair!.customer}`);
});

test('an address opened in a new page opens the same view: Activity, its filters and the open record', async ({ page, context }) => {
  await openApp(page);
  await page.locator('[data-view="activity"]').click();
  await page.getByRole('textbox', { name: 'Change cues', exact: true }).click();
  await page.getByRole('option', { name: 'Deleted', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect.poll(() => hashOf(page)).toBe('#/activity?cue=Deleted');
  const rows = page.locator('.activity-view .data-grid-row[data-row-key]');
  await expect(rows.first()).toBeVisible();
  await rows.first().dblclick();
  await expect(selectedEntry(page)).toBeVisible();
  const shownEntry = await selectedEntry(page).getAttribute('data-log-id');
  const title = await dialog(page).locator('.properties-title').innerText();

  const other = await context.newPage();
  await other.goto(page.url());
  await expect.poll(() => other.locator('.properties-dialog .properties-title').innerText()).toBe(title);
  await expect(other.locator('.properties-dialog .log-entry.selected')).toHaveAttribute('data-log-id', shownEntry!);
  await other.locator('.properties-dialog').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(other.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(other.locator('.activity-filter-bar, .activity-view').getByText('Deleted', { exact: true }).first()).toBeVisible();
  const keys = (p: Page) => p.locator('.activity-view .data-grid-row[data-row-key]').evaluateAll((els) => els.slice(0, 10).map((e) => (e as unknown as { dataset: { rowKey?: string } }).dataset.rowKey));
  await expect.poll(() => keys(other)).toEqual(await keys(page));
  await other.close();
});

for (const size of [
  { width: 1024, height: 640 },
  { width: 1440, height: 900 },
]) {
  test(`an Activity row opens its record on that entry, 1,200 entries deep in its log (${size.width}×${size.height})`, async ({ page }) => {
    await page.setViewportSize(size);
    const log = logRows(LONG.table, LONG.key, LONG.id);
    expect(log.length).toBeGreaterThan(1200);
    // Past the first page the log reads while looking for it.
    const deep = log[1200]!;
    const day = deep.ByTime.slice(0, 10);
    await openApp(page);
    // Activity narrowed by the address itself: that day, that person, Customer.
    await page.goto(`/#/activity?from=${day}&to=${day}&zone=UTC&by=person:${deep.ByID}&table=Customer`);
    const row = page.locator(`.data-grid-row[data-row-key="Customer:${deep.ID}"]`);
    const grid = page.getByRole('grid', { name: 'Activity, newest first' });
    await expect(grid).toBeVisible();
    for (let i = 0; i < 20 && !(await row.isVisible()); i++) await grid.press('PageDown');
    await row.dblclick();
    await expect(dialog(page).locator('.properties-title')).toContainText('Customer 1');
    await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(deep.ID));
    await expect(selectedEntry(page)).toBeInViewport();
    // The whole log is there above it: nothing skipped to reach it.
    await expect(page.getByTestId('matching-count')).toContainText(count(log.length));
    await expect.poll(() => hashOf(page)).toContain(`record=Customer&id=1&entry=${deep.ID}`);
    await page.screenshot({ path: `${SHOTS}/deep-entry-${size.width}x${size.height}.png` });
    // Back closes it, and Activity is as it was.
    await page.goBack();
    await expect(dialog(page)).toHaveCount(0);
    await expect(row).toBeVisible();
  });
}

test('a bad or stale address shows one clear sentence and the nearest view, never a crash', async ({ page }) => {
  await openApp(page);
  const notice = page.getByTestId('address-notice');

  await page.goto('/#/table/Nope');
  await expect(notice).toContainText(/^This database logs no table named "Nope", so \S+ is shown\.$/);
  await expect(page.locator('.app-content h2')).toBeVisible();
  await expect.poll(() => hashOf(page)).toMatch(/^#\/table\/[^/]+$/);
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.screenshot({ path: `${SHOTS}/bad-address-1024x640.png` });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.goto('/#/%E0%A4%A');
  await expect(notice).toHaveText(/garbled/);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);

  await page.goto('/#/activity?from=hello&cue=Exploded');
  await expect(notice).toContainText('Activity’s date "hello" is not a day (YYYY-MM-DD), so it was left out.');
  await expect(notice).toContainText('"Exploded" is not a change Activity can filter by');
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();

  await page.goto('/#/table/Customer?record=Customer&id=999999');
  await expect(dialog(page)).toContainText('No such record');
  await expect(dialog(page)).toContainText('Customer 999999 does not exist and has no log entries.');
  await page.screenshot({ path: `${SHOTS}/record-gone-1440x900.png` });
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('heading', { name: 'Customer', exact: true })).toBeVisible();

  await page.goto('/#/table/Customer?record=Customer&id=1&entry=99999999');
  await expect(dialog(page).getByTestId('missing-entry')).toHaveText("This record's log has no entry 99999999, so its newest entry is shown.");
  await expect(selectedEntry(page)).toHaveAttribute('data-log-id', String(logRows(LONG.table, LONG.key, LONG.id)[0]!.ID));
  await page.screenshot({ path: `${SHOTS}/missing-entry-1440x900.png` });
});
