/**
 * A record's children in restore SQL and in As of… (issue 13), in a real browser against the demo
 * replica, checked against the database through a separate connection; screenshots at the two
 * window sizes under /work/shots/children/ (or $SHOTS_DIR).
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { database, openApp, openRecord, selectTable } from './helpers';

const SHOTS = process.env.SHOTS_DIR ?? '/work/shots/children';
const SIZES = [
  { width: 1024, height: 640 },
  { width: 1440, height: 900 },
];

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
}

test('restore SQL for a deleted customer offers its deleted children, and the script restores them in one transaction', async ({ page }) => {
  // The most recently deleted customer whose contacts went in the same save.
  const [deleted] = database()
    .prepare(
      `SELECT c.CustomerID AS id, COUNT(*) AS contacts FROM Customer_log c
       JOIN Contact_log k ON k.CustomerID = c.CustomerID AND k.ChangeCue = 'Deleted' AND k.ByTime = c.ByTime
       WHERE c.ChangeCue = 'Deleted' AND c.CustomerID NOT IN (SELECT ID FROM Customer)
       GROUP BY c.CustomerID, c.ByTime, c.ID ORDER BY c.ByTime DESC, c.ID DESC LIMIT 1`,
    )
    .all() as Array<{ id: number; contacts: number }>;
  expect(deleted).toBeDefined();
  const contactIds = (
    database()
      .prepare(
        `SELECT k.ContactID AS id FROM Contact_log k JOIN Customer_log c ON c.CustomerID = k.CustomerID AND c.ChangeCue = 'Deleted' AND c.ByTime = k.ByTime
         WHERE k.ChangeCue = 'Deleted' AND k.CustomerID = ? ORDER BY k.ContactID`,
      )
      .all(deleted!.id) as Array<{ id: number }>
  ).map((r) => r.id);

  await openApp(page);
  await selectTable(page, 'Customer');
  await page.getByRole('tab', { name: 'Deleted records' }).click();
  await page.locator(`.data-grid-row[data-row-key="${deleted!.id}"]`).click();
  await page.locator('.deleted-note').getByRole('button', { name: 'Restore SQL…' }).click();
  const dialog = page.locator('.restore-sql-dialog');
  const script = dialog.getByTestId('restore-sql');
  await expect(script).toContainText('INSERT INTO "Customer"');
  await expect(script).not.toContainText('BEGIN;');
  const toggle = dialog.getByLabel(/With its deleted children/);
  await expect(toggle).toBeVisible();
  await expect(dialog.locator('.restore-with-children')).toContainText(`With its deleted children (${contactIds.length})`);
  await dialog.locator('.restore-with-children').click();
  await expect(script).toContainText('BEGIN;');
  await expect(script).toContainText('COMMIT;');
  await expect(dialog.locator('.restore-sql-dialog .bp6-callout, .bp6-callout').first()).toContainText('never runs this script');
  const listed = await dialog.getByTestId('restored-children').locator('tbody tr td:first-child').allTextContents();
  expect(listed).toEqual(contactIds.map((id) => `Contact ${id}`));
  for (const id of contactIds) await expect(script).toContainText(`VALUES (${id}, ${deleted!.id}, `);
  await shoot(page, 'restore-with-children');
  // Off again: the record alone.
  await dialog.locator('.restore-with-children').click();
  await expect(script).not.toContainText('BEGIN;');
});

test('As of… shows the customer with its contacts and audits as they stood', async ({ page }) => {
  // What the logs say stood under Customer 1 now: each record's newest entry names it and is no deletion.
  const standing = (table: string): string[] =>
    (
      database()
        .prepare(
          `SELECT l."${table}ID" AS id FROM "${table}_log" l
           WHERE l.ID = (SELECT m.ID FROM "${table}_log" m WHERE m."${table}ID" = l."${table}ID" ORDER BY m.ByTime DESC, m.ID DESC LIMIT 1)
             AND l.CustomerID = 1 AND l.ChangeCue <> 'Deleted' ORDER BY l."${table}ID"`,
        )
        .all() as Array<{ id: number }>
    ).map((r) => String(r.id));
  const contacts = standing('Contact');
  const audits = standing('Audit');
  expect(contacts.length).toBeGreaterThan(0);
  await openApp(page);
  await openRecord(page, 'Customer', 1);
  const dialog = page.locator('.properties-dialog');
  await dialog.getByRole('button', { name: 'As of…' }).click();
  await dialog.locator('.properties-title h4').click();
  const related = dialog.getByTestId('as-of-related');
  await expect(related).toBeVisible();
  // As of now: the contacts and audits the customer has now.
  const shown = (table: string) => related.locator(`.as-of-related-table[data-table="${table}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-record-id')));
  await expect.poll(() => shown('Contact')).toEqual(contacts);
  await expect.poll(() => shown('Audit')).toEqual(audits);
  await related.scrollIntoViewIfNeeded();
  await shoot(page, 'as-of-with-children');
});
