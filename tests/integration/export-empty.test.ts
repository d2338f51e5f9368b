/**
 * An export of nothing says so and writes nothing (issue 11): the check both shells make before
 * exporting, on each engine, and the command line's answer (no header-only file, exit code 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExportCli } from '../../cli/export-command';
import type { AuditService } from '../../db/index';
import { hasEntriesToExport, nothingToExportText } from '../../shared/export-empty';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir('audit-trail-export-empty-');
const FUTURE = { from: '2099-01-01', to: '2099-12-31', timeZone: 'Asia/Kolkata', by: { kind: 'all' as const } };

describe.each(ENGINES)('whether an export holds anything, on %s', (engine) => {
  let service: AuditService;
  beforeAll(async () => {
    service = await openSource(await fixtureSource(engine, dir, `export_empty_${engine}`, STANDARD_FIXTURE));
  });
  afterAll(async () => {
    await service?.close();
  });

  it('says yes for a log with entries and no for a filter nothing matches', async () => {
    expect(await hasEntriesToExport(service, { kind: 'history', table: 'Customer', id: 1 })).toBe(true);
    expect(await hasEntriesToExport(service, { kind: 'history', table: 'Customer', id: 1, filter: FUTURE })).toBe(false);
    expect(await hasEntriesToExport(service, { kind: 'activity' })).toBe(true);
    expect(await hasEntriesToExport(service, { kind: 'activity', filter: { ...FUTURE } })).toBe(false);
  });
});

describe('audit-trail export of nothing', () => {
  const file = writeReplica(path.join(dir, 'empty-export.sqlite'), STANDARD_FIXTURE);

  it('says so, writes no file and exits with 1', async () => {
    const target = path.join(dir, 'nothing.csv');
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t) };
    const code = await runExportCli(['Customer', '1', '--db', file, '--out', target, '--from', '2099-01-01', '--tz', 'UTC'], io, { showProgress: false });
    expect(code).toBe(1);
    expect(fs.existsSync(target)).toBe(false);
    expect(err.join('\n')).toBe(
      `${nothingToExportText({ kind: 'history', table: 'Customer', id: '1', filter: { from: '2099-01-01', timeZone: 'UTC', by: { kind: 'all' } } })} Nothing was written to ${target}.`,
    );
    expect(err.join('\n')).toMatch(/^Nothing to export: no entry matches Customer 1's log · 2099-01-01 – …/);
  });

  it('writes nothing to standard output either', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const err: string[] = [];
    const code = await runExportCli(['--db', file, '--cue', 'Deleted', '--from', '2099-01-01'], { out: () => undefined, err: (t) => void err.push(t) }, { stdout, showProgress: false });
    expect(code).toBe(1);
    expect(Buffer.concat(chunks).length).toBe(0);
    expect(err.join('\n')).toMatch(/^Nothing to export: .*Nothing was written\.$/);
  });
});
