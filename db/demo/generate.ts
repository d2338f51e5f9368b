/**
 * Builds the demo replica: a SQLite file that looks like an organisation's database whose audit
 * logging is done by triggers (docs/data-model.md). The schema is created, the organisation as it was
 * before logging is loaded, the logging triggers are switched on, and then two and a half years of
 * activity are simulated day by day through the triggers.
 *
 * The file is written under a temporary name beside `FILE` (unique to this run, so two runs never
 * share it), flushed to disk and renamed over `FILE` only when complete, as every file the app
 * writes is (db/connections/atomic-file.ts): a crash or a failure never leaves a half file at
 * `FILE`, nor the temporary file. The same seed and scale always give the same content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { commitTempFile, tempFileBeside } from '../connections/atomic-file';
import { bootstrap } from './bootstrap';
import { Lifecycles } from './lifecycles';
import type { PlantedCase } from './planted';
import { Prng } from './prng';
import { baseIndexDdl, baseTableDdl, logIndexDdl, logTableDdl, logTableName, quoteIdent, TABLES, triggerDdl } from './schema';
import { AuditedWriter, AuditSession, type WriteRecorder } from './session';
import { simulate } from './simulate';
import { World } from './world';

export interface DemoOptions {
  /** Where to write the replica. */
  out: string;
  /** PRNG seed (a whole number from 0 to 4294967295; default 1). */
  seed?: number;
  /** Multiplies the number of records, and so of log rows (default 1: about 2,000 records). */
  scale?: number;
  /** Replace `out` if it exists (otherwise that is an error). */
  force?: boolean;
  onProgress?: (message: string) => void;
  /** Also receives every write, in order (to replay the same history into PostgreSQL). */
  recorder?: WriteRecorder;
}

export interface DemoStats {
  file: string;
  seed: number;
  scale: number;
  /** Rows in the base tables at the end (records that still exist). */
  records: number;
  /** Rows in all log tables, legacy rows included. */
  logRows: number;
  /** Records deleted during the simulation: gone from their tables, still in their logs. */
  deletedRecords: number;
  bytes: number;
  seconds: number;
  /** Per base table: its rows now, and its log's rows. */
  tables: Record<string, { records: number; logRows: number }>;
  /** The cases planted for Review to find (db/demo/planted.ts). */
  planted: PlantedCase[];
}

/** Largest scale accepted: far beyond what a demo needs, but it keeps a typo from filling a disk. */
const MAX_SCALE = 1_000;

function validate(options: DemoOptions): { out: string; seed: number; scale: number } {
  if (typeof options.out !== 'string' || options.out.trim() === '') throw new Error('An output file is required.');
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`The seed must be a whole number from 0 to 4294967295, not ${String(seed)}.`);
  }
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new Error(`The scale must be a number above 0 and at most ${MAX_SCALE}, not ${String(scale)}.`);
  }
  return { out: path.resolve(options.out), seed, scale };
}

/** A SQLite file and the companions SQLite may keep beside it. */
function removeWithCompanions(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Puts the finished replica in place. A replaced replica's companions go first: SQLite applies a
 * `-wal` or hot `-journal` it finds beside a database, and the old file's would corrupt the new one.
 */
function moveIntoPlace(temp: string, out: string): void {
  for (const suffix of ['-journal', '-wal', '-shm']) fs.rmSync(`${out}${suffix}`, { force: true });
  commitTempFile(temp, out);
}

export function generateDemoReplica(options: DemoOptions): DemoStats {
  const { out, seed, scale } = validate(options);
  const progress = options.onProgress ?? (() => undefined);
  if (fs.existsSync(out)) {
    if (!options.force) throw new Error(`Refusing to overwrite ${out}: it already exists (use --force to replace it).`);
    if (fs.statSync(out).isDirectory()) throw new Error(`${out} is a directory, not a file.`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = tempFileBeside(out);

  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const db = new Database(partial);
  try {
    // Speed over safety while generating: a crash only loses the temporary file (flushed before the rename).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -131072');
    db.pragma('foreign_keys = ON');

    db.exec('BEGIN');
    for (const spec of TABLES) {
      db.exec(baseTableDdl(spec));
      for (const ddl of baseIndexDdl(spec)) db.exec(ddl);
      db.exec(logTableDdl(spec));
    }
    const session = new AuditSession(db, options.recorder);
    const writer = new AuditedWriter(db, options.recorder);
    const world = new World(Prng.derive(seed, 'organisation'), scale, writer, session);
    const life = new Lifecycles(world);
    progress('Loading the organisation as it was before logging started…');
    bootstrap(world, life);
    // Logging is switched on: from now on every change is written to the logs by the triggers.
    for (const spec of TABLES) for (const ddl of triggerDdl(spec)) db.exec(ddl);
    options.recorder?.loggingOn();
    db.exec('COMMIT');

    const triggerRowsBefore = writer.rowsWritten;
    db.exec('BEGIN');
    const planted = simulate(world, life, {
      planted: Prng.derive(seed, 'planted'),
      onMonthEnd: (month) => {
        db.exec('COMMIT');
        const changes = (writer.rowsWritten - triggerRowsBefore).toLocaleString('en-GB');
        progress(`Simulated ${month}: ${changes} logged changes so far (${elapsed()}).`);
        db.exec('BEGIN');
      },
    });
    db.exec('COMMIT');

    progress(`Creating indexes (${elapsed()})…`);
    for (const spec of TABLES) for (const ddl of logIndexDdl(spec)) db.exec(ddl);
    progress(`Analysing (${elapsed()})…`);
    db.exec('ANALYZE');
    db.pragma('journal_mode = DELETE');

    const tables: DemoStats['tables'] = {};
    let records = 0;
    let logRows = 0;
    for (const spec of TABLES) {
      const count = (table: string): number =>
        (db.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number }).n;
      const entry = { records: count(spec.name), logRows: count(logTableName(spec)) };
      tables[spec.name] = entry;
      records += entry.records;
      logRows += entry.logRows;
    }
    db.close();
    moveIntoPlace(partial, out);

    const deletedRecords = Object.values(world.deleted).reduce((a, b) => a + b, 0);
    return {
      file: out,
      seed,
      scale,
      records,
      logRows,
      deletedRecords,
      bytes: fs.statSync(out).size,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      tables,
      planted,
    };
  } catch (error) {
    if (db.open) db.close();
    removeWithCompanions(partial);
    throw error;
  }
}
