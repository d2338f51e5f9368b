/**
 * A record's whole story (issue 13, part 1) in a real browser against the demo replica: a
 * customer's log with its related records' changes (the switch, off until chosen, then remembered
 * for the table), the Entity column and filter, the narrative that names the related record, and a
 * related record's entry opening that record on that entry, Back returning. Checked against the
 * database itself, read through a separate connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { E2E } from './e2e-setup';
import { database } from './helpers';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

const SHOTS = '/work/shots/related-ui';
fs.mkdirSync(SHOTS, { recursive: true });

const dialog = (page: Page) => page.locator('.properties-dialog');
const hashOf = (page: Page) => new URL(page.url()).hash;
const relatedSwitch = (page: Page) => dialog(page).getByRole('switch', { name: 'With related records' });
/** Turns the switch as a user does: a click on it (its label). */
const flipSwitch = (page: Page) => dialog(page).locator('.related-switch').click();

interface MergedRow {
  t: string;
  ID: number;
  ByTime: string;
}

/**
 * A customer's log merged with its contacts', audits', service orders' and (through its audits)
 * findings', newest first: the naive union of the logs' rows that name it, enough to choose a
 * customer whose first page holds contacts' and audits' entries.
 */
function mergedHead(customer: number, limit = 50): MergedRow[] {
  return database()
    .prepare(
      `SELECT * FROM (
         SELECT 'Customer' AS t, ID, ByTime FROM Customer_log WHERE CustomerID = ?
         UNION ALL SELECT 'Contact', ID, ByTime FROM Contact_log WHERE CustomerID = ?
         UNION ALL SELECT 'Audit', ID, ByTime FROM Audit_log WHERE CustomerID = ?
         UNION ALL SELECT 'Service Order', ID, ByTime FROM "Service Order_log" WHERE CustomerID = ?
         UNION ALL SELECT 'Finding', ID, ByTime FROM Finding_log WHERE AuditID IN (SELECT AuditID FROM Audit_log WHERE CustomerID = ?)
       ) ORDER BY ByTime DESC, t, ID DESC LIMIT ?`,
    )
    .all(customer, customer, customer, customer, customer, limit) as MergedRow[];
}

/** The customer (existing, lowest id) whose first page of the related log holds contacts' and audits' entries, well inside it. */
function customerWithFamily(): { id: number; name: string } {
  const ids = database().prepare('SELECT ID AS id, Name AS name FROM Customer ORDER BY ID').all() as Array<{ id: number; name: string }>;
  const found = ids.find(({ id }) => {
    const head = mergedHead(id, 40);
    return head.some((r) => r.t === 'Contact') && head.filter((r) => r.t === 'Audit').length >= 2;
  });
  if (!found) throw new Error('The demo has no customer whose newest entries include contacts\' and audits\'.');
  return found;
}

/** The contacts' log rows that name the customer, newest first. */
function contactRows(customer: number): Array<{ ID: number; ContactID: number }> {
  return database().prepare('SELECT ID, ContactID FROM Contact_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC').all(customer) as Array<{ ID: number; ContactID: number }>;
}

/** Scrolls the (virtualised) log down until the row is rendered, then into view. */
async function scrollTo(page: Page, row: Locator): Promise<void> {
  const list = dialog(page).getByRole('listbox', { name: /Audit log entries/ });
  if ((await row.count()) === 0) await list.evaluate((el) => el.scrollTo(0, 0));
  for (let step = 0; step < 60 && (await row.count()) === 0; step++) {
    await list.evaluate((el) => el.scrollBy(0, 200));
    await page.waitForTimeout(50);
  }
  await row.scrollIntoViewIfNeeded();
}

async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.getByRole('grid')).toBeVisible();
}

/** Opens the customer's properties window from its table's list (searched by name), on its log. */
async function openCustomerLog(page: Page, customer: { id: number; name: string }): Promise<void> {
  await page.locator('[data-table="Customer"]').click();
  await page.getByLabel('Search Customer').fill(customer.name);
  // Only once the search has answered: a row clicked while the list changes is another record.
  await expect(page.locator('.data-grid-row').filter({ hasNotText: customer.name })).toHaveCount(0);
  await page.locator(`.data-grid-row[data-row-key="${customer.id}"]`).dblclick();
  await expect(dialog(page)).toBeVisible();
  await dialog(page).locator('.audit-icon').click();
  await expect(dialog(page).locator('.log-entry[data-log-id]').first()).toBeVisible();
}

test('a customer\'s log with its related records: the switch, the Entity column and filter, kept for the table; a contact\'s entry opens the contact', async ({ page }) => {
  const customer = customerWithFamily();
  await openApp(page);
  await openCustomerLog(page, customer);

  // Off at first: the audit icon promises this record's log.
  await expect(relatedSwitch(page)).not.toBeChecked();
  await expect(dialog(page).getByTestId('entry-entity')).toHaveCount(0);
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id}`);

  // On: the related records' entries, each naming its record.
  await flipSwitch(page);
  await expect(relatedSwitch(page)).toBeChecked();
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id} and its related records`);
  await expect.poll(() => hashOf(page)).toContain('related=1');
  const rows = dialog(page).locator('.log-entry[data-log-id]');
  await expect(rows.first()).toHaveAttribute('data-table', /.+/);
  const head = mergedHead(customer.id, 40);
  const firstContact = head.find((r) => r.t === 'Contact')!;
  const firstAudit = head.find((r) => r.t === 'Audit')!;
  const contactRow = dialog(page).locator(`.log-entry[data-table="Contact"][data-log-id="${firstContact.ID}"]`);
  const auditRow = dialog(page).locator(`.log-entry[data-table="Audit"][data-log-id="${firstAudit.ID}"]`);
  await scrollTo(page, contactRow);
  await expect(contactRow.locator('.log-entry-entity-text')).toContainText(/^Contact · /);
  await scrollTo(page, auditRow);
  await expect(auditRow.locator('.log-entry-entity-text')).toContainText(/^Audit · /);
  // The record's own entries say the record's own table.
  await expect(dialog(page).locator('.log-entry[data-table="Customer"]').first().locator('.log-entry-entity-text')).toContainText('Customer · ');
  // A related record's sentences are headed by its name; the record's own read as in its own log.
  await expect(contactRow.locator('.log-entry-summary')).toHaveAttribute('title', /^Contact .+: /);
  const ownSummary = await dialog(page).locator('.log-entry[data-table="Customer"] .log-entry-summary').first().getAttribute('title');
  expect(ownSummary).not.toMatch(/^Customer .+: /);

  for (const [width, height] of [[1440, 900], [1024, 640]] as const) {
    await page.setViewportSize({ width, height });
    await scrollTo(page, contactRow);
    await contactRow.click();
    await expect(dialog(page).getByTestId('entry-detail-entity')).toContainText('Contact · ');
    await page.screenshot({ path: path.join(SHOTS, `related-log-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The Changes view names each row's record too.
  await dialog(page).getByRole('radio', { name: 'Changes' }).click();
  await expect(dialog(page).getByTestId('change-entity').first()).toBeVisible();
  const entities = await dialog(page).getByTestId('change-entity').allInnerTexts();
  expect(entities.some((e) => e.startsWith('Contact · '))).toBe(true);
  for (const [width, height] of [[1440, 900], [1024, 640]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `related-changes-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await dialog(page).getByRole('radio', { name: 'Entries' }).click();

  // The Entity filter narrows the log to the contacts' entries, newest first.
  const contacts = contactRows(customer.id);
  await page.locator('.expander-toggle').click();
  await dialog(page).getByLabel('Entity').click();
  await page.locator('.bp6-popover').getByRole('option', { name: 'Contact', exact: true }).click();
  // Whether the list stays open after a choice depends on where focus went (Blueprint closes it
  // a frame later when the input lost focus): open it again, so that Esc surely meets an open list.
  await expect(dialog(page).getByLabel('Entity')).toBeVisible();
  const entityList = page.locator('.bp6-popover').filter({ has: page.getByRole('option', { name: 'Contact', exact: true }) });
  if (!(await entityList.isVisible())) await dialog(page).getByLabel('Entity').click();
  await expect(entityList).toBeVisible();
  await page.keyboard.press('Escape');
  // Esc closed the list and nothing under it: the window is still open, filtered.
  await expect(entityList).toBeHidden();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).locator('.entity-summary')).toHaveText('Contact');
  await expect(rows.first()).toHaveAttribute('data-log-id', String(contacts[0]!.ID));
  const tables = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-table')));
  expect(new Set(tables)).toEqual(new Set(['Contact']));
  expect(await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-log-id'))))).toEqual(contacts.slice(0, tables.length).map((r) => r.ID));
  await expect.poll(() => hashOf(page)).toContain('logTable=Contact');
  for (const [width, height] of [[1440, 900], [1024, 640]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `related-entity-filter-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // A contact's entry opens the contact on that entry (the entry's button), and Back returns.
  const second = contacts[1] ?? contacts[0]!;
  await dialog(page).locator(`.log-entry[data-table="Contact"][data-log-id="${second.ID}"]`).click();
  await expect.poll(() => hashOf(page)).toContain(`entry=${second.ID}&entryTable=Contact`);
  await dialog(page).getByRole('button', { name: `Open Contact ${second.ContactID}` }).click();
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Contact ${second.ContactID}`);
  await expect(dialog(page).locator('.entry-detail')).toHaveAttribute('data-log-id', String(second.ID));
  await expect(dialog(page).locator('.log-entry.selected')).toHaveAttribute('data-log-id', String(second.ID));
  await page.screenshot({ path: path.join(SHOTS, 'contact-opened-on-entry-1440x900.png') });
  await page.goBack();
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id} and its related records`);
  await expect(dialog(page).locator('.log-entry.selected')).toHaveAttribute('data-log-id', String(second.ID));
  await expect(dialog(page).locator('.log-entry.selected')).toHaveAttribute('data-table', 'Contact');

  // Enter on a contact's entry opens it too.
  await dialog(page).locator('.log-entry.selected').click();
  await dialog(page).getByRole('listbox', { name: /Audit log entries/ }).press('Enter');
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Contact ${second.ContactID}`);
  await page.goBack();
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id} and its related records`);

  // The choice is kept for the table: closed and opened again, the log shows the related records.
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await openCustomerLog(page, customer);
  await expect(relatedSwitch(page)).toBeChecked();
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id} and its related records`);
  await expect(dialog(page).locator('.log-entry[data-table="Contact"]').first()).toBeAttached();
  // A table without related records offers no switch.
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await page.locator('[data-table="Contact"]').click();
  await page.locator('.data-grid-row[data-row-key]').first().dblclick();
  await dialog(page).locator('.audit-icon').click();
  await expect(dialog(page).locator('.log-entry[data-log-id]').first()).toBeVisible();
  await expect(relatedSwitch(page)).toHaveCount(0);

  // Turned off, it stays off for the table.
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await openCustomerLog(page, customer);
  await flipSwitch(page);
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id}`);
  await expect(dialog(page).getByTestId('entry-entity')).toHaveCount(0);
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await openCustomerLog(page, customer);
  await expect(relatedSwitch(page)).not.toBeChecked();
});

test('a contact\'s change in Activity opens its customer\'s whole story on it; the story exports with each line naming its record', async ({ page }) => {
  const customer = customerWithFamily();
  const contact = contactRows(customer.id)[0]!;
  const { day } = database().prepare('SELECT substr(ByTime, 1, 10) AS day FROM Contact_log WHERE ID = ?').get(contact.ID) as { day: string };
  await openApp(page);
  // Activity narrowed to the contacts' changes of that day (in UTC, as the demo stores times): pick the row by its key.
  await page.goto(`/?token=${E2E.token}#/activity?from=${day}&to=${day}&zone=UTC&table=Contact`);
  const row = page.locator(`.activity-view .data-grid-row[data-row-key="Contact:${contact.ID}"]`);
  await row.scrollIntoViewIfNeeded();
  await row.click();
  const story = page.getByTestId('activity-open-story');
  await expect(story).toHaveText(`In Customer ${customer.id}’s story`);
  for (const [width, height] of [[1440, 900], [1024, 640]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `activity-story-button-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await story.click();
  // The customer, with its related records (whatever the table's remembered choice), on the contact's entry.
  await expect(dialog(page).getByTestId('properties-subtitle')).toHaveText(`Customer ${customer.id} and its related records`);
  await expect(dialog(page).locator('.log-entry.selected')).toHaveAttribute('data-table', 'Contact');
  await expect(dialog(page).locator('.log-entry.selected')).toHaveAttribute('data-log-id', String(contact.ID));
  await expect.poll(() => hashOf(page)).toContain(`entry=${contact.ID}&entryTable=Contact`);

  // The export writes what is shown: the story, each line naming its own table and record.
  await dialog(page).getByRole('button', { name: /^Export/ }).click();
  await expect(page.getByTestId('export-summary')).toHaveText(`Customer ${customer.id}'s log with its related records · all dates · anyone`);
  const downloading = page.waitForEvent('download');
  await page.locator('.export-dialog').getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^Customer-${customer.id}-log-with-related-\\d{8}-\\d{4}\\.csv$`));
  await expect(page.getByTestId('export-progress')).toHaveAttribute('data-state', 'done');
  const lines = fs.readFileSync(await download.path(), 'utf8').split('\r\n').slice(1);
  const entities = new Set(lines.filter((l) => l !== '').map((l) => l.split(',')[3]));
  expect(entities.has('Contact')).toBe(true);
  expect(entities.has('Customer')).toBe(true);
  // The contact's entry is there under its own record.
  expect(lines.some((l) => l.split(',').slice(3, 6).join(',') === `Contact,${contact.ContactID},${contact.ID}`)).toBe(true);
});
