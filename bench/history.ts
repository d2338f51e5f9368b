/**
 * `npm run bench -- [--scale N] [--runs N] [--out DIR]`: builds (or reuses) a demo replica at the
 * given scale and prints how long the data layer's reads take, each beside a floor: the same rows
 * read by a minimal hand-written indexed SQL query on a raw connection. Ratios are taken within
 * one run, so they hold on any machine; absolute times are for this machine only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openAuditDatabase, type AuditService } from '../db/index';
import type { HistoryFilter } from '../shared/domain';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '40' },
    out: { type: 'string', default: path.join('.cache', 'bench') },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
let peakRss = process.memoryUsage().rss;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Median and p95 in milliseconds of `fn` over `runs` runs, after a warm-up. */
async function time(fn: () => unknown, n = runs): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < Math.min(5, n); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    sampleRss();
  }
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

const rows: string[][] = [];
function report(what: string, t: { median: number; p95: number }, floor?: { median: number }, note = ''): void {
  rows.push([
    what,
    t.median.toFixed(2),
    t.p95.toFixed(2),
    floor ? floor.median.toFixed(2) : '',
    floor ? `${(t.median / floor.median).toFixed(2)}×` : '',
    note,
  ]);
}

async function pageCursor(api: AuditService, table: string, id: number, page: number, limit: number, filter?: HistoryFilter) {
  let cursor: string | undefined;
  for (let i = 1; i < page; i++) {
    const next = (await api.getHistory({ table, id, limit, cursor, filter })).nextCursor;
    if (!next) return null;
    cursor = next;
  }
  return cursor;
}

async function main(): Promise<void> {
  fs.mkdirSync(values.out, { recursive: true });
  const file = path.resolve(values.out, `demo-seed1-scale${scale}.sqlite`);
  if (fs.existsSync(file)) {
    console.log(`Reusing ${file}`);
  } else {
    // In a child process, so the memory figure below is the reader's alone.
    console.log(`Generating ${file} ...`);
    const started = performance.now();
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const child = spawnSync(process.execPath, [tsx, 'db/demo/main.ts', '--out', file, '--seed', '1', '--scale', String(scale)], {
      stdio: ['ignore', 'inherit', 'ignore'],
    });
    if (child.status !== 0) throw new Error(`The demo generator failed (exit ${child.status}).`);
    console.log(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s (with start-up), ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
  }
  sampleRss();

  const api = await openAuditDatabase({ file, settings: { personId: 4 } });
  const raw = new Database(file, { readonly: true });
  const limit = 50;
  try {
    const { tables } = await api.listTables({});
    const logRows = tables.reduce((n, t) => n + t.logRowCount, 0);
    console.log(`Log rows in all tables: ${logRows.toLocaleString()}; page size ${limit}; ${runs} runs each\n`);

    // The longest log and a typical one, found by the same index history reads use.
    const longest = raw
      .prepare('SELECT CustomerID AS id, count(*) AS n FROM Customer_log GROUP BY CustomerID ORDER BY n DESC LIMIT 1')
      .get() as { id: number; n: number };
    const typical = raw
      .prepare('SELECT ContactID AS id, count(*) AS n FROM Contact_log WHERE ContactID IN (SELECT ID FROM Contact ORDER BY ID LIMIT 200) GROUP BY ContactID ORDER BY n LIMIT 1 OFFSET 100')
      .get() as { id: number; n: number };

    const floorFirst = raw.prepare('SELECT * FROM Customer_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC LIMIT ?');
    const floorOffset = raw.prepare('SELECT * FROM Customer_log WHERE CustomerID = ? ORDER BY ByTime DESC, ID DESC LIMIT ? OFFSET ?');
    const floorTypical = raw.prepare('SELECT * FROM Contact_log WHERE ContactID = ? ORDER BY ByTime DESC, ID DESC LIMIT ?');

    const first = await time(() => api.getHistory({ table: 'Customer', id: longest.id, limit }));
    report(`history, first page (Customer ${longest.id}, ${longest.n} entries)`, first, await time(() => floorFirst.all(longest.id, limit + 1)));
    report(
      `history, first page (Contact ${typical.id}, ${typical.n} entries)`,
      await time(() => api.getHistory({ table: 'Contact', id: typical.id, limit })),
      await time(() => floorTypical.all(typical.id, limit + 1)),
    );

    const deepPage = Math.min(20, Math.floor(longest.n / limit));
    const cursor = await pageCursor(api, 'Customer', longest.id, deepPage, limit);
    if (cursor) {
      const deep = await time(() => api.getHistory({ table: 'Customer', id: longest.id, limit, cursor }));
      const offset = await time(() => floorOffset.all(longest.id, limit + 1, (deepPage - 1) * limit));
      report(`history, page ${deepPage} by key`, deep, offset, `vs OFFSET floor; ${(deep.median / first.median).toFixed(2)}× first page`);
    }

    const byPerson: HistoryFilter = { by: { kind: 'person', personId: 4 } };
    report('history, first page, one person', await time(() => api.getHistory({ table: 'Customer', id: longest.id, limit, filter: byPerson })));
    const lastEntry = (await api.getHistory({ table: 'Customer', id: longest.id, limit: 1 })).entries[0]!;
    const to = lastEntry.byTime.slice(0, 10);
    const from = new Date(Date.parse(to) - 90 * 86_400_000).toISOString().slice(0, 10);
    const byDays: HistoryFilter = { from, to, timeZone: 'Europe/London' };
    report('history, first page, last 90 days', await time(() => api.getHistory({ table: 'Customer', id: longest.id, limit, filter: byDays })));
    report('history, first page with total', await time(() => api.getHistory({ table: 'Customer', id: longest.id, limit, withTotal: true })));
    report('record with log size', await time(() => api.getRecord({ table: 'Customer', id: longest.id })));
    report('records, first page', await time(() => api.listRecords({ table: 'Customer', limit: 100 })));
    report('records, text search', await time(() => api.listRecords({ table: 'Customer', search: 'smith', limit: 100 }), 10));
    report('people in the Customer log', await time(() => api.listPeople({ table: 'Customer' }), 5));
    report('deleted records, first page', await time(() => api.listDeletedRecords({ table: 'Customer', limit: 100 }), 5));
  } finally {
    raw.close();
    await api.close();
  }

  const headers = ['read', 'median ms', 'p95 ms', 'floor ms', 'ratio', ''];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [headers, ...rows]) console.log(r.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log(`\nPeak resident memory of this process: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
}

await main();
