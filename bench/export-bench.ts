/**
 * The export of the whole activity as CSV, ours beside its floor, in one run on one engine.
 *
 * Ours: the CLI's `audit-trail export --out FILE` (the precompiled CLI a user runs, with the
 * benchmark's settings as its `--config`), in a process of its own, so that its time is the whole
 * export's and its peak memory (`maxRSS`, reported by the process as it exits) is the export's
 * alone, not the high-water mark of a benchmark that has read much else first. The UI's export
 * runs the same exporter (db/export/) in its shell. The floor, as the issue names it: one pass
 * per log with `LAG()` over (parent key, ByTime, ID) (every field and the cue of the record's
 * previous entry beside each row), newest first, written as CSV by the engine's fastest path
 * (PostgreSQL: `COPY … TO STDOUT (FORMAT csv)` through pg-copy-streams; SQLite: better-sqlite3's
 * raw rows joined into lines), the logs merged by time as they stream (a k-way merge on the stored
 * ByTime). It diffs nothing and masks nothing: one line per log row, not per change.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { LoggedTable } from '../shared/domain';
import { mb } from './measure';
import { BENCH_READER } from './postgres-data';
import type { BenchTarget } from './suite';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin', 'audit-trail.js');

export interface ExportFigures {
  engine: 'sqlite' | 'postgres';
  entries: number;
  oursSeconds: number;
  floorSeconds: number;
  floorLines: number;
  /** The exporting process's own peak resident memory (bytes; the highest of its runs). */
  peakRss: number;
  /** The exporting process's own CPU time (user + system, seconds; median of its runs). */
  oursCpuSeconds: number;
  /** Runs of each side (the times are their medians). */
  runs: number;
  /** The machine's 1-minute load average before each run, highest (the machine is shared). */
  load: number;
  /** The SHA-256 of our CSV file (the same on every run, or the runs differ): an output that must not change. */
  sha256: string;
}

/** A file's SHA-256, read a chunk at a time. */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Whole-log reads take minutes at scale 100: each side runs once by default; with `runs` above one
 * ours and the floor alternate (ours, floor, ours, …), so both see the same state of a shared machine.
 */
export async function runExportBench(target: BenchTarget, out = os.tmpdir(), runs = 1): Promise<ExportFigures> {
  const file = path.join(out, `audit-trail-bench-export-${target.engine}-${process.pid}.csv`);
  const config = path.join(out, `audit-trail-bench-settings-${process.pid}.json`);
  try {
    fs.writeFileSync(config, JSON.stringify(target.settings));
    const { tables } = await target.api.listTables({});
    const oursSeconds: number[] = [];
    const oursCpu: number[] = [];
    const floorSeconds: number[] = [];
    let entries = 0;
    let floorLines = 0;
    let peak = 0;
    let load = 0;
    const digests = new Set<string>();
    for (let run = 0; run < runs; run++) {
      load = Math.max(load, os.loadavg()[0]!);
      const ours = exportWithCli(target.cliDb, config, file);
      digests.add(await fileSha256(file));
      fs.rmSync(file, { force: true });
      oursSeconds.push(ours.seconds);
      oursCpu.push(ours.cpuSeconds);
      entries = ours.entries;
      peak = Math.max(peak, ours.peakRss);

      load = Math.max(load, os.loadavg()[0]!);
      const began = performance.now();
      floorLines = target.engine === 'sqlite' ? await sqliteFloor(target.api.engine.source.location, tables, file) : await postgresFloor(target.cliDb, tables, file);
      floorSeconds.push((performance.now() - began) / 1000);
      fs.rmSync(file, { force: true });
      if (runs > 1) {
        const ratio = oursSeconds.at(-1)! / floorSeconds.at(-1)!;
        console.log(`run ${run + 1}: ours ${ours.seconds.toFixed(1)} s (CPU ${ours.cpuSeconds.toFixed(1)} s), floor ${floorSeconds.at(-1)!.toFixed(1)} s, ${ratio.toFixed(2)}×, load ${os.loadavg()[0]!.toFixed(2)}`);
      }
    }
    return {
      engine: target.engine,
      entries,
      oursSeconds: median(oursSeconds),
      floorSeconds: median(floorSeconds),
      floorLines,
      peakRss: peak,
      oursCpuSeconds: median(oursCpu),
      runs,
      load,
      sha256: [...digests].join(' / '),
    };
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(config, { force: true });
  }
}

/** Printed on stderr by the exporting process as it exits: its own peak resident memory. */
const PEAK_MARK = 'bench-peak-rss-kib';
/** Printed beside it: the process's own CPU time, user and system (microseconds). */
const CPU_MARK = 'bench-cpu-us';
const REPORT_PEAK = `data:text/javascript,${encodeURIComponent(
  `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\n${PEAK_MARK} ' + u.maxRSS + '\\n${CPU_MARK} ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });`,
)}`;

/** The CLI's export of the whole activity as CSV into `file`: its time, entries and peak memory. */
function exportWithCli(db: string, config: string, file: string): { seconds: number; entries: number; peakRss: number; cpuSeconds: number } {
  // A first call builds the precompiled CLI if a source changed since: not part of the export.
  const built = spawnSync(process.execPath, [CLI, '--help'], { cwd: ROOT, stdio: 'ignore' });
  if (built.status !== 0) throw new Error('audit-trail --help failed.');
  const began = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORT_PEAK, CLI, 'export', '--db', db, '--config', config, '--format', 'csv', '--out', file], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seconds = (performance.now() - began) / 1000;
  const said = `${child.stdout}${child.stderr}`;
  if (child.status !== 0) throw new Error(`audit-trail export failed (${child.status ?? child.signal}): ${said}`);
  const entries = /Exported ([\d,]+) entries/.exec(said)?.[1];
  const peak = new RegExp(`${PEAK_MARK} (\\d+)`).exec(said)?.[1];
  const cpu = new RegExp(`${CPU_MARK} (\\d+)`).exec(said)?.[1];
  if (entries === undefined || peak === undefined || cpu === undefined) throw new Error(`audit-trail export said neither its entries nor its peak memory: ${said}`);
  return { seconds, entries: Number(entries.replace(/,/g, '')), peakRss: Number(peak) * 1024, cpuSeconds: Number(cpu) / 1e6 };
}

export const EXPORT_RATIO_TARGET = 1.2;
export const EXPORT_RSS_TARGET = 300 * 1024 * 1024;

/** The figures as a table, then whether each engine meets the targets (within 1.2× of the floor, under 300 MB). */
export function printExportFigures(figures: readonly ExportFigures[]): void {
  const runs = Math.max(...figures.map((f) => f.runs), 1);
  console.log(`\nexport of the whole activity as CSV (${runs === 1 ? 'one run each' : `median of ${runs} runs each, alternating`})`);
  console.log('engine     entries      ours s  floor s  ratio  ours entries/s  floor entries/s  peak RSS  ours CPU s  load');
  for (const f of figures) {
    console.log(
      [
        f.engine.padEnd(8),
        f.entries.toLocaleString('en-GB').padStart(11),
        f.oursSeconds.toFixed(1).padStart(9),
        f.floorSeconds.toFixed(1).padStart(8),
        `${(f.oursSeconds / f.floorSeconds).toFixed(2)}×`.padStart(6),
        Math.round(f.entries / f.oursSeconds).toLocaleString('en-GB').padStart(15),
        Math.round(f.floorLines / f.floorSeconds).toLocaleString('en-GB').padStart(16),
        mb(f.peakRss).padStart(9),
        f.oursCpuSeconds.toFixed(1).padStart(10),
        f.load.toFixed(2).padStart(5),
      ].join('  '),
    );
  }
  for (const f of figures) console.log(`${f.engine.padEnd(8)} our CSV's SHA-256: ${f.sha256}`);
  const check = (ok: boolean): string => (ok ? 'met    ' : 'NOT met');
  for (const f of figures) {
    const ratio = f.oursSeconds / f.floorSeconds;
    console.log(`${f.engine.padEnd(8)} ${check(ratio <= EXPORT_RATIO_TARGET)}  export ${ratio.toFixed(2)}× the floor (target ≤ ${EXPORT_RATIO_TARGET.toFixed(2)}×)`);
    console.log(`${''.padEnd(8)} ${check(f.peakRss < EXPORT_RSS_TARGET)}  peak resident memory ${mb(f.peakRss)} of the exporting process (target < ${mb(EXPORT_RSS_TARGET)})`);
  }
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The floor's query of one log: every row, its previous entry's fields and cue beside it, newest first; ByTime first. */
function floorQuery(t: LoggedTable, logRef: string): string {
  const carried = [...t.fields.map((f) => f.name), 'ChangeCue'];
  const lags = carried.map((c, i) => `LAG(${q(c)}) OVER w AS p${i}`).join(', ');
  return `SELECT "ByTime", l.*, ${lags} FROM ${logRef} AS l
    WINDOW w AS (PARTITION BY ${q(t.parentKey)} ORDER BY "ByTime", "ID")
    ORDER BY "ByTime" DESC, "ID" DESC`;
}

/** A k-way merge of sorted line streams by their keys (highest first, ties to the earlier stream), written to `file`. */
async function mergeInto(file: string, sources: Array<AsyncIterator<[string, string]>>): Promise<number> {
  const out = fs.createWriteStream(file);
  const heads = await Promise.all(sources.map((s) => s.next()));
  let text = '';
  let lines = 0;
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!;
      if (!h.done && (best < 0 || h.value[0] > (heads[best]!.value as [string, string])[0])) best = i;
    }
    if (best < 0) break;
    text += (heads[best]!.value as [string, string])[1];
    lines += 1;
    heads[best] = await sources[best]!.next();
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
      text = '';
    }
  }
  out.end(text);
  await finished(out);
  return lines;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function sqliteFloor(fileName: string, tables: readonly LoggedTable[], file: string): Promise<number> {
  const db = new Database(fileName, { readonly: true });
  try {
    const sources = tables.map((t) => {
      const rows = db.prepare(floorQuery(t, q(t.logTable))).raw(true).iterate() as IterableIterator<unknown[]>;
      return (async function* (): AsyncGenerator<[string, string]> {
        for (const row of rows) yield [String(row[0] ?? ''), `${row.map(csvCell).join(',')}\r\n`];
      })();
    });
    return await mergeInto(file, sources);
  } finally {
    db.close();
  }
}

/** Lines of a CSV text stream (a quoted field may hold line breaks), each with its first field as key. */
async function* csvLines(stream: AsyncIterable<Buffer>): AsyncGenerator<[string, string]> {
  let rest = '';
  let quoted = false;
  for await (const chunk of stream) {
    const text = rest + chunk.toString('utf8');
    let start = 0;
    for (let i = rest.length; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) {
        const line = text.slice(start, i + 1);
        const comma = line.indexOf(',');
        yield [comma < 0 ? line : line.slice(0, comma), line];
        start = i + 1;
      }
    }
    rest = text.slice(start);
  }
}

/** `db`: the URL the CLI is given (with the reader's password), read as the same role. */
async function postgresFloor(db: string, tables: readonly LoggedTable[], file: string): Promise<number> {
  const url = new URL(db);
  const config: pg.ClientConfig = {
    host: url.hostname,
    port: Number(url.port),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: url.password === '' ? BENCH_READER.password : decodeURIComponent(url.password),
  };
  const clients = tables.map(() => new pg.Client(config));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    const sources = tables.map((t, i) => {
      const copy = clients[i]!.query(copyTo(`COPY (${floorQuery(t, `public.${q(t.logTable)}`)}) TO STDOUT (FORMAT csv)`));
      return csvLines(copy);
    });
    return await mergeInto(file, sources);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
