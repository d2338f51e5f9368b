/**
 * `npm run demo-db -- --postgres URL`: loads the demo into a PostgreSQL database. The organisation
 * is simulated exactly as for the SQLite replica of the same seed (the replica is written too, in
 * a temporary folder unless asked to keep it) and every write is replayed into PostgreSQL, where
 * PL/pgSQL triggers write the logs from the session's `audit.by_id`. The same seed therefore gives
 * the same records and the same logs, ids included, on both engines.
 *
 * The history is replayed into a staging schema of its own, committed batch by batch, and moved
 * into place in one transaction at the end: a failure leaves the database as it was. (Replaying
 * millions of writes in one transaction would slow to a crawl: a row updated a thousand times
 * keeps every version until the commit, and each update must walk past all of them.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { parsePostgresUrl, redactUrl, type PostgresTarget } from '../../dialects/postgres/target';
import { generateDemoReplica } from '../generate';
import type { PlantedCase } from '../planted';
import { logTableName, quoteIdent, TABLES } from '../schema';
import { baseIndexDdl, baseTableDdl, demoTableNames, logIndexDdl, logTableDdl, qualified, triggerDdl } from './pg-schema';
import { LOGGING_ON_MARKER, SqlJournal } from './sql-journal';

export interface PostgresDemoOptions {
  /** `postgres://user[:password]@host:port/database[?schema=…]`; PGPASSWORD is used when it has no password. */
  url: string;
  seed?: number;
  scale?: number;
  /** Replace demo tables already in the schema, and a file already at `replicaOut`. */
  force?: boolean;
  /** Keep the SQLite replica of the same seed here (otherwise it is temporary); an existing file is replaced only with `force`. */
  replicaOut?: string;
  onProgress?: (message: string) => void;
}

export interface PostgresDemoStats {
  target: PostgresTarget;
  seed: number;
  scale: number;
  records: number;
  logRows: number;
  deletedRecords: number;
  seconds: number;
  tables: Record<string, { records: number; logRows: number }>;
  /** The cases planted for Review to find (db/demo/planted.ts). */
  planted: PlantedCase[];
}

/** Statements sent per round trip: large enough to hide latency, small enough to report progress. */
const BATCH = 2_000;

async function existingDemoTables(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2)',
    [schema, demoTableNames()],
  );
  return rows.map((r) => r.name);
}

export async function loadDemoIntoPostgres(options: PostgresDemoOptions): Promise<PostgresDemoStats> {
  const progress = options.onProgress ?? (() => undefined);
  const { target, password } = parsePostgresUrl(options.url);
  const { schema } = target;
  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  const client = new pg.Client({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: password ?? process.env.PGPASSWORD ?? '',
    ssl: target.ssl === 'disable' || target.ssl === 'prefer' ? false : { rejectUnauthorized: target.ssl === 'verify-full' },
    // Legacy log times are written as UTC text.
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: 10_000,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to ${redactUrl(options.url)}: ${error instanceof Error ? error.message : String(error)}`);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-demo-'));
  // Where the history is replayed before it is moved into `schema` (a name no one else uses).
  const staging = `${schema}_demo_load_${process.pid}`.slice(0, 63);
  let stagingMade = false;
  try {
    const present = await existingDemoTables(client, schema);
    if (present.length > 0 && !options.force) {
      throw new Error(`The schema ${schema} already holds demo tables (${present.join(', ')}); use --force to replace them.`);
    }

    progress('Simulating the organisation (the same history as the SQLite demo of this seed)…');
    const journal = new SqlJournal(path.join(work, 'writes.sql'), staging);
    const replica = options.replicaOut ?? path.join(work, 'demo.sqlite');
    let sqlite;
    try {
      sqlite = generateDemoReplica({
        out: replica,
        // The temporary twin may be replaced; a file the user named only when they said --force.
        force: options.replicaOut === undefined || options.force === true,
        recorder: journal,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.scale !== undefined ? { scale: options.scale } : {}),
      });
    } finally {
      journal.close();
    }
    progress(`Simulated ${journal.statements.toLocaleString('en-GB')} writes (${elapsed()}); replaying them into PostgreSQL…`);

    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(staging)} CASCADE`);
    await client.query(`CREATE SCHEMA ${quoteIdent(staging)}`);
    stagingMade = true;
    for (const spec of TABLES) {
      await client.query(baseTableDdl(staging, spec));
      for (const ddl of baseIndexDdl(staging, spec)) await client.query(ddl);
      await client.query(logTableDdl(staging, spec));
    }

    let batch: string[] = [];
    let replayed = 0;
    const send = async (): Promise<void> => {
      if (batch.length === 0) return;
      // One implicit transaction per batch: committed versions can be pruned as the replay goes.
      // The session's audit.* settings (set_config(…, false)) outlive each transaction.
      await client.query(batch.join('\n'));
      replayed += batch.length;
      batch = [];
      if (replayed % 200_000 < BATCH) progress(`Replayed ${replayed.toLocaleString('en-GB')} writes (${elapsed()})…`);
    };
    const lines = readline.createInterface({ input: fs.createReadStream(journal.file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === LOGGING_ON_MARKER) {
        await send();
        // From here on every change is logged by the PL/pgSQL triggers.
        for (const spec of TABLES) for (const ddl of triggerDdl(staging, spec)) await client.query(ddl);
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await send();
    }
    await send();

    progress(`Creating indexes (${elapsed()})…`);
    for (const spec of TABLES) for (const ddl of logIndexDdl(staging, spec)) await client.query(ddl);
    // New rows made after the demo (by anyone trying the triggers) get ids after the replayed ones.
    for (const spec of TABLES) {
      for (const table of [spec.name, logTableName(spec)]) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, 'ID'), coalesce((SELECT max("ID") FROM ${qualified(staging, table)}), 0) + 1, false)`,
          [qualified(staging, table)],
        );
      }
    }
    progress(`Vacuuming and analysing (${elapsed()})…`);
    // VACUUM as well as ANALYZE: it sets the visibility map (as autovacuum would on a live
    // database), without which index-only scans still visit every row's heap page.
    for (const name of demoTableNames()) await client.query(`VACUUM (ANALYZE) ${qualified(staging, name)}`);

    // Into place, all at once: the tables (with their indexes and id sequences) move to the schema,
    // and the logging triggers are made again there (their functions name the tables' schema).
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const name of present) await client.query(`DROP TABLE IF EXISTS ${qualified(schema, name)} CASCADE`);
    for (const spec of TABLES) await client.query(`DROP FUNCTION IF EXISTS ${qualified(schema, `${logTableName(spec)}_write`)}() CASCADE`);
    for (const spec of TABLES) await client.query(`DROP FUNCTION ${qualified(staging, `${logTableName(spec)}_write`)}() CASCADE`);
    for (const name of demoTableNames()) await client.query(`ALTER TABLE ${qualified(staging, name)} SET SCHEMA ${quoteIdent(schema)}`);
    for (const spec of TABLES) for (const ddl of triggerDdl(schema, spec)) await client.query(ddl);
    await client.query(`DROP SCHEMA ${quoteIdent(staging)}`);
    await client.query('COMMIT');
    stagingMade = false;

    const tables: PostgresDemoStats['tables'] = {};
    let records = 0;
    let logRows = 0;
    for (const spec of TABLES) {
      const count = async (table: string): Promise<number> =>
        Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(schema, table)}`)).rows[0]?.n ?? 0);
      const entry = { records: await count(spec.name), logRows: await count(logTableName(spec)) };
      tables[spec.name] = entry;
      records += entry.records;
      logRows += entry.logRows;
    }
    return {
      target,
      seed: sqlite.seed,
      scale: sqlite.scale,
      records,
      logRows,
      deletedRecords: sqlite.deletedRecords,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      tables,
      planted: sqlite.planted,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (stagingMade) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(staging)} CASCADE`).catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
