/** The benchmark on SQLite: the demo replica of the seed and scale (generated once, then reused). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openAuditDatabase } from '../db/index';
import { demoFileName } from './demo-replica';
import { indexedReplica, suggestedStatements } from './search-people';
import { BENCH_SETTINGS } from './bench-settings';
import type { BenchTarget, RawReader } from './suite';

export function replicaPath(dir: string, seed: number, scale: number): string {
  return path.resolve(dir, demoFileName(seed, scale));
}

/** Generates the replica in a child process (so this process's memory figure is the reader's alone). */
export function ensureReplica(file: string, seed: number, scale: number): void {
  if (fs.existsSync(file)) {
    console.log(`Reusing ${file}`);
    return;
  }
  console.log(`Generating ${file} ...`);
  const started = performance.now();
  const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
  const child = spawnSync(process.execPath, [tsx, 'db/demo/main.ts', '--out', file, '--seed', String(seed), '--scale', String(scale)], {
    stdio: ['ignore', 'inherit', 'ignore'],
  });
  if (child.status !== 0) throw new Error(`The demo generator failed (exit ${child.status}).`);
  console.log(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s (with start-up), ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
}

/** A raw better-sqlite3 connection: each statement prepared once, rows read as the driver gives them. */
function rawReader(file: string): RawReader {
  const db = new Database(file, { readonly: true });
  const statements = new Map<string, Database.Statement>();
  return {
    all(sqlText, params) {
      let statement = statements.get(sqlText);
      if (!statement) {
        statement = db.prepare(sqlText);
        statements.set(sqlText, statement);
      }
      return statement.all(...params) as Array<Record<string, unknown>>;
    },
    close() {
      db.close();
    },
  };
}

export async function openSqliteBench(options: { dir: string; seed: number; scale: number }): Promise<BenchTarget & { close(): Promise<void> }> {
  const file = replicaPath(options.dir, options.seed, options.scale);
  ensureReplica(file, options.seed, options.scale);
  const api = await openAuditDatabase({ source: { kind: 'sqlite', file }, settings: BENCH_SETTINGS });
  const raw = rawReader(file);
  return {
    engine: 'sqlite',
    api,
    raw,
    cliDb: file,
    settings: BENCH_SETTINGS,
    async withSuggestedIndexes() {
      const copy = indexedReplica(file, await suggestedStatements(api));
      const indexedApi = await openAuditDatabase({ source: { kind: 'sqlite', file: copy }, settings: BENCH_SETTINGS });
      const indexedRaw = rawReader(copy);
      return {
        api: indexedApi,
        raw: indexedRaw,
        async close() {
          indexedRaw.close();
          await indexedApi.close();
        },
      };
    },
    async close() {
      raw.close();
      await api.close();
    },
  };
}
