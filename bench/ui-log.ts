/**
 * `npm run bench:ui -- [--scale N] [--runs N]`: in a real browser (Debian's Chromium) against the
 * web shell, first the cold start (bench/ui-paint.ts: address → logged tables painted, in a new
 * browser context each run, and the bytes fetched until then), then how long the properties window
 * takes to show a long log's first page. Measured in the page itself, from the user's action to
 * the frame after the content is in the DOM:
 *
 * - open: double-click a record → its properties window with the yellow audit icon;
 * - log: click the audit icon → the first page of the log, its newest entry shown with boxes;
 * - filter: with the log open, choose Modified By: Mine → the filtered first page and its count.
 *
 * The record is the replica's longest log (Customer 1 in the demo: about 1,400 entries at the
 * default scale). Figures are printed as median and p95 over the runs.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildRenderer, rendererDir, rendererIsStale } from '../cli/renderer-build';
import { openAuditDatabase } from '../db/index';
import { demoReplica } from './demo-replica';
import { summarise } from './measure';
import { measureColdPaint, type ColdPaint } from './ui-paint';
import { startShellProcess } from './ui-shell';

const root = path.resolve(import.meta.dirname, '..');

export interface UiBenchOptions {
  scale: string;
  runs: number;
  /** Where the demo replica is kept (default .cache/bench). */
  dir?: string;
  /** Only the cold first paint (as `npm run bench` prints it), not the properties window. */
  coldPaintOnly?: boolean;
  /** A renderer built elsewhere (to compare builds); default this checkout's, built if stale. */
  staticDir?: string;
}

function stats(median: number, p95: number): string {
  return `median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`;
}

function sampleStats(samples: number[]): string {
  const { median, p95 } = summarise(samples);
  return stats(median, p95);
}

/**
 * Runs `act` in the page and resolves when every one of `selectors` is in the DOM, a frame later:
 * milliseconds. The script is text because it runs in the browser, not in this Node process.
 */
async function timeInPage(page: Page, act: string, ...selectors: string[]): Promise<number> {
  const script = `new Promise((resolve) => {
    const done = ${JSON.stringify(selectors)};
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (done.every((sel) => document.querySelector(sel))) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    const target = document.querySelector(${JSON.stringify(act)});
    if (target.getAttribute('role') === 'radio' || target.tagName === 'BUTTON') target.click();
    else target.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  })`;
  return (await page.evaluate(script)) as number;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function printColdPaint(cold: ColdPaint): void {
  console.log(`Address → logged tables painted (cold: new context, empty cache): ${stats(cold.paint.median, cold.paint.p95)}`);
  console.log(`  fetched until then: ${kib(cold.transferred)} over the wire (${kib(cold.decoded)} uncompressed) in ${cold.requests} requests`);
  for (const file of cold.files) console.log(`    ${file.name.padEnd(48)} ${kib(file.transferred).padStart(9)} ${kib(file.decoded).padStart(9)}`);
}

/** Builds the renderer if stale, starts a web shell on the demo and Chromium, and prints the figures. */
export async function runUiBench(options: UiBenchOptions): Promise<void> {
  const { runs } = options;
  const file = demoReplica(options.dir ?? path.join(root, '.cache', 'bench'), options.scale);
  if (!options.staticDir && rendererIsStale(root)) await buildRenderer(root);

  const raw = new Database(file, { readonly: true });
  const longest = raw.prepare('SELECT CustomerID AS id, count(*) AS n FROM Customer_log GROUP BY CustomerID ORDER BY n DESC LIMIT 1').get() as { id: number; n: number };
  const mine = raw.prepare('SELECT ByID AS id FROM Customer_log WHERE CustomerID = ? AND ByID > 4 GROUP BY ByID ORDER BY count(*) DESC LIMIT 1').get(longest.id) as { id: number };
  raw.close();

  const api = await openAuditDatabase({ file, settings: { personId: mine.id } });
  const logRows = (await api.listTables({})).tables.reduce((n, t) => n + t.logRowCount, 0);
  await api.close();
  const shell = await startShellProcess({ file, personId: mine.id, staticDir: options.staticDir ?? rendererDir(root) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  console.log(`Replica: ${path.basename(file)}, ${logRows.toLocaleString('en-GB')} log rows; Customer ${longest.id}'s log: ${longest.n.toLocaleString('en-GB')} entries; ${runs} runs\n`);

  let cold: ColdPaint;
  let windowTimes: PropertiesWindowTimes | null = null;
  try {
    cold = await measureColdPaint(browser, () => shell.issueAddress(), runs);
    if (!options.coldPaintOnly) windowTimes = await measurePropertiesWindow(browser, await shell.issueAddress(), longest.id, runs);
  } finally {
    await browser.close();
    await shell.close();
  }
  printColdPaint(cold);
  if (!windowTimes) return;
  console.log(`Double-click a record → properties window with its audit icon: ${sampleStats(windowTimes.open)}`);
  console.log(`Click the audit icon → first page of ${longest.n.toLocaleString('en-GB')} entries shown: ${sampleStats(windowTimes.log)}`);
  console.log(`Modified By: Mine → filtered first page and its count: ${sampleStats(windowTimes.filtered)}`);
}

interface PropertiesWindowTimes {
  open: number[];
  log: number[];
  filtered: number[];
}

/** Opens Customer `id`'s properties window, its log and the Mine filter `runs` times (after one unmeasured). */
async function measurePropertiesWindow(browser: Browser, url: string, id: number, runs: number): Promise<PropertiesWindowTimes> {
  const times: PropertiesWindowTimes = { open: [], log: [], filtered: [] };
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.locator('[data-table="Customer"]').click();
  for (let run = 0; run < runs + 1; run++) {
    await page.locator(`.data-grid-row[data-row-key="${id}"]`).waitFor();
    const tOpen = await timeInPage(page, `.data-grid-row[data-row-key="${id}"]`, '.properties-header .audit-icon');
    const tLog = await timeInPage(page, '.properties-header .audit-icon', '.entry-detail');
    await page.locator('.expander-toggle').click();
    const tMine = await timeInPage(page, '.filter-by [role="radio"]:nth-child(2)', '[data-testid="matching-count"][data-state="counted"]', '.entry-detail');
    await page.keyboard.press('Escape');
    await page.locator('.properties-dialog').waitFor({ state: 'detached' });
    // The first run warms the browser's caches (code, fonts); it is not counted.
    if (run === 0) continue;
    times.open.push(tOpen);
    times.log.push(tLog);
    times.filtered.push(tMine);
  }
  await page.close();
  return times;
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      runs: { type: 'string', default: '15' },
      out: { type: 'string', default: path.join('.cache', 'bench') },
      static: { type: 'string' },
    },
  });
  await runUiBench({ scale: values.scale, runs: Number(values.runs), dir: values.out, staticDir: values.static });
}
