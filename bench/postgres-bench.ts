/**
 * The benchmark on PostgreSQL: the demo of the seed and scale, loaded once into the benchmark's
 * own cluster (see postgres-data.ts) and read as a read-only role, over loopback TCP.
 */
import pg from 'pg';
import { openAuditDatabase } from '../db/index';
import { ensurePostgresDemo } from './postgres-data';
import { addPostgresIndexes, suggestedStatements } from './search-people';
import { replicaPath } from './sqlite-bench';
import { BENCH_SETTINGS } from './bench-settings';
import type { BenchTarget, RawReader } from './suite';

/**
 * A raw node-postgres client as the same role. Queries go as the app's do (one parameterised
 * query each, parsed and planned by the server each time); `?` placeholders become `$n`.
 */
async function rawReader(config: pg.ClientConfig): Promise<RawReader> {
  const client = new pg.Client(config);
  await client.connect();
  const texts = new Map<string, string>();
  return {
    async all(sqlText, params) {
      let text = texts.get(sqlText);
      if (text === undefined) {
        let n = 0;
        text = sqlText.replace(/\?/g, () => `$${++n}`);
        texts.set(sqlText, text);
      }
      return (await client.query(text, [...params])).rows as Array<Record<string, unknown>>;
    },
    close: () => client.end(),
  };
}

export async function openPostgresBench(options: { dir: string; seed: number; scale: number }): Promise<BenchTarget & { close(): Promise<void> }> {
  const demo = await ensurePostgresDemo({ ...options, replica: replicaPath(options.dir, options.seed, options.scale) });
  try {
    const api = await openAuditDatabase({ source: { kind: 'postgres', target: demo.target, password: demo.password }, settings: BENCH_SETTINGS });
    const { host, port, database, user } = demo.target;
    const raw = await rawReader({ host, port, database, user, password: demo.password });
    return {
      engine: 'postgres',
      api,
      raw,
      cliDb: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(demo.password)}@${host}:${port}/${encodeURIComponent(database)}`,
      settings: BENCH_SETTINGS,
      // The bench database's owner adds them where they are missing (a second run finds none).
      async withSuggestedIndexes() {
        const { cluster } = demo;
        const admin = { host: cluster.host, port: cluster.port, database, user: cluster.adminUser, password: cluster.adminPassword };
        await addPostgresIndexes(admin, await suggestedStatements(api));
        const indexedApi = await openAuditDatabase({ source: { kind: 'postgres', target: demo.target, password: demo.password }, settings: BENCH_SETTINGS });
        // The indexes are added to the same database: the raw reader reads it as it now is.
        return { api: indexedApi, raw, close: () => indexedApi.close() };
      },
      async close() {
        await raw.close();
        await api.close();
        demo.cluster.stop();
      },
    };
  } catch (error) {
    demo.cluster.stop();
    throw error;
  }
}
