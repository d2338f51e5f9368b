import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';
import { runCli, type CliResult } from './fixtures/cli';

const run = promisify(execFile);
const dir = tempDir();
const db = writeReplica(path.join(dir, 'cli.sqlite'), STANDARD_FIXTURE);

/** Runs the real executable, as a DBA's script would. */
const cli = (...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'cli-home'), args);

describe('the audit-trail CLI', () => {
  it('lists the logged tables', async () => {
    const { code, stdout } = await cli('tables', '--db', db);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Customer\s+Customer_log\s+2\s+13\s+CustomerID/);
  });

  it('prints a history as JSON with the documented fields, filtered by person and days', async () => {
    const { code, stdout } = await cli('history', 'Customer', '1', '--db', db, '--format', 'json', '--by', '2', '--from', '2024-04-01', '--to', '2024-04-02', '--tz', 'Europe/London');
    expect(code).toBe(0);
    const { items, nextCursor } = JSON.parse(stdout);
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      logId: 7,
      byId: 2,
      byName: 'Bob Baker',
      byTime: '2024-04-02T09:00:00.000Z',
      changeCue: 'Modified',
      changes: [{ field: 'Email', old: 'info@acme.example', new: null }],
    });
  });

  it('pages with --limit and --after, and follows every page with --all', async () => {
    const first = await cli('history', 'Customer', '1', '--db', db, '--format', 'jsonl', '--limit', '4');
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l).logId);
    expect(lines).toEqual([9, 8, 7, 6]);
    const cursor = /--after (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const second = await cli('history', 'Customer', '1', '--db', db, '--format', 'jsonl', '--limit', '4', '--after', cursor!);
    expect(second.stdout.trim().split('\n').map((l) => JSON.parse(l).logId)).toEqual([5, 4, 3, 2]);
    const all = await cli('history', 'Customer', '1', '--db', db, '--format', 'jsonl', '--limit', '2', '--all');
    expect(all.stdout.trim().split('\n').map((l) => JSON.parse(l).logId)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('reads history as sentences in table format', async () => {
    const { stdout } = await cli('history', 'Customer', '1', '--db', db, '--tz', 'UTC', '--limit', '8');
    expect(stdout).toContain('2024-03-30 23:30:00  Modified   Bob Baker (2)  log 2');
    expect(stdout).toContain('    Phone changed from 01234 567890 to 01234 123456');
  });

  it('answers records, record, deleted, people and whoami', async () => {
    expect((await cli('records', 'Customer', '--db', db, '--search', 'quiet', '--format', 'json')).stdout).toContain('"Quiet Co"');
    expect(JSON.parse((await cli('record', 'Customer', '2', '--db', db, '--format', 'json')).stdout)).toMatchObject({ exists: false, logEntryCount: 4 });
    const deleted = JSON.parse((await cli('deleted', 'Customer', '--db', db, '--format', 'json')).stdout);
    expect(deleted.items).toMatchObject([{ id: 2, deletedByName: 'Carol Cole', deletionLogged: true }]);
    const people = (await cli('people', 'Customer', '--db', db, '--format', 'jsonl')).stdout.trim().split('\n');
    expect(people.map((p) => JSON.parse(p).id)).toEqual([2, 1, 3]);
    expect((await cli('whoami', '--db', db, '--format', 'json')).stdout).toContain('"source":"none"');
  });

  it('reads settings from --config', async () => {
    const config = path.join(dir, 'settings.json');
    (await import('node:fs')).writeFileSync(config, JSON.stringify({ personId: 1 }));
    const { stdout } = await cli('history', 'Customer', '1', '--db', db, '--config', config, '--by', 'mine', '--format', 'jsonl');
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l).logId)).toEqual([6, 4, 3, 1]);
  });

  it('fails with one sentence on stderr and a non-zero exit, and a stack only with --debug', async () => {
    const missing = await cli('tables', '--db', path.join(dir, 'missing.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toMatch(/^There is no replica file at .*missing\.sqlite\.$/);
    const table = await cli('history', 'Nope', '1', '--db', db);
    expect(table).toMatchObject({ code: 1, stderr: '"Nope" is not a logged table here; the logged tables are Customer.\n' });
    const usage = await cli('history', 'Customer', '--db', db);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/history takes <table> <id>/);
    expect((await cli('tables')).stderr).toMatch(/--db FILE/);
    expect(await cli('history', 'Customer', '1', '--db', db, '--tz', 'Mars/Olympus')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--tz Mars\/Olympus is not a time zone/) });
    const debug = await cli('history', 'Customer', '1', '--db', db, '--from', 'yesterday', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('npm start', () => {
  const START = path.resolve(__dirname, '../../cli/start.ts');
  const TSX = path.resolve(__dirname, '../../node_modules/tsx/dist/cli.mjs');
  // No Electron runtime, whatever this machine has: the web shell must stand in for it.
  const NO_ELECTRON = { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here') };

  /** Starts the app and waits for the address it prints; the caller stops it. */
  function startApp(args: string[], env: NodeJS.ProcessEnv) {
    // A user-data folder of the test's own unless given: npm start records the replicas it opens.
    const home = { AUDIT_TRAIL_HOME: path.join(dir, 'start-home') };
    const child = spawn(process.execPath, [TSX, START, ...args], { env: { ...process.env, ...NO_ELECTRON, ...home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no address in time:\n${stdout}\n${stderr}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout);
        if (found) {
          clearTimeout(timer);
          resolve(new URL(found[0]));
        }
      });
      void exited.then(() => reject(new Error(`npm start ended early:\n${stdout}\n${stderr}`)));
    });
    return { child, url, exited, output: () => ({ stdout, stderr }) };
  }

  async function callApi(url: URL, call: string, body: unknown) {
    const response = await fetch(new URL(`/api/${call}`, url.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Audit-Token': url.searchParams.get('token') ?? '' },
      body: JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the call answers, checked field by field below
    return { status: response.status, json: (await response.json()) as { result?: any; error?: { code: string } } };
  }

  it('generates the demo replica into the data folder on first start, says why the web shell stands in, and serves it', async () => {
    const home = path.join(dir, 'home');
    const first = startApp([], { AUDIT_TRAIL_HOME: home });
    try {
      const url = await first.url;
      const replica = path.join(home, 'demo-replica.sqlite');
      const { stdout } = first.output();
      expect(stdout).toContain(`generating the demo replica at ${replica}`);
      expect(stdout).toMatch(/The desktop app cannot open here \(Electron's runtime has not been downloaded on this machine\), so Audit Trail Browser starts in your browser instead\./);
      expect(url.hostname).toBe('127.0.0.1');
      expect(await (await fetch(new URL('/healthz', url.origin))).text()).toMatch(/^ok/);
      const tables = await callApi(url, 'listTables', {});
      expect(tables.status).toBe(200);
      expect(tables.json.result.tables.map((t: { name: string }) => t.name)).toContain('Customer');
      // The page itself, with the token in the address, gives the browser its cookie.
      const page = await fetch(url, { redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);

    const replica = path.join(home, 'demo-replica.sqlite');
    const { mtimeMs } = fs.statSync(replica);
    const second = startApp(['--web'], { AUDIT_TRAIL_HOME: home });
    try {
      await second.url;
      expect(second.output().stdout).not.toContain('generating');
      // --web asks for the browser, so there is nothing to explain.
      expect(second.output().stdout).not.toContain('desktop app cannot open');
      expect(second.output().stdout).toContain(`Reading ${replica} (read-only)`);
    } finally {
      second.child.kill('SIGTERM');
    }
    await second.exited;
    expect(fs.statSync(replica).mtimeMs).toBe(mtimeMs);
  });

  it('opens another replica with --db, and says so clearly when it is missing', async () => {
    const app = startApp(['--web', '--db', db], {});
    try {
      const url = await app.url;
      const history = await callApi(url, 'getHistory', { table: 'Customer', id: 1, limit: 2 });
      expect(history.json.result.entries.map((e: { logId: number }) => e.logId)).toEqual([9, 8]);
    } finally {
      app.child.kill('SIGTERM');
    }
    await app.exited;
    const missing = await run(process.execPath, [TSX, START, '--web', '--db', path.join(dir, 'nope.sqlite')], {
      timeout: 60_000,
      env: { ...process.env, AUDIT_TRAIL_HOME: path.join(dir, 'start-home') },
    }).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^There is no replica file at .*nope\.sqlite\.\n$/);
  });
});
