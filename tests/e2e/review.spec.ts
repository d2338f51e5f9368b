/**
 * Review (issue 12) in a real browser against the demo replica: the planted late-night mass
 * deletion is listed with its count, and clicking it opens Activity filtered to exactly its
 * entries (the range chip, the person, the table, Deleted), whose count is the finding's and the
 * database's. Screenshots at 1024×640 and 1440×900.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { database, openApp } from './helpers';

const SHOTS = process.env.REVIEW_SHOTS ?? '/work/shots/review';
const count = (n: number) => n.toLocaleString('en-GB');

test('lists the planted mass deletion and opens its entries in Activity', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-view="review"]').click();
  const row = page.locator('.review-table tr[data-kind="mass-delete"]');
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('review-count')).toHaveText(/^\d+ findings?$/, { timeout: 60_000 });
  const sentence = await row.locator('.review-sentence').innerText();
  expect(sentence).toMatch(/ deleted \d+ Contact records between \d\d:\d\d and \d\d:\d\d on Sat 3 Oct 2026$/);
  const shown = Number((await row.locator('td.numeric').innerText()).replace(/,/g, ''));

  // The truth: the Contact deletions of that Saturday night, by one person.
  const truth = database()
    .prepare(`SELECT ByID AS by, count(*) AS n FROM Contact_log WHERE ChangeCue = 'Deleted' AND ByTime >= '2026-10-03 01:00' AND ByTime < '2026-10-03 01:20' GROUP BY ByID`)
    .all() as Array<{ by: number; n: number }>;
  expect(truth).toHaveLength(1);
  expect(shown).toBe(truth[0]!.n);

  for (const [width, height] of [[1024, 640], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `review-${width}x${height}.png`) });
  }

  await row.click();
  await expect(page).toHaveURL(/#\/activity\?.*since=.*until=/);
  await expect(page.getByTestId('between-chip')).toBeVisible();
  await expect(page.getByTestId('between-chip')).toContainText('Sat 3 Oct 2026');
  await expect(page.getByTestId('activity-count')).toHaveText(`${count(shown)} changes match`);
  for (const [width, height] of [[1024, 640], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `finding-in-activity-${width}x${height}.png`) });
  }

  // The chip comes off: the rest of the filter stays.
  await page.getByTestId('between-chip').locator('button').click();
  await expect(page.getByTestId('between-chip')).toHaveCount(0);
  await expect(page).not.toHaveURL(/since=/);
});
