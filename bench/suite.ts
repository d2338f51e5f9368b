/**
 * The reads the benchmark times, the same on every engine, each beside its floor where it has one:
 * the same rows read by a minimal hand-written indexed SQL query on a raw connection (no query
 * builder, no row normalisation, no diffing). Ratios are taken within one run, ours and the floor
 * timed in alternation, so they hold on any machine; absolute times are for this machine only.
 */
import { reviewRows } from './review-bench';
import type { AuditService } from '../db/index';
import type { SettingsFile } from '../db/settings';
import type { ActivityFilter, HistoryFilter, RecordId } from '../shared/domain';
import { activityFloor, cueFloor, fieldFloor, type FloorFilter } from './activity-floor';
import { healthRows } from './health-bench';
import { relatedFloor } from './related-floor';
import { mb, peakRss, time, timePair, type Timing } from './measure';
import { insightsRows } from './insights-bench';
import { searchPeopleRows } from './search-people';

/** A raw connection to the same database: hand-written SQL with `?` placeholders. */
export interface RawReader {
  all(sqlText: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>> | Array<Record<string, unknown>>;
  close(): Promise<void> | void;
}

export interface BenchTarget {
  engine: 'sqlite' | 'postgres';
  api: AuditService;
  raw: RawReader;
  /** The database as the CLI's `--db` names it (a replica's path, or a URL with the reader's password). */
  cliDb: string;
  /** The settings `api` was opened with (the CLI is given the same, as a `--config` file). */
  settings: SettingsFile;
  /** The same data with the indexes the app suggests added (search-people.ts), opened afresh, with a raw reader of it. */
  withSuggestedIndexes?: () => Promise<{ api: AuditService; raw: RawReader; close(): Promise<void> }>;
}

export interface SuiteOptions {
  /** Runs of each fast read (slow whole-log reads run fewer). */
  runs: number;
  /** Print nothing (the growth table reads the figures from the result instead). */
  quiet?: boolean;
}

export interface Targets {
  firstPageRatio: number;
  page500Ratio: number;
  peakRss: number;
  /** Every read timed, as printed (the growth table compares them across scales). */
  rows: Row[];
  /** Log rows in all tables of the database read. */
  logRows: number;
}

export interface Row {
  read: string;
  ours: Timing;
  floor?: Timing;
  note?: string;
}

const HISTORY_PAGE = 50;
const RECORDS_PAGE = 100;
const DEEP_PAGE = 500;

const ms = (t: number): string => t.toFixed(2);

function printTable(rows: Row[]): void {
  const headers = ['read', 'median ms', 'p95 ms', 'floor median', 'floor p95', 'ratio', 'note'];
  const cells = rows.map((r) => [
    r.read,
    ms(r.ours.median),
    ms(r.ours.p95),
    r.floor ? ms(r.floor.median) : '',
    r.floor ? ms(r.floor.p95) : '',
    r.floor ? `${(r.ours.median / r.floor.median).toFixed(2)}×` : '',
    r.note ?? '',
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string =>
    c.map((cell, i) => (i === 0 || i === 6 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/** Fails the run when our page and the floor's do not hold the same log rows in the same order. */
function sameRows(what: string, ours: readonly RecordId[], floor: ReadonlyArray<Record<string, unknown>>, key: string): void {
  const theirs = floor.map((row) => String(row[key]));
  const mine = ours.map(String);
  if (mine.length !== theirs.length || mine.some((id, i) => id !== theirs[i])) {
    throw new Error(`${what}: our page and the floor's differ (${mine.slice(0, 3).join(',')}… vs ${theirs.slice(0, 3).join(',')}…)`);
  }
}

/** Fails the run when our Activity page and the floor's do not hold the same entries in the same order. */
function sameEntries(what: string, ours: readonly string[], floor: readonly string[]): void {
  if (ours.length !== floor.length || ours.some((key, i) => key !== floor[i])) {
    throw new Error(`${what}: our page and the floor's differ (${ours.slice(0, 3).join(',')}… vs ${floor.slice(0, 3).join(',')}…)`);
  }
}

export async function runSuite(target: BenchTarget, options: SuiteOptions): Promise<Targets> {
  const { api, raw } = target;
  const runs = options.runs;
  const slowRuns = Math.max(3, Math.min(10, runs));
  const rows: Row[] = [];

  const { tables, relations } = await api.listTables({});
  const logRows = tables.reduce((n, t) => n + t.logRowCount, 0);
  if (!options.quiet) console.log(`Log rows in all tables: ${logRows.toLocaleString('en-GB')}; history pages of ${HISTORY_PAGE}, record pages of ${RECORDS_PAGE}; ${runs} runs each (${slowRuns} for whole-log reads)\n`);

  // The longest log and a typical one, found by a hand-written query (not timed).
  const [longest] = (await raw.all(
    'SELECT "CustomerID" AS id, count(*) AS n FROM "Customer_log" GROUP BY "CustomerID" ORDER BY n DESC, "CustomerID" LIMIT 1',
    [],
  )) as Array<{ id: unknown; n: unknown }>;
  const [typical] = (await raw.all(
    `SELECT "ContactID" AS id, count(*) AS n FROM "Contact_log"
     WHERE "ContactID" IN (SELECT "ID" FROM "Contact" ORDER BY "ID" LIMIT 200)
     GROUP BY "ContactID" ORDER BY n, "ContactID" LIMIT 1 OFFSET 100`,
    [],
  )) as Array<{ id: unknown; n: unknown }>;
  if (!longest || !typical) throw new Error('The demo database has no Customer or Contact logs.');
  const longId = Number(longest.id);
  const longN = Number(longest.n);
  const typicalId = Number(typical.id);

  // History, first page, against the floor the issue names. The floor reads exactly our page's
  // rows; we read one more (to know whether there is a next page, and as the last entry's
  // predecessor) and turn each into an entry with what it changed.
  const floorHistory = 'SELECT * FROM "Customer_log" WHERE "CustomerID" = ? ORDER BY "ByTime" DESC, "ID" DESC LIMIT ?';
  sameRows(
    'history, first page',
    (await api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE })).entries.map((e) => e.logId),
    await raw.all(floorHistory, [longId, HISTORY_PAGE]),
    'ID',
  );
  const firstPage = () => api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE });
  const [first, firstFloor] = await timePair(firstPage, () => raw.all(floorHistory, [longId, HISTORY_PAGE]), runs);
  rows.push({ read: `history, first page (Customer ${longId}, ${longN.toLocaleString('en-GB')} entries)`, ours: first, floor: firstFloor, note: 'target ≤ 1.50×' });

  const floorTypical = 'SELECT * FROM "Contact_log" WHERE "ContactID" = ? ORDER BY "ByTime" DESC, "ID" DESC LIMIT ?';
  const [typicalOurs, typicalFloor] = await timePair(
    () => api.getHistory({ table: 'Contact', id: typicalId, limit: HISTORY_PAGE }),
    () => raw.all(floorTypical, [typicalId, HISTORY_PAGE]),
    runs,
  );
  rows.push({ read: `history, first page (Contact ${typicalId}, ${Number(typical.n)} entries)`, ours: typicalOurs, floor: typicalFloor });

  // The same long log's last page, reached by following cursors (only its own fetch is timed),
  // against the floor reading that page by OFFSET.
  let cursor: string | undefined;
  let page = 1;
  for (;;) {
    const next = (await api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE, cursor })).nextCursor;
    if (!next) break;
    cursor = next;
    page += 1;
  }
  if (page > 1) {
    const lastPage = () => api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE, cursor });
    const [last, lastFloor] = await timePair(lastPage, () => raw.all(`${floorHistory} OFFSET ?`, [longId, HISTORY_PAGE, (page - 1) * HISTORY_PAGE]), runs);
    // Against our own first page, timed in alternation with it (not with the floor: an OFFSET
    // read beside it would disturb it more than a first page does).
    const [firstAgain, lastAgain] = await timePair(firstPage, lastPage, runs);
    rows.push({
      read: `history, last page (${page}) by key`,
      ours: last,
      floor: lastFloor,
      note: `floor by OFFSET; ${(lastAgain.median / firstAgain.median).toFixed(2)}× our first page`,
    });
  }

  const byPerson: HistoryFilter = { by: { kind: 'person', personId: 4 } };
  rows.push({ read: 'history, first page, one person', ours: await time(() => api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE, filter: byPerson }), runs) });
  const newest = (await api.getHistory({ table: 'Customer', id: longId, limit: 1 })).entries[0]!;
  const to = (newest.byTime ?? '').slice(0, 10);
  const from = new Date(Date.parse(to) - 90 * 86_400_000).toISOString().slice(0, 10);
  const byDays: HistoryFilter = { from, to, timeZone: 'Europe/London' };
  rows.push({ read: 'history, first page, last 90 days', ours: await time(() => api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE, filter: byDays }), runs) });
  rows.push({ read: 'history, first page with total', ours: await time(() => api.getHistory({ table: 'Customer', id: longId, limit: HISTORY_PAGE, withTotal: true }), runs) });

  // "Page 500": the record list of the table with the most records, 100 to a page. Its 500th page
  // (records 49,901 to 50,000) is reached by following cursors, as a user scrolling would, and only
  // that page's fetch is timed, beside the same page read by OFFSET (which must walk past the
  // 49,900 records before it) and beside our own first page: paging by key costs the same at any
  // depth. (No history is long enough for page 500: the longest log has about 1,400 entries.)
  const big = [...tables].filter((t) => t.recordCount !== null).sort((a, b) => (b.recordCount ?? 0) - (a.recordCount ?? 0))[0]!;
  const key = big.recordKey ?? 'ID';
  const floorFirstRecords = `SELECT * FROM "${big.name}" ORDER BY "${key}" LIMIT ?`;
  const recordsFirstPage = () => api.listRecords({ table: big.name, limit: RECORDS_PAGE });
  const [recordsFirst, recordsFirstFloor] = await timePair(recordsFirstPage, () => raw.all(floorFirstRecords, [RECORDS_PAGE]), runs);
  rows.push({ read: `records, first page (${big.name}, ${(big.recordCount ?? 0).toLocaleString('en-GB')} records)`, ours: recordsFirst, floor: recordsFirstFloor });

  let recordsCursor: string | undefined;
  let recordsPage = 1;
  while (recordsPage < DEEP_PAGE) {
    const next = (await api.listRecords({ table: big.name, limit: RECORDS_PAGE, cursor: recordsCursor })).nextCursor;
    if (!next) break;
    recordsCursor = next;
    recordsPage += 1;
  }
  const offset = (recordsPage - 1) * RECORDS_PAGE;
  const floorOffset = `SELECT * FROM "${big.name}" ORDER BY "${key}" LIMIT ? OFFSET ?`;
  const deepPage = () => api.listRecords({ table: big.name, limit: RECORDS_PAGE, cursor: recordsCursor });
  sameRows(`records, page ${recordsPage}`, (await deepPage()).records.map((r) => r.id), await raw.all(floorOffset, [RECORDS_PAGE, offset]), key);
  const [deep, deepOffset] = await timePair(deepPage, () => raw.all(floorOffset, [RECORDS_PAGE, offset]), runs);
  // The target compares our page 500 with our first page, so those two are timed in alternation.
  const [firstBeside, deepBeside] = await timePair(recordsFirstPage, deepPage, runs);
  const page500Ratio = deepBeside.median / firstBeside.median;
  rows.push({
    read: `records, deep page by key (page ${recordsPage})`,
    ours: deep,
    floor: deepOffset,
    note: `floor by OFFSET ${offset.toLocaleString('en-GB')}; ${page500Ratio.toFixed(2)}× our first page (target ≤ 2.00×)`,
  });

  // Search and people as the database is, then with the indexes the app suggests (search-people.ts).
  rows.push(...(await searchPeopleRows(api, runs, slowRuns)));
  const indexed = target.withSuggestedIndexes ? await target.withSuggestedIndexes() : null;
  try {
    if (indexed) rows.push(...(await searchPeopleRows(indexed.api, runs, slowRuns)));
    const groupBy = 'SELECT "ByID", count(*), max("ByTime") FROM "Customer_log" WHERE "ByID" IS NOT NULL GROUP BY "ByID"';
    rows.push({ read: 'people in the Customer log, hand-written GROUP BY', ours: await time(() => raw.all(groupBy, []), slowRuns, 1) });
    rows.push({ read: 'people in one record\'s log', ours: await time(() => api.listPeople({ table: 'Customer', recordId: longId }), runs) });

    // Activity merges every log newest first by its (ByTime, ID) index; the second page starts at a
    // cursor in every table at once. Each filter beside its hand-written floor (bench/activity-floor.ts).
    const activityFirst = await api.listActivity({ limit: HISTORY_PAGE });
    const activityReads: Array<[string, ActivityFilter | undefined, FloorFilter | undefined]> = [
      ['activity, first page, all tables', undefined, undefined],
      ['activity, first page, cue Deleted', { cues: ['Deleted'] }, cueFloor('Deleted')],
      ['activity, first page, field Phone', { field: 'Phone' }, fieldFloor('Phone', target.engine)],
    ];
    for (const [read, filter, floorFilter] of activityReads) {
      const ours = () => api.listActivity({ limit: HISTORY_PAGE, filter });
      const floor = () => activityFloor(raw, tables, HISTORY_PAGE, floorFilter);
      sameEntries(read, (await ours()).entries.map((e) => `${e.table}:${String(e.logId)}`), await floor());
      const [oursTime, floorTime] = await timePair(ours, floor, runs);
      rows.push({ read, ours: oursTime, floor: floorTime, note: 'target ≤ 1.50×' });
    }
    const estimated = await api.listActivity({ limit: HISTORY_PAGE, withTotal: true });
    rows.push({
      read: 'activity, first page with total',
      ours: await time(() => api.listActivity({ limit: HISTORY_PAGE, withTotal: true }), runs),
      note: `${estimated.totalIsEstimate ? 'about ' : ''}${estimated.total?.toLocaleString('en-GB') ?? 'unknown'} of ${logRows.toLocaleString('en-GB')}`,
    });
    rows.push({
      read: 'activity, second page, all tables',
      ours: await time(() => api.listActivity({ limit: HISTORY_PAGE, cursor: activityFirst.nextCursor ?? undefined }), runs),
    });
    rows.push({ read: 'activity, first page, one person', ours: await time(() => api.listActivity({ limit: HISTORY_PAGE, filter: byPerson }), runs) });

    // A record's related log: its own log and its family's merged (bench/related-floor.ts: one
    // UNION ALL of the same indexed queries, sorted and limited), as the database is and with the
    // index on each child log's relation column that the app suggests (without it, finding a
    // record's children reads each child log whole, ours and the floor alike).
    //
    // The data layer remembers a family while the database is unchanged (SQLite's data_version;
    // db/queries/related-history.ts), so reading Customer 1 again and again measures the pages
    // after the first. A story opened for the first time is measured on 20 customers in turn
    // (more than it remembers), each beside the floor for the same customer.
    const CUSTOMERS = Array.from({ length: 20 }, (_, i) => i + 1);
    const relatedRow = async (reader: AuditService, rawReader: RawReader, withIndexes: boolean): Promise<void> => {
      const indexes = withIndexes ? '; suggested indexes' : '';
      const page = (id: number) => reader.getRelatedHistory({ table: 'Customer', id, depth: 2, limit: HISTORY_PAGE });
      const floorOf = (id: number) => relatedFloor(rawReader, tables, relations, 'Customer', id, 2, HISTORY_PAGE);
      for (const id of CUSTOMERS.slice(0, 3)) sameEntries(`related history, Customer ${id}`, (await page(id)).entries.map((e) => `${e.table}:${String(e.logId)}`), await floorOf(id));
      let ourTurn = 0;
      let floorTurn = 0;
      const [coldTime, coldFloor] = await timePair(
        () => page(CUSTOMERS[ourTurn++ % CUSTOMERS.length]!),
        () => floorOf(CUSTOMERS[floorTurn++ % CUSTOMERS.length]!),
        withIndexes ? runs : slowRuns,
        0,
      );
      rows.push({ read: `related history, first page (customers 1–20 in turn, depth 2${indexes})`, ours: coldTime, floor: coldFloor, note: withIndexes ? 'target ≤ 3.00×; each story read for the first time' : '' });
      if (!withIndexes) return;
      const [warmTime, warmFloor] = await timePair(() => page(1), () => floorOf(1), runs);
      rows.push({ read: `related history, first page again (Customer 1, depth 2${indexes})`, ours: warmTime, floor: warmFloor, note: 'its family remembered (SQLite)' });
    };
    await relatedRow(api, raw, false);
    if (indexed) await relatedRow(indexed.api, indexed.raw, true);
  } finally {
    await indexed?.close();
  }

  // Log health (bench/health-bench.ts): its first figures at once, the whole view beside its floor.
  rows.push(...(await healthRows(target, runs, slowRuns)));
  rows.push(...(await reviewRows(target.api, slowRuns)));
  // Insights: a month's and the whole history's charts, beside hand-written GROUP BYs (bench/insights-bench.ts).
  rows.push(...(await insightsRows(api, raw, target.engine, tables, runs)));

  const peak = peakRss();
  if (!options.quiet) {
    printTable(rows);
    console.log(`\nPeak resident memory of this process so far: ${mb(peak)}`);
  }
  return { firstPageRatio: first.median / firstFloor.median, page500Ratio, peakRss: peak, rows, logRows };
}
