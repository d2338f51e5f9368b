/**
 * The precompiled CLI (cli/build-cli.ts, run by bin/audit-trail.js): a call compiles no TypeScript
 * and loads only what its command needs, gives the same answers as the sources, keeps the code V8
 * compiled for a command for its next call, and a build that is missing or older than its sources
 * is rebuilt before it runs. What a process loads is seen
 * through Node's module hooks (fixtures/forbid-imports.mjs fails the imports a test forbids).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/run';
import { CLI_CODE_CACHE_DIR, CLI_DIST_DIR, CLI_MANIFEST, type CliManifest } from '../../cli/build-cli';
import { runCli } from './fixtures/cli';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST = path.join(ROOT, CLI_DIST_DIR, CLI_MANIFEST);
const FORBID = path.join(__dirname, 'fixtures', 'forbid-imports.mjs');

const dir = tempDir();
const home = path.join(dir, 'home');
const db = writeReplica(path.join(dir, 'precompiled.sqlite'), STANDARD_FIXTURE);

/** Runs the real executable with the given imports made to fail. */
function runForbidding(forbidden: string[], args: string[]) {
  return runCli(home, args, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import="${FORBID}"`.trim(),
    FORBIDDEN_IMPORTS: forbidden.join(','),
  });
}

function readManifest(): CliManifest {
  return JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as CliManifest;
}

beforeAll(async () => {
  // The first call builds the CLI if this checkout's build is missing or stale.
  expect((await runCli(home, ['--help'])).code).toBe(0);
}, 120_000);

describe('the precompiled audit-trail CLI', () => {
  it('is not vacuous: the import hooks do stop a process that loads a forbidden module', async () => {
    const result = await runForbidding(['better-sqlite3'], ['tables', '--db', db]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Forbidden import: better-sqlite3');
  });

  it('answers --help compiling no TypeScript and loading neither the data layer nor a driver', async () => {
    const result = await runForbidding(['tsx', '.ts', 'better-sqlite3', 'pg'], ['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: audit-trail <command>/);
  });

  it('reads a replica compiling no TypeScript, without loading the PostgreSQL driver or searching for the SQLite driver\'s binary, as the sources do', async () => {
    const args = ['history', 'Customer', '1', '--db', db, '--format', 'json', '--tz', 'Europe/London'];
    // `bindings`: better-sqlite3's search for its binary, which the precompiled CLI replaces (cli/sqlite-binary.cjs).
    const result = await runForbidding(['tsx', '.ts', 'pg', 'bindings'], args);
    expect(result).toMatchObject({ code: 0, stderr: '' });

    const printed: string[] = [];
    const code = await main(args, { out: (text) => printed.push(text), err: (text) => printed.push(`stderr: ${text}`) }, { env: { AUDIT_TRAIL_HOME: home } });
    expect(code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(printed.join('\n')));
    expect(JSON.parse(result.stdout).items.length).toBeGreaterThan(5);
  });

  it('exports without TypeScript and without the PostgreSQL driver', async () => {
    const result = await runForbidding(['tsx', '.ts', 'pg'], ['export', 'Customer', '1', '--db', db, '--format', 'jsonl']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n').length).toBeGreaterThan(5);
  });

  it("keeps the code V8 compiled for a command, and the next call of that command uses it rather than compiling again", async () => {
    const cacheFile = path.join(ROOT, CLI_DIST_DIR, path.dirname(readManifest().entry), CLI_CODE_CACHE_DIR, 'history.v8');
    fs.rmSync(cacheFile, { force: true });
    const args = ['history', 'Customer', '1', '--db', db, '--format', 'json', '--tz', 'Europe/London'];
    const first = await runCli(home, args);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    // Written after the call, with what the call compiled (far more than the bundle's top level).
    const written = fs.statSync(cacheFile);
    expect(written.size).toBeGreaterThan(100_000);
    const second = await runCli(home, args);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    // Accepted by V8: a cache it rejected would be written again.
    expect(fs.statSync(cacheFile).mtimeMs).toBe(written.mtimeMs);

    // A failed call writes none: it compiled only part of what the command runs.
    fs.rmSync(cacheFile, { force: true });
    expect((await runCli(home, ['history', 'Customer', '1', '--db', path.join(dir, 'missing.sqlite')])).code).toBe(1);
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('is plain ASCII, so V8 holds it as a one-byte string (one other character makes it two bytes each, slower to read and compile)', () => {
    const script = fs.readFileSync(path.join(ROOT, CLI_DIST_DIR, readManifest().entry));
    const first = script.findIndex((byte) => byte > 0x7f);
    expect(first === -1 ? '' : script.subarray(Math.max(0, first - 60), first + 20).toString('utf8')).toBe('');
  });

  it('rebuilds a build that is missing, unreadable or older than its sources before running it, quietly', async () => {
    const current = readManifest();
    const cases: Array<[string, string]> = [
      ['older than its sources', JSON.stringify({ ...current, builtAt: 0 })],
      ['missing', JSON.stringify({ ...current, entry: 'b-never-built/main.mjs' })],
      ['not a manifest', '{}'],
      ['not JSON', 'half-writ'],
    ];
    // Quietly: what `tables` says on stderr (its index hints) and nothing about the build.
    const usual = (await runCli(home, ['tables', '--db', db])).stderr;
    for (const [what, manifest] of cases) {
      fs.writeFileSync(MANIFEST, manifest);
      const result = await runCli(home, ['tables', '--db', db]);
      expect(result, what).toMatchObject({ code: 0, stderr: usual });
      expect(result.stdout, what).toMatch(/Customer\s+Customer_log/);
      const rebuilt = readManifest();
      expect(rebuilt.entry, what).not.toBe(current.entry);
      expect(rebuilt.builtAt, what).toBeGreaterThan(0);
      expect(rebuilt.inputs, what).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/run.ts', 'db/index.ts', 'package-lock.json']));
      expect(fs.existsSync(path.join(ROOT, CLI_DIST_DIR, rebuilt.entry)), what).toBe(true);
    }
    // And the rebuilt one is what runs from then on, with nothing compiled at run time.
    expect((await runForbidding(['tsx', '.ts'], ['tables', '--db', db])).code).toBe(0);
  }, 120_000);
});
