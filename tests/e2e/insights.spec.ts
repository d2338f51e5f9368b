/**
 * Insights in a real browser against the demo replica: the charts' numbers equal the API's, a bar
 * opens Activity for its days with exactly its count, a heat-map cell opens Activity for that hour
 * of the week (said in a removable chip), and a record's log shows its timeline. Screenshots at
 * 1024×640 and 1440×900 go to /work/shots/insights/ (and test-results/screenshots/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { GetInsightsRequest } from '../../shared/contract';
import { mergeInsights, type Insights } from '../../shared/insights';
import { insightsRequests, NO_INSIGHTS_FILTER } from '../../renderer/insights/insights-filter';
import { E2E } from './e2e-setup';
import { openApp, openRecord, SCREENSHOTS } from './helpers';

const SHOTS = process.env.INSIGHTS_SHOTS ?? '/work/shots/insights';
const count = (n: number) => n.toLocaleString('en-GB');

async function call<T>(page: Page, name: string, data: unknown): Promise<T> {
  const response = await page.request.post(`/api/${name}`, { data, headers: { 'X-Audit-Token': E2E.token } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: T }).result;
}

/** What the view shows, asked of the API the way the view asks it (one call per table, added up). */
async function expected(page: Page, tables: string[] | null): Promise<Insights> {
  const source = await call<{ organisation: { timeZone: string } }>(page, 'describeSource', {});
  const all = (await call<{ tables: Array<{ name: string }> }>(page, 'listTables', {})).tables.map((t) => t.name);
  const filter = { ...NO_INSIGHTS_FILTER, tables: tables ?? [] };
  const parts = await Promise.all(insightsRequests(filter, source.organisation.timeZone, all).map((r: GetInsightsRequest) => call<Insights>(page, 'getInsights', r)));
  return mergeInsights(parts, 12);
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
  await page.screenshot({ path: path.join(SCREENSHOTS, `insights-${name}`) });
}

async function openInsights(page: Page, hash = ''): Promise<void> {
  await openApp(page);
  if (hash) await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  else await page.locator('[data-view="insights"]').click();
  await expect(page.getByTestId('insights-summary')).toContainText('changes');
}

test('the charts show the API’s numbers: total, bars, people, every heat-map cell', async ({ page }) => {
  await openInsights(page);
  const truth = await expected(page, null);
  await expect(page.getByTestId('insights-summary')).toHaveText(`${count(truth.total)} changes, ${truth.from} to ${truth.to}`);
  await expect(page.getByTestId('insights-heatmap')).toBeVisible();
  await shoot(page, 'insights-1440x900.png');
  await page.setViewportSize({ width: 1024, height: 640 });
  await shoot(page, 'insights-1024x640.png');
  await page.setViewportSize({ width: 1440, height: 900 });
  // The bars' numbers, as the table under the chart lists them.
  await page.getByRole('button', { name: /^The numbers/ }).click();
  const rows = page.getByTestId('insights-numbers').locator('tbody tr');
  const withChanges = truth.buckets.filter((b) => b.total > 0);
  await expect(rows).toHaveCount(withChanges.length);
  const shownTotals = await rows.locator('td:nth-child(2)').allInnerTexts();
  expect(shownTotals).toEqual(withChanges.map((b) => count(b.total)));
  // People, most active first.
  const people = page.getByTestId('insights-people').locator('.people-bar');
  await expect(people).toHaveCount(truth.people.length);
  expect(await people.locator('.people-bar-count').allInnerTexts()).toEqual(truth.people.map((p) => count(p.count)));
  // Every cell of the heat map says its count.
  for (let w = 0; w < 7; w++) {
    for (let h = 0; h < 24; h++) {
      const n = truth.heatmap[w]![h]!;
      await expect(page.locator(`[data-cell="${w + 1}-${h}"]`)).toHaveAttribute('aria-label', new RegExp(`: ${count(n)} changes?$`));
    }
  }
  await shoot(page, 'insights-numbers-1440x900.png');
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.getByRole('button', { name: /^The numbers/ }).click();
  await page.locator('.insights-view').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shoot(page, 'insights-1024x640-scrolled.png');
});

test('clicking a bar opens Activity for its days and table, with exactly its count', async ({ page }) => {
  await openInsights(page, '#/insights?table=Customer&per=month');
  const truth = await expected(page, ['Customer']);
  const withChanges = truth.buckets.filter((b) => b.total > 0);
  // One series: the bars are the paths drawn in its colour, left to right (the legend's swatch,
  // in the same colour, sits above the plot); click the busiest.
  const chart = page.getByTestId('insights-over-time');
  await expect(chart.locator('svg')).toBeVisible();
  const top = (await chart.boundingBox())!.y + 32;
  const bars = (
    await chart.locator('path').evaluateAll((paths) =>
      paths.map((p) => ({ fill: (p.getAttribute('fill') ?? '').replace(/\s/g, '').toLowerCase(), box: p.getBoundingClientRect() })),
    )
  )
    .filter((p) => (p.fill === '#2d72d2' || p.fill === 'rgb(45,114,210)') && p.box.height > 0 && p.box.y > top)
    .map((p) => ({ x: p.box.x + p.box.width / 2, y: p.box.y + p.box.height / 2 }))
    .sort((a, b) => a.x - b.x);
  expect(bars).toHaveLength(withChanges.length);
  const index = withChanges.indexOf([...withChanges].sort((a, b) => b.total - a.total)[0]!);
  const target = bars[index]!;
  await page.mouse.click(target.x, target.y);
  const bucket = withChanges[index]!;
  await expect(page).toHaveURL(new RegExp(`#/activity\\?from=${bucket.from}&to=${bucket.to}&table=Customer`));
  await expect(page.getByTestId('activity-count')).toHaveText(`${count(bucket.total)} ${bucket.total === 1 ? 'change' : 'changes'} match`);
});

test('a heat-map cell opens Activity for that hour of the week, said in a removable chip', async ({ page }) => {
  await openInsights(page, '#/insights?table=Contact');
  const truth = await expected(page, ['Contact']);
  // The busiest cell.
  let best = { w: 0, h: 0, n: -1 };
  truth.heatmap.forEach((row, w) => row.forEach((n, h) => n > best.n && (best = { w, h, n })));
  await page.locator(`[data-cell="${best.w + 1}-${best.h}"]`).click();
  await expect(page).toHaveURL(/#\/activity\?.*hour=/);
  const chip = page.getByTestId('filter-hours');
  await expect(chip).toContainText(`${String(best.h).padStart(2, '0')}:00`);
  await expect(page.locator('.activity-view .data-grid-row[data-row-key]').first()).toBeVisible();
  await shoot(page, 'activity-hour-chip-1440x900.png');
  await chip.getByRole('button').click();
  await expect(chip).toHaveCount(0);
});

test('a person opens Activity by that person', async ({ page }) => {
  await openInsights(page, '#/insights?table=Customer');
  const truth = await expected(page, ['Customer']);
  const first = truth.people[0]!;
  await page.locator(`[data-person="${String(first.id)}"]`).click();
  await expect(page).toHaveURL(new RegExp(`by=person:${String(first.id)}`));
  await expect(page.getByTestId('activity-count')).toHaveText(`${count(first.count)} changes match`);
});

test('a record’s log shows its timeline; a bar narrows the log to its days', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await openRecord(page, 'Customer', 1);
  await page.locator('.properties-dialog').getByRole('button', { name: /Audit log/ }).click();
  const timeline = page.getByTestId('log-timeline');
  await expect(timeline).toBeVisible();
  await shoot(page, 'log-timeline-1440x900.png');
  const bar = timeline.locator('button:not([disabled])').last();
  const label = (await bar.getAttribute('aria-label')) ?? '';
  await bar.click();
  await expect(page.locator('.log-entry[data-log-id]').first()).toBeVisible();
  const n = Number(/: ([\d,]+) change/.exec(label)![1]!.replace(/,/g, ''));
  // The expander bar counts what the filter keeps (the list itself draws only the rows in view).
  await expect(page.locator('.properties-dialog')).toContainText(`${count(n)} of `);
  await page.setViewportSize({ width: 1024, height: 640 });
  await shoot(page, 'log-timeline-1024x640.png');
});
