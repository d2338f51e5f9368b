/**
 * `npx tsx bench/long-values.ts [--engine sqlite|postgres|both]`
 *
 * What very long values cost: the fixture of tests/integration/fixtures/long-values.ts (one
 * document whose log has twelve entries, each holding a 10 MB text) on each engine, the PostgreSQL
 * one in a throwaway cluster. For each engine it runs the real `audit-trail` executable under
 * `/usr/bin/time -v` and reports its peak resident memory, time and output size for
 * `history … --format json` and `export … --format csv|jsonl`; then it starts a web shell in a
 * child process and reports the time and size of its getHistory answer (the first page of 50),
 * and that process's peak resident memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openAuditDatabase, type DataSource } from '../db/index';
import { startWebShell } from '../server/web-shell';
import { longValuesFixture } from '../tests/integration/fixtures/long-values';
import { writeReplica } from '../tests/integration/fixtures/replica';
import { startPgCluster } from '../tests/support/pg-cluster';

const CLI = path.resolve(import.meta.dirname, '../bin/audit-trail.js');
const SELF = path.resolve(import.meta.dirname, 'long-values.ts');
const TSX = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    engine: { type: 'string', default: 'both' },
    // Internal: the web shell child.
    serve: { type: 'string' },
  },
});

if (values.serve) await serve(JSON.parse(values.serve) as DataSource);
else await main();

/** The web shell child: serves `source`, prints its origin and token, stops on stdin's end. */
async function serve(source: DataSource): Promise<void> {
  const service = await openAuditDatabase({ source, settings: {} });
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-long-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  const shell = await startWebShell({ api: service, staticDir, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify({ origin: shell.origin, token: shell.token })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void (async () => {
      await shell.close();
      await service.close();
      fs.rmSync(staticDir, { recursive: true, force: true });
      process.stdout.write(`${JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
      process.exit(0);
    })();
  });
}

interface Run {
  maxRss: number;
  seconds: number;
  outputBytes: number;
  code: number;
}

/** Runs the CLI under /usr/bin/time -v, its stdout into a file; peak RSS from time's report. */
function timedCli(args: string[], env: NodeJS.ProcessEnv, outFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(outFile, 'w');
    const began = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, CLI, ...args], { env, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(out);
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (!kb) return reject(new Error(`No memory figure from /usr/bin/time:\n${stderr.slice(-2000)}`));
      if (code !== 0) process.stderr.write(stderr.slice(-1500));
      const seconds = (performance.now() - began) / 1000;
      resolve({ maxRss: Number(kb[1]) * 1024, seconds, outputBytes: fs.statSync(outFile).size, code: code ?? -1 });
    });
  });
}

async function webShellHistory(source: DataSource, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(TSX, [SELF, '--serve', JSON.stringify(source)], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffer = '';
  let wake: (() => void) | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
      wake?.();
    }
  });
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((r) => (wake = r));
    return lines.shift()!;
  };
  const { origin, token } = JSON.parse(await nextLine()) as { origin: string; token: string };
  const began = performance.now();
  let report: string;
  try {
    const response = await fetch(`${origin}/api/getHistory`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Audit-Token': token },
      body: JSON.stringify({ table: 'Document', id: 1, limit: 50 }),
      signal: AbortSignal.timeout(120_000),
    });
    const body = Buffer.from(await response.arrayBuffer());
    const seconds = (performance.now() - began) / 1000;
    report = `HTTP ${response.status} in ${seconds.toFixed(2)} s, ${mib(body.length)} (${body.length.toLocaleString('en-GB')} bytes)`;
  } catch (error) {
    report = `failed after ${((performance.now() - began) / 1000).toFixed(1)} s: ${error instanceof Error ? error.message : String(error)}`;
  }
  child.stdin.end();
  const { maxRss } = JSON.parse(await nextLine()) as { maxRss: number };
  return `${report}; web shell peak RSS ${mib(maxRss)}`;
}

async function main(): Promise<void> {
  const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : [values.engine as 'sqlite' | 'postgres'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-long-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const cluster = engines.includes('postgres') ? await startPgCluster() : null;
  try {
    for (const engine of engines) {
      let db: string;
      let source: DataSource;
      const env: NodeJS.ProcessEnv = { ...process.env, AUDIT_TRAIL_HOME: home, AUDIT_TRAIL_DB: '', PGPASSWORD: '' };
      if (engine === 'sqlite') {
        db = writeReplica(path.join(dir, 'long.sqlite'), longValuesFixture('sqlite'));
        source = { kind: 'sqlite', file: db };
      } else {
        const admin = (database: string) => `postgres://${cluster!.adminUser}:${encodeURIComponent(cluster!.adminPassword)}@${cluster!.host}:${cluster!.port}/${database}`;
        const run = async (database: string, text: string) => {
          const client = new pg.Client({ connectionString: admin(database) });
          await client.connect();
          try {
            await client.query(text);
          } finally {
            await client.end();
          }
        };
        await run('postgres', 'CREATE DATABASE long_values');
        await run('long_values', longValuesFixture('postgres'));
        db = `postgres://${cluster!.adminUser}@${cluster!.host}:${cluster!.port}/long_values`;
        env.PGPASSWORD = cluster!.adminPassword;
        source = {
          kind: 'postgres',
          target: { host: cluster!.host, port: cluster!.port, database: 'long_values', user: cluster!.adminUser, schema: 'public', ssl: 'disable' },
          password: cluster!.adminPassword,
        };
      }
      console.log(`\n${engine}:`);
      const cases: Array<[string, string[]]> = [
        ['history --format json', ['history', 'Document', '1', '--db', db, '--format', 'json']],
        ['export --format csv', ['export', 'Document', '1', '--db', db, '--format', 'csv']],
        ['export --format jsonl', ['export', 'Document', '1', '--db', db, '--format', 'jsonl']],
      ];
      for (const [name, args] of cases) {
        const r = await timedCli(args, env, path.join(dir, 'out'));
        console.log(`  ${name.padEnd(22)} exit ${r.code}, peak RSS ${mib(r.maxRss)}, ${r.seconds.toFixed(1)} s, output ${mib(r.outputBytes)} (${r.outputBytes.toLocaleString('en-GB')} bytes)`);
      }
      console.log(`  web shell getHistory   ${await webShellHistory(source, env)}`);
    }
  } finally {
    cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
