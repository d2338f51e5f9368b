/**
 * Field history, the as-of view and comparing two entries (issue 5), in a real browser against the
 * demo replica, every assertion checked against the database through a separate connection.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatTime } from '../../renderer/format/time';
import { database, firstRecordedRecord, logRows, openApp, openBySearch, openRecord, SCREENSHOTS, type LogRow } from './helpers';

const isEmpty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const COMMON = ['ID', 'ByID', 'ByName', 'ByTime', 'ChangeCue', 'UpdateMethod', 'SourceIP'];

/** Whether `row` changed `field`, from the raw rows (previous = the record's entry before it). */
function changed(row: LogRow, previous: LogRow | undefined, field: string, fields: string[]): boolean {
  if (row.ChangeCue === 'Unchanged' || fields.every((f) => isEmpty(row[f]))) return false;
  const previousKnown = previous !== undefined && !fields.every((f) => isEmpty(previous[f]));
  if (row.ChangeCue === 'Added' || row.ChangeCue === 'Deleted' || !previousKnown) return !isEmpty(row[field]);
  return row[field] !== previous[field] && !(isEmpty(row[field]) && isEmpty(previous[field]));
}

/** A record's entries that changed `field`, newest first. */
function fieldHistory(table: string, key: string, id: number, field: string): LogRow[] {
  const rows = logRows(table, key, id);
  const fields = Object.keys(rows[0] ?? {}).filter((c) => !COMMON.includes(c) && c !== key);
  return rows.filter((row, i) => changed(row, rows[i + 1], field, fields));
}

/** The time as the lists write it, in London (the tests' zone). */
const shortTime = (byTime: string) => formatTime(`${byTime.replace(' ', 'T')}Z`, 'Europe/London');

/** The existing contact whose phone changed most (a history that fits one page). */
function busyContact(): { id: number; lastName: string; history: LogRow[] } {
  const ids = (database().prepare('SELECT ID AS id, LastName AS lastName FROM Contact').all() as Array<{ id: number; lastName: string }>);
  let best: { id: number; lastName: string; history: LogRow[] } | null = null;
  for (const c of ids) {
    const history = fieldHistory('Contact', 'ContactID', c.id, 'Phone');
    if (history.length <= 20 && (!best || history.length > best.history.length)) best = { ...c, history };
  }
  return best!;
}

test('a field\u2019s history lists exactly the entries that changed it, with who and when, newest first', async ({ page }) => {
  const contact = busyContact();
  expect(contact.history.length).toBeGreaterThan(4);
  await openApp(page);
  await openBySearch(page, 'Contact', contact.id, contact.lastName);
  const dialog = page.locator('.properties-dialog');
  await dialog.locator('.record-field[data-field="Phone"]').hover();
  await dialog.locator('[data-field-history="Phone"]').click();
  const panel = page.getByTestId('field-history');
  await expect(panel.locator('.field-history-entry').first()).toBeVisible();
  const ids = await panel.locator('.field-history-entry').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-log-id'))));
  expect(ids).toEqual(contact.history.map((r) => r.ID));
  for (const [i, row] of contact.history.entries()) {
    const item = panel.locator('.field-history-entry').nth(i);
    await expect(item).toContainText(row.ByName);
    await expect(item.locator('time')).toHaveText(shortTime(row.ByTime));
    if (row.ChangeCue !== 'Deleted' && !isEmpty(row.Phone)) await expect(item.locator('.new')).toHaveText(String(row.Phone));
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'field-history.png') });
});

test('a value the log first recorded is shown as such in the field\u2019s history, never as set from (empty) by the entry\u2019s person', async ({ page }) => {
  // A log that starts with Modified (logging began later), and an entry right after a legacy row.
  for (const after of ['nothing', 'legacy'] as const) {
    const record = firstRecordedRecord('Contact', 'ContactID', after, (e) => !isEmpty(e.LastName) && !isEmpty(e.Phone));
    const { entry } = record;
    const history = fieldHistory('Contact', 'ContactID', record.id, 'Phone');
    expect(history.at(-1)?.ID).toBe(entry.ID);
    await openApp(page);
    await openBySearch(page, 'Contact', record.id, String(entry.LastName));
    const dialog = page.locator('.properties-dialog');
    await dialog.locator('.record-field[data-field="Phone"]').hover();
    await dialog.locator('[data-field-history="Phone"]').click();
    const panel = page.getByTestId('field-history');
    await expect(panel.locator('.field-history-entry')).toHaveCount(history.length);
    const row = panel.locator(`.field-history-entry[data-log-id="${entry.ID}"]`);
    await expect(row).toHaveClass(/first-recorded/);
    await expect(row.locator('.field-history-by')).toHaveText(`First recorded in ${entry.ByName}'s entry`);
    await expect(row.locator('.old')).toHaveText('earlier value unknown');
    await expect(row.locator('.new')).toHaveText(String(entry.Phone));
    expect(await row.innerText()).not.toContain('(empty)');
    // The later values were set by known people from known values.
    await expect(panel.locator('.field-history-entry.first-recorded')).toHaveCount(1);
    if (after === 'nothing') await page.screenshot({ path: path.join(SCREENSHOTS, '..', 'first-recorded-field-history.png') });
  }
});

test('a long field history is read page by page, and the log\u2019s entry detail has it too', async ({ page }) => {
  const history = fieldHistory('Customer', 'CustomerID', 1, 'Phone');
  await openApp(page);
  await openRecord(page, 'Customer', 1);
  const dialog = page.locator('.properties-dialog');
  await dialog.locator('.audit-icon').click();
  await expect(dialog.locator('.entry-detail')).toBeVisible();
  await dialog.locator('.entry-detail .record-field[data-field="Phone"]').hover();
  await dialog.locator('.entry-detail [data-field-history="Phone"]').click();
  const panel = page.getByTestId('field-history');
  await expect(panel.locator('.field-history-entry').first()).toBeVisible();
  let ids = await panel.locator('.field-history-entry').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-log-id'))));
  expect(ids).toEqual(history.slice(0, ids.length).map((r) => r.ID));
  if (history.length > ids.length) {
    const before = ids.length;
    await panel.getByRole('button', { name: 'Older values' }).click();
    await expect.poll(async () => panel.locator('.field-history-entry').count()).toBeGreaterThan(before);
    ids = await panel.locator('.field-history-entry').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-log-id'))));
    expect(ids).toEqual(history.slice(0, ids.length).map((r) => r.ID));
  }
});

test('as of a chosen time, the record is shown as it stood then, and Back to now returns', async ({ page }) => {
  const rows = logRows('Customer', 'CustomerID', 1);
  // Some time between two entries a while back: the older of them is in force.
  // (an entry with values, not a legacy one, whose next entry is at least a minute later).
  const older = rows.find((r, i) => i > 20 && r.Name !== null && rows[i - 1]!.ByTime.slice(0, 16) > r.ByTime.slice(0, 16))!;
  const at = new Date(`${older.ByTime.replace(' ', 'T')}Z`);
  at.setUTCSeconds(at.getUTCSeconds() + 1);
  const expected = rows.find((r) => new Date(`${r.ByTime.replace(' ', 'T')}Z`) <= at)!;
  const typed = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => typed.find((p) => p.type === t)!.value;
  const text = `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}:${get('second')}`;

  await openApp(page);
  await openRecord(page, 'Customer', 1);
  const dialog = page.locator('.properties-dialog');
  await dialog.getByRole('button', { name: 'As of…' }).click();
  const input = dialog.getByLabel('As of date and time');
  await input.fill(text);
  await input.press('Enter');
  // Close the calendar so the label shows (a click on the window's title, not Escape, which closes the window).
  await dialog.locator('.properties-title h4').click();
  await expect(page.locator('.bp6-datepicker')).toHaveCount(0);
  await expect(dialog.locator('.as-of-record')).toHaveAttribute('data-log-id', String(expected.ID));
  await expect(dialog.getByTestId('as-of-label')).toContainText('As it stood on');
  await expect(dialog.locator('.as-of-record .record-field[data-field="Name"] .record-field-value')).toHaveText(String(expected.Name));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'as-of.png') });
  await dialog.getByRole('button', { name: 'Back to now' }).click();
  await expect(dialog.getByTestId('as-of-bar')).toHaveCount(0);
  const [now] = database().prepare('SELECT Name FROM Customer WHERE ID = 1').all() as Array<{ Name: string }>;
  await expect(dialog.locator('.record-field[data-field="Name"] .record-field-value')).toHaveText(now!.Name);
});

test('two entries of a log compared side by side, the differing fields boxed', async ({ page }) => {
  const rows = logRows('Customer', 'CustomerID', 1);
  await openApp(page);
  await openRecord(page, 'Customer', 1);
  const dialog = page.locator('.properties-dialog');
  await dialog.locator('.audit-icon').click();
  await expect(dialog.locator('.log-entry.selected')).toHaveAttribute('data-log-id', String(rows[0]!.ID));
  // Ctrl-click the fourth entry: compare it with the selected (newest) one.
  await dialog.locator(`.log-entry[data-log-id="${rows[3]!.ID}"]`).click({ modifiers: ['Control'] });
  const compare = dialog.getByTestId('compare');
  await expect(compare.locator('.compare-side')).toHaveCount(2);
  await expect(compare.locator('.compare-side').first()).toHaveAttribute('data-log-id', String(rows[3]!.ID));
  await expect(compare.locator('.compare-side').last()).toHaveAttribute('data-log-id', String(rows[0]!.ID));
  const fields = Object.keys(rows[0]!).filter((c) => !COMMON.includes(c) && c !== 'CustomerID');
  const differing = fields.filter((f) => rows[0]![f] !== rows[3]![f] && !(isEmpty(rows[0]![f]) && isEmpty(rows[3]![f]))).sort();
  for (const side of [compare.locator('.compare-side').first(), compare.locator('.compare-side').last()]) {
    const boxed = await side.locator('.record-field[data-changed="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field') ?? '').sort());
    // Sensitive fields are compared masked (two numbers ending alike look the same), so leave them out.
    const plain = (names: string[]) => names.filter((f) => !['TaxNumber', 'BankAccount'].includes(f));
    expect(plain(boxed)).toEqual(plain(differing));
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compare.png') });
  await compare.getByRole('button', { name: 'Close compare' }).click();
  await expect(dialog.locator('.entry-detail')).toBeVisible();
  // "Compare with previous" compares the selected entry with the one before it.
  await dialog.getByRole('button', { name: 'Compare with previous' }).click();
  await expect(compare.locator('.compare-side').first()).toHaveAttribute('data-log-id', String(rows[1]!.ID));
});
