/**
 * Saved views (issue 12, part 4) in a real browser against the demo replica: an Activity view
 * with a table, a cue and days saved from its toolbar, listed under Saved after a reload and
 * opened from there on the same rows; its copied address opening the same in a new page; a
 * record-log view reopening the record's log with its filter; rename and delete. Screenshots of
 * the sidebar and the save dialog at 1024×640 and 1440×900 go to /work/shots/views/.
 */
import fs from 'node:fs';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { rendererDir } from '../../cli/renderer-build';
import { openAuditDatabase } from '../../db/index';
import { startWebShell } from '../../server/web-shell';
import { E2E } from './e2e-setup';
import { database, logRows } from './helpers';

const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 120_000 });

const SHOTS = '/work/shots/views';
fs.mkdirSync(SHOTS, { recursive: true });
const count = (n: number) => n.toLocaleString('en-GB');

async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/?token=${E2E.token}`);
  await expect(page.getByRole('grid')).toBeVisible();
  if (hash) await page.goto(`/${hash}`);
}

const savedItem = (page: Page, name: string) => page.locator(`.saved-view-row[data-view-name="${name}"] .saved-view-open`);
const rowKeys = (page: Page) => page.locator('.activity-view .data-grid-row[data-row-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-row-key')));

/** The Contact deletions of October 2026 in London's days, newest first, as Activity keys them. */
function octoberDeletions(): string[] {
  const rows = database()
    .prepare("SELECT ID FROM Contact_log WHERE ChangeCue = 'Deleted' AND ByTime >= '2026-09-30 23:00:00' AND ByTime < '2026-10-31 24:00:00' ORDER BY ByTime DESC, ID DESC")
    .all() as Array<{ ID: number }>;
  return rows.map((r) => `Contact:${r.ID}`);
}

test('an Activity view saved with a table, a cue and days reopens from the sidebar, and by its copied address, on the same rows', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const hash = '#/activity?from=2026-10-01&to=2026-10-31&table=Contact&cue=Deleted&zone=Europe/London';
  await openApp(page, hash);
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(page.getByTestId('activity-count')).toHaveAttribute('data-state', 'counted');
  const shown = await rowKeys(page);
  expect(shown.length).toBeGreaterThan(20);
  expect(shown).toEqual(octoberDeletions().slice(0, shown.length));

  await page.getByTestId('save-view').click();
  const dialog = page.locator('.save-view-dialog');
  await expect(page.getByTestId('save-view-what')).toHaveText('Activity: 2026-10-01 to 2026-10-31 (Europe/London); Contact; Deleted');
  await dialog.getByLabel('Name').fill('October deletions');
  for (const [width, height] of [[1024, 640], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/save-dialog-${width}x${height}.png` });
  }
  // A bad name is said in one sentence, and nothing is saved.
  await dialog.getByLabel('Name').fill(' October');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.locator('.save-view-problem')).toHaveText('A view name is 1 to 64 characters, without line breaks, and neither starts nor ends with a space.');
  await dialog.getByLabel('Name').fill('October deletions');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  // More views of each kind, saved through the contract as another window of the app would.
  for (const [name, view] of [
    ['October review', { kind: 'review', period: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Europe/London' } }],
    ['Changes per week, by cue', { kind: 'insights', filter: { timeZone: 'Europe/London', from: '2026-07-01', to: '2026-10-31' }, granularity: 'week', split: 'cue' }],
    ['Customer 1, bulk changes', { kind: 'log', record: { table: 'Customer', id: 1 }, related: false, filter: { timeZone: 'Europe/London', made: { method: 'Bulk' } } }],
  ] as const) {
    const status = await page.evaluate(
      async (body) => (await fetch('/api/saveView', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status,
      JSON.stringify({ name, view }),
    );
    expect(status, name).toBe(200);
  }

  // The page reloaded on another view: the view is listed, and opens on the same rows.
  await page.goto('/#/table/Customer');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Customer', exact: true })).toBeVisible();
  await savedItem(page, 'October deletions').click();
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect(page.getByTestId('activity-count')).toHaveAttribute('data-state', 'counted');
  await expect.poll(() => rowKeys(page)).toEqual(shown);
  await expect.poll(() => new URL(page.url()).hash).toBe(hash);
  // The open view is marked as such in the list, and only while the screen shows it.
  await expect(savedItem(page, 'October deletions')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('.saved-view-open[aria-current]')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/saved-view-open-1440x900.png` });

  // Saving under the same name asks before replacing it.
  await page.getByTestId('save-view').click();
  await dialog.getByLabel('Name').fill('october DELETIONS');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.bp6-alert')).toContainText('A view named “October deletions” is already saved for this database. Replace it with this one?');
  await page.locator('.bp6-alert').getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.locator('.saved-view-row[data-view-name="October deletions"] .saved-view-more').click();
  await page.getByRole('menuitem', { name: 'Copy address' }).click();
  const address = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(address).toBe(`http://127.0.0.1:${E2E.port}/${hash}`);
  await page.keyboard.press('Escape');
  for (const [width, height] of [[1024, 640], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/sidebar-${width}x${height}.png` });
  }

  // Every toolbar with its Save view… button still fits at 1024 px.
  await page.setViewportSize({ width: 1024, height: 640 });
  for (const view of ['review', 'insights'] as const) {
    await page.locator(`[data-view="${view}"]`).click();
    await expect(page.getByTestId('save-view')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/${view}-toolbar-1024x640.png` });
  }

  // The copied address, opened in another browser's page (with its own way in), shows the same.
  const other = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-GB' });
  const fresh = await other.newPage();
  await openApp(fresh);
  await fresh.goto(address);
  await expect(fresh.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await expect.poll(() => rowKeys(fresh)).toEqual(shown);
  await other.close();
});

test("a record-log view reopens the record's log with its filter; views are renamed and deleted", async ({ page }) => {
  await openApp(page, '#/table/Customer?record=Customer&id=1&log&logBy=mine');
  const dialog = page.locator('.properties-dialog');
  const mine = logRows('Customer', 'CustomerID', 1, 'AND ByID = ?', [E2E.minePersonId]).length;
  const all = logRows('Customer', 'CustomerID', 1).length;
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(mine)} of ${count(all)} entries`);
  await page.setViewportSize({ width: 1024, height: 640 });
  await expect(dialog.getByTestId('save-view')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/log-expander-1024x640.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  await dialog.getByTestId('save-view').click();
  await expect(page.getByTestId('save-view-what')).toHaveText("Customer 1's log: by me");
  await page.locator('.save-view-dialog').getByLabel('Name').fill('My work on Customer 1');
  await page.locator('.save-view-dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.save-view-dialog')).toBeHidden();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();

  await page.goto('/#/table/Contact');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Contact', exact: true })).toBeVisible();
  await expect(savedItem(page, 'My work on Customer 1')).toBeVisible();
  await expect(page.locator('.saved-view-open[aria-current]')).toHaveCount(0);
  await savedItem(page, 'My work on Customer 1').click();
  await expect(dialog.locator('.properties-title')).toContainText('Customer 1');
  await expect(page.getByTestId('matching-count')).toHaveText(`${count(mine)} of ${count(all)} entries`);
  await expect.poll(() => new URL(page.url()).hash).toBe('#/table/Customer?record=Customer&id=1&log&logBy=mine');
  await expect(savedItem(page, 'My work on Customer 1')).toHaveAttribute('aria-current', 'page');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // Rename, then delete (after asking).
  await page.locator('.saved-view-row[data-view-name="My work on Customer 1"] .saved-view-more').click();
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  await page.getByLabel('New name').fill('Customer 1, mine');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(savedItem(page, 'Customer 1, mine')).toBeVisible();
  await expect(savedItem(page, 'My work on Customer 1')).toHaveCount(0);
  await page.locator('.saved-view-row[data-view-name="Customer 1, mine"] .saved-view-more').click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.locator('.bp6-alert').getByRole('button', { name: 'Delete' }).click();
  await expect(savedItem(page, 'Customer 1, mine')).toHaveCount(0);
});

test("a plain user's Saved list holds the record logs' views only", async ({ page }) => {
  // An admin's views and a record log's, saved in the user-data folder the web shell reads.
  const admin = await openAuditDatabase({ file: E2E.replica, settings: { personId: 1, roles: { admins: [1] } }, viewsDir: E2E.home });
  await admin.saveView({ name: 'Admins only: deletions', view: { kind: 'activity', filter: { cues: ['Deleted'] } }, replace: true });
  await admin.saveView({ name: 'Customer 1 for everyone', view: { kind: 'log', record: { table: 'Customer', id: 1 }, related: false, filter: {} }, replace: true });
  await admin.close();
  // Priya Shah (person 10) is "me"; only person 1 is an admin.
  const api = await openAuditDatabase({ file: E2E.replica, settings: { personId: E2E.minePersonId, roles: { admins: [1] } }, viewsDir: E2E.home });
  const shell = await startWebShell({ api, staticDir: rendererDir(path.resolve(import.meta.dirname, '../..')), token: 'views-e2e-token-0123456789' });
  try {
    await page.goto(shell.url);
    await expect(page.getByRole('grid')).toBeVisible();
    await expect(savedItem(page, 'Customer 1 for everyone')).toBeVisible();
    await expect(page.locator('.saved-view-row[data-view-name="Admins only: deletions"]')).toHaveCount(0);
    await expect(page.locator('[data-view="activity"]')).toHaveCount(0);
    await savedItem(page, 'Customer 1 for everyone').click();
    await expect(page.locator('.properties-dialog .properties-title')).toContainText('Customer 1');
    await expect(page.locator('.properties-dialog').getByTestId('save-view')).toBeVisible();
  } finally {
    await shell.close();
    await api.close();
  }
});
