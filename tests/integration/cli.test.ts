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
  // No Electron runtime, whatever this machine has: the web shell must stand in for it. And no
  // display unless a test gives one, so that no browser window opens on the machine running it.
  const NO_ELECTRON = { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here'), DISPLAY: '', WAYLAND_DISPLAY: '' };

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

  /** Opens the printed address as a browser does, once: the cookie it is given. */
  async function enter(url: URL): Promise<string> {
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(303);
    return (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  async function callApi(url: URL, call: string, body: unknown, cookie?: string) {
    const response = await fetch(new URL(`/api/${call}`, url.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie: cookie ?? (await enter(url)) },
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
      expect(stdout).toContain(
        "The desktop app cannot open here (Electron's runtime has not been downloaded on this machine, and there is no display to show a window on), so Audit Trail Browser starts in your browser instead.",
      );
      expect(url.hostname).toBe('127.0.0.1');
      expect(await (await fetch(new URL('/healthz', url.origin))).text()).toMatch(/^ok/);
      // The page itself, with the token in the address, gives the browser its cookie, once.
      const page = await fetch(url, { redirect: 'manual' });
      expect(page.status).toBe(303);
      const cookie = page.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
      const tables = await callApi(url, 'listTables', {}, cookie.split(';')[0]);
      expect(tables.status).toBe(200);
      expect(tables.json.result.tables.map((t: { name: string }) => t.name)).toContain('Customer');
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

  describe('in an app window of a browser', () => {
    /**
     * A stand-in browser: what it was started with, and what it found as the first page load of
     * its `--app` address, is written to FAKE_BROWSER_REPORT; FAKE_BROWSER_MODE says how it ends:
     * `close` (the user closes the window: exit 0), `crash` (exit 3 with a last word), or `wait`
     * (until it is told to stop).
     */
    const FAKE_BROWSER = path.join(dir, 'fake-browser.mjs');
    fs.writeFileSync(
      FAKE_BROWSER,
      `#!${process.execPath}
import fs from 'node:fs';
const args = process.argv.slice(2);
const report = { args, uid: process.getuid() };
const write = (more) => fs.writeFileSync(process.env.FAKE_BROWSER_REPORT, JSON.stringify(Object.assign(report, more)));
const address = args.find((a) => a.startsWith('--app=')).slice('--app='.length);
const api = (headers) => fetch(new URL('/api/listTables', address), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' }).then((r) => r.status);
const ticket = new URL(address).searchParams.get('token');
const beforeLoad = await api({ 'X-Audit-Token': ticket });
const load = await fetch(address, { redirect: 'manual' });
const cookie = (load.headers.get('set-cookie') ?? '').split(';')[0];
write({
  ticket,
  beforeLoad,
  load: load.status,
  withCookie: await api({ cookie }),
  addressAgain: (await fetch(address, { redirect: 'manual' })).status,
  ticketAsToken: await api({ 'X-Audit-Token': ticket }),
  ticketAsCookie: await api({ cookie: 'audit_trail_token=' + ticket }),
});
const mode = process.env.FAKE_BROWSER_MODE;
if (mode === 'crash') {
  process.stderr.write('[1:1:ERROR] some chatter\\nGPU process isn\\'t usable. Goodbye.\\n');
  process.exitCode = 3;
} else if (mode === 'wait') {
  process.on('SIGTERM', () => {
    write({ stoppedBy: 'SIGTERM' });
    process.exit(0);
  });
  setInterval(() => undefined, 1000);
}
`,
      { mode: 0o755 },
    );

    /** Runs npm start to its end (the stand-in's window closing, or a signal). */
    function runApp(args: string[], env: NodeJS.ProcessEnv) {
      const home = path.join(dir, `window-home-${Math.random().toString(36).slice(2)}`);
      const report = path.join(home, 'fake-browser.json');
      fs.mkdirSync(home);
      const child = spawn(process.execPath, [TSX, START, '--db', db, ...args], {
        env: { ...process.env, ...NO_ELECTRON, AUDIT_TRAIL_HOME: home, DISPLAY: ':99', FAKE_BROWSER_REPORT: report, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        child.on('exit', (code) => {
          clearTimeout(timer);
          setImmediate(() => resolve({ code, stdout, stderr }));
        }),
      );
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stand-in's own report, checked field by field
      const readReport = (): any => JSON.parse(fs.readFileSync(report, 'utf8'));
      return { child, exited, home, report, readReport, stdout: () => stdout };
    }

    it('opens the address in app mode on a profile of its own, lets that one load in once, and stops when the window closes', async () => {
      const app = runApp(['--browser', FAKE_BROWSER], { FAKE_BROWSER_MODE: 'close' });
      const { code, stdout, stderr } = await app.exited;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`Audit Trail Browser opens in its own window of fake-browser.mjs (${FAKE_BROWSER}), as --browser asks.\n`);
      expect(stdout).toContain('Close the window, or press Ctrl+C here, to stop.');
      expect(stdout).not.toContain('http://');
      const report = app.readReport();
      const address = report.args[0] as string;
      expect(address).toMatch(/^--app=http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      expect(report.args.slice(1)).toEqual([
        `--user-data-dir=${path.join(app.home, 'browser-profile')}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--class=AuditTrailBrowser',
        '--window-size=1280,800',
        ...(report.uid === 0 ? ['--no-sandbox'] : []),
      ]);
      // The token on the browser's command line (which every local user can read) never opens the
      // API, lets the first page load in, and is dead after it.
      expect(report).toMatchObject({ beforeLoad: 401, load: 303, withCookie: 200, addressAgain: 401, ticketAsToken: 401, ticketAsCookie: 401 });
    });

    it('closes the window and stops on Ctrl+C', async () => {
      const app = runApp(['--browser', FAKE_BROWSER], { FAKE_BROWSER_MODE: 'wait' });
      await expect.poll(() => fs.existsSync(app.report), { timeout: 30_000 }).toBe(true);
      app.child.kill('SIGINT');
      expect((await app.exited).code).toBe(0);
      expect(app.readReport()).toMatchObject({ load: 303, stoppedBy: 'SIGTERM' });
    });

    it('says so, and exits 1, when the browser fails', async () => {
      const { code, stderr } = await runApp(['--browser', FAKE_BROWSER], { FAKE_BROWSER_MODE: 'crash' }).exited;
      expect(code).toBe(1);
      expect(stderr).toBe("fake-browser.mjs stopped with exit code 3 (GPU process isn't usable. Goodbye.), so Audit Trail Browser stops too.\n");
    });

    it('prints the address instead, saying why, where there is no display', async () => {
      const app = runApp(['--browser', FAKE_BROWSER], { DISPLAY: '' });
      try {
        await expect.poll(() => /Open Audit Trail Browser at:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(app.stdout()), { timeout: 30_000 }).toBe(true);
      } finally {
        app.child.kill('SIGTERM');
      }
      const { code, stdout } = await app.exited;
      expect(code).toBe(0);
      expect(stdout).toContain('Audit Trail Browser cannot open its own window here (there is no display to show a window on), so it starts in your browser instead.');
      expect(fs.existsSync(app.report)).toBe(false);
    });

    it('stops with one sentence when --browser names no program, or comes with --web', async () => {
      const missing = await runApp(['--browser', path.join(dir, 'no-browser-here')], {}).exited;
      expect(missing).toMatchObject({ code: 1, stderr: `--browser ${path.join(dir, 'no-browser-here')}: there is no program there to open the app with.\n` });
      const both = await runApp(['--web', '--browser', FAKE_BROWSER], {}).exited;
      expect(both).toMatchObject({ code: 1, stderr: '--web prints the address and --browser opens a window: choose one of them.\n' });
    });
  });
});
