/**
 * Export files are never written where the data is read, and never left half written: the CLI's
 * `--out` (and the desktop shell's save path, through the same db/export/destination.ts) refuses
 * the replica, its companions and links to them before anything is opened for writing; an export
 * that fails or is cancelled part-way leaves the destination as it was and no temporary file.
 * Once per engine where a database is read.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExportCli } from '../../cli/export-command';
import { main } from '../../cli/run';
import { databaseFilesOf, exportTo, writeExportFile, type ExportSink } from '../../db/export/index';
import type { AuditService } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { CLI_BIN, runCli } from './fixtures/cli';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir('audit-trail-export-destination-');
const history = { kind: 'history' as const, table: 'Customer', id: 1 };

function quietIo() {
  const err: string[] = [];
  const out: string[] = [];
  return { err, out, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
}

describe.each(ENGINES)('an export file on %s', (engine) => {
  const opened: AuditService[] = [];
  afterEach(async () => {
    for (const service of opened.splice(0)) await service.close().catch(() => undefined);
  });
  const open = async (name: string) => {
    const service = await openSource(await fixtureSource(engine, dir, `${name}_${engine}`, STANDARD_FIXTURE), { role: 'dba' });
    opened.push(service);
    return service;
  };
  const folder = (name: string) => fs.mkdtempSync(path.join(dir, `${engine}-${name}-`));

  it('is written whole, and only then put in place', async () => {
    const service = await open('whole');
    const where = folder('whole');
    const target = path.join(where, 'log.csv');
    fs.writeFileSync(target, 'the previous export');
    const seen: string[][] = [];
    const result = await writeExportFile(target, databaseFilesOf(service), (sink) =>
      exportTo(service, { source: history, format: 'csv', pageSize: 2 }, async (chunk) => {
        // While the export runs, the destination still holds what it held before.
        seen.push([fs.readFileSync(target, 'utf8'), ...fs.readdirSync(where).filter((f) => f !== 'log.csv')]);
        await sink(chunk);
      }),
    );
    expect(result.entries).toBe(9);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every(([text, ...temps]) => text === 'the previous export' && temps.length === 1 && temps[0]!.startsWith('.log.csv.'))).toBe(true);
    expect(fs.readFileSync(target, 'utf8').startsWith('\uFEFFTime (UTC),')).toBe(true);
    expect(fs.readdirSync(where)).toEqual(['log.csv']);
  });

  it('cancelled part-way (AbortSignal) leaves the previous file as it was and no temporary file', async () => {
    const service = await open('cancel');
    const where = folder('cancel');
    const target = path.join(where, 'log.csv');
    fs.writeFileSync(target, 'the previous export');
    const controller = new AbortController();
    let chunks = 0;
    const run = writeExportFile(target, databaseFilesOf(service), (sink: ExportSink) =>
      exportTo(service, { source: history, format: 'jsonl', pageSize: 2, signal: controller.signal }, async (chunk) => {
        await sink(chunk);
        chunks += 1;
        if (chunks === 2) controller.abort();
      }),
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks).toBe(2);
    expect(fs.readFileSync(target, 'utf8')).toBe('the previous export');
    expect(fs.readdirSync(where)).toEqual(['log.csv']);
  });

  it('whose source fails part-way leaves no file and no temporary file', async () => {
    const service = await open('fail');
    const where = folder('fail');
    const target = path.join(where, 'log.csv');
    let chunks = 0;
    const run = writeExportFile(target, databaseFilesOf(service), (sink) =>
      exportTo(service, { source: history, format: 'csv', pageSize: 2 }, async (chunk) => {
        await sink(chunk);
        chunks += 1;
        // The database goes away under the export: the next page cannot be read.
        if (chunks === 2) await service.close();
      }),
    );
    await expect(run).rejects.toThrow();
    expect(chunks).toBe(2);
    expect(fs.readdirSync(where)).toEqual([]);
  });
});

describe('audit-trail export cancelled part-way', () => {
  it('leaves nothing at --out, and says so', async () => {
    const where = fs.mkdtempSync(path.join(dir, 'cli-cancel-'));
    const replica = writeReplica(path.join(dir, 'cli-cancel.sqlite'), STANDARD_FIXTURE);
    const target = path.join(where, 'log.csv');
    const controller = new AbortController();
    const a = quietIo();
    // Cancelled as the first progress is drawn: after the file was started, before the first page is written.
    const code = await runExportCli(['Customer', '1', '--db', replica, '--out', target], a.io, {
      signal: controller.signal,
      showProgress: true,
      progress: () => controller.abort(),
    });
    expect(code).toBe(1);
    expect(a.err).toEqual([`The export was cancelled; nothing was written to ${target}.`]);
    expect(fs.readdirSync(where)).toEqual([]);
  });
});

describe('audit-trail export --out where the replica is read', () => {
  const where = fs.mkdtempSync(path.join(dir, 'replica-'));
  const replica = writeReplica(path.join(where, 'replica.sqlite'), STANDARD_FIXTURE);
  // Companions as a live sync would leave them (their content does not matter: they must not be touched).
  for (const suffix of ['-wal', '-shm', '-journal']) fs.writeFileSync(`${replica}${suffix}`, `companion ${suffix}`);
  fs.symlinkSync(replica, path.join(where, 'symlink.csv'));
  fs.linkSync(replica, path.join(where, 'hardlink.csv'));
  fs.symlinkSync(where, path.join(dir, 'linked-folder'));
  const snapshot = () => Object.fromEntries(fs.readdirSync(where).sort().map((f) => [f, fs.readFileSync(path.join(where, f)).toString('base64')]));
  const before = snapshot();

  it('is refused with one sentence by the real executable, and the replica\'s bytes are unchanged', async () => {
    const result = await runCli(path.join(dir, 'home'), ['export', 'Customer', '1', '--db', replica, '--out', replica]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `The export cannot be written to ${replica}: it is (or links to) the replica being read, ${replica}, and Audit Trail Browser never writes where it reads; choose another file.\n`,
    );
    expect(snapshot()).toEqual(before);
  });

  it('refuses its companions, a symbolic or hard link to it, and a path through a linked folder', async () => {
    const targets: Array<[string, string]> = [
      [`${replica}-wal`, 'the -wal file of the replica being read'],
      [`${replica}-shm`, 'the -shm file of the replica being read'],
      [`${replica}-journal`, 'the -journal file of the replica being read'],
      [path.join(where, 'symlink.csv'), 'the replica being read'],
      [path.join(where, 'hardlink.csv'), 'the replica being read'],
      [path.join(dir, 'linked-folder', 'replica.sqlite'), 'the replica being read'],
      [path.join(dir, 'linked-folder', 'replica.sqlite-wal'), 'the -wal file of the replica being read'],
    ];
    for (const [target, what] of targets) {
      const a = quietIo();
      expect(await main(['export', '--db', replica, '--out', target], a.io), target).toBe(2);
      expect(a.err).toEqual([`The export cannot be written to ${target}: it is (or links to) ${what}, ${replica}, and Audit Trail Browser never writes where it reads; choose another file.`]);
    }
    // Read through a link, the real file is protected as well.
    const a = quietIo();
    expect(await main(['export', '--db', path.join(where, 'symlink.csv'), '--out', replica], a.io)).toBe(2);
    expect(snapshot()).toEqual(before);
  });

  it('refuses standard output redirected into the replica', async () => {
    const fd = fs.openSync(replica, 'a');
    try {
      const child = spawn(process.execPath, [CLI_BIN, 'export', '--db', replica, '--format', 'jsonl'], {
        stdio: ['ignore', fd, 'pipe'],
        env: { ...process.env, AUDIT_TRAIL_DB: '', AUDIT_TRAIL_HOME: path.join(dir, 'home') },
      });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(2);
      expect(stderr).toContain('The export cannot be written to standard output: it is (or links to) the replica being read');
    } finally {
      fs.closeSync(fd);
    }
    expect(snapshot()).toEqual(before);
  });
});
