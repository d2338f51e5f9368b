/**
 * The benchmark's PostgreSQL database: a cluster kept in `.cache/bench/pg-data` (made once, then
 * reused) holding one database per demo format (db/demo/format.ts), seed and scale, loaded by the demo loader in a child process.
 * A database counts as built only once its load finished (it is then marked by a comment), so an
 * interrupted load is redone, never measured.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { PostgresTarget } from '../db/index';
import { DEMO_FORMAT } from '../db/demo/format';
import { startPgCluster, type PgCluster } from '../tests/support/pg-cluster';

const COMPLETE = 'audit-trail-browser bench: load complete';
/** The role the benchmark reads as: it may log in and read, nothing more (like the tests' reader). */
export const BENCH_READER = { user: 'bench_reader', password: 'bench-reader-secret' } as const;

export interface PostgresBenchDatabase {
  cluster: PgCluster;
  target: PostgresTarget;
  /** The reader role's password. */
  password: string;
  /** Whether this run loaded the database (rather than reusing it). */
  built: boolean;
}

function adminUrl(cluster: PgCluster, database: string): string {
  return `postgres://${cluster.adminUser}:${encodeURIComponent(cluster.adminPassword)}@${cluster.host}:${cluster.port}/${database}`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function ensurePostgresDemo(options: { dir: string; seed: number; scale: number; replica: string }): Promise<PostgresBenchDatabase> {
  const cluster = await startPgCluster({ dataDir: path.join(options.dir, 'pg-data') });
  try {
    // Keyed by the demo's format version too (db/demo/format.ts): a database loaded before the demo changed is not reused.
    const database = `demo_v${DEMO_FORMAT}_seed${options.seed}_scale${String(options.scale).replace(/\W/g, '_')}`;
    const state = await withClient(adminUrl(cluster, 'postgres'), async (admin) => {
      const { rows } = await admin.query<{ comment: string | null }>(
        'SELECT shobj_description(oid, \'pg_database\') AS comment FROM pg_database WHERE datname = $1',
        [database],
      );
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [BENCH_READER.user]);
      if (role.rowCount === 0) {
        await admin.query(`CREATE ROLE ${BENCH_READER.user} LOGIN PASSWORD '${BENCH_READER.password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      }
      if (rows[0]?.comment === COMPLETE) return 'complete';
      if (rows[0]) await admin.query(`DROP DATABASE "${database}"`);
      await admin.query(`CREATE DATABASE "${database}"`);
      return 'empty';
    });

    let built = false;
    if (state === 'empty') {
      console.log(`Loading the demo (seed ${options.seed}, scale ${options.scale}) into PostgreSQL database ${database} (port ${cluster.port}) ...`);
      const started = performance.now();
      const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
      // The admin password goes by PGPASSWORD, not on the command line where `ps` would show it.
      const url = `postgres://${cluster.adminUser}@${cluster.host}:${cluster.port}/${database}`;
      const args = [tsx, 'bench/load-postgres.ts', '--url', url, '--seed', String(options.seed), '--scale', String(options.scale)];
      // The simulation writes the SQLite replica of the same seed anyway: keep it when it is missing.
      if (!fs.existsSync(options.replica)) args.push('--replica-out', options.replica);
      const child = spawnSync(process.execPath, args, {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, PGPASSWORD: cluster.adminPassword },
      });
      if (child.status !== 0) throw new Error(`The PostgreSQL demo load failed (exit ${child.status}).`);
      await withClient(adminUrl(cluster, database), async (client) => {
        await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${BENCH_READER.user}`);
        await client.query(`COMMENT ON DATABASE "${database}" IS '${COMPLETE}'`);
      });
      console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (with start-up)`);
      built = true;
    } else {
      console.log(`Reusing PostgreSQL database ${database} (cluster ${cluster.dataDir}, port ${cluster.port})`);
    }
    return {
      cluster,
      target: { host: cluster.host, port: cluster.port, database, user: BENCH_READER.user, schema: 'public', ssl: 'disable' },
      password: BENCH_READER.password,
      built,
    };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}
