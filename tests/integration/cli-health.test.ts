/** The real executable: `health`, and the how-made filters and columns of `history` and `activity`. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOW_MADE_FIXTURE } from './fixtures/how-made-fixture';
import { tempDir, writeReplica } from './fixtures/replica';
import { entryKeysOfJsonl, runCli, type CliResult } from './fixtures/cli';

const dir = tempDir();
const db = writeReplica(path.join(dir, 'cli-how-made.sqlite'), HOW_MADE_FIXTURE);
const cli = (...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'cli-home'), args);

describe('audit-trail and how a change was made', () => {
  it('filters history and activity by --method and --correlation, exactly', async () => {
    const history = await cli('history', 'Sale', '1', '--db', db, '--format', 'jsonl', '--method', 'Bulk');
    expect(history.code).toBe(0);
    expect(history.stdout.trim().split('\n').map((l) => JSON.parse(l).logId)).toEqual([2]);
    const activity = await cli('activity', '--db', db, '--format', 'jsonl', '--method', 'Bulk');
    expect(entryKeysOfJsonl(activity.stdout)).toEqual(['Sale:5', 'Lead:2', 'Sale:2']);
    const byId = await cli('activity', '--db', db, '--format', 'jsonl', '--correlation', 'tx-3');
    expect(entryKeysOfJsonl(byId.stdout)).toEqual(['Sale:3']);
  });

  it('shows how each change was made with who, unknown where the log holds nothing', async () => {
    const { code, stdout } = await cli('history', 'Sale', '1', '--db', db, '--tz', 'UTC');
    expect(code).toBe(0);
    expect(stdout).toContain('Bob Baker (2)  Method Bulk · IP address *0.0.0.2 · Correlation ID tx-2  log 2');
    expect(stdout).toContain('Carol Cole (3)  Method (unknown) · IP address *0.0.0.1 · Correlation ID (unknown)  log 4');
    const note = await cli('history', 'Note', '1', '--db', db, '--tz', 'UTC');
    expect(note.stdout).not.toContain('Method');
    const json = JSON.parse((await cli('activity', '--db', db, '--format', 'json', '--table', 'Lead')).stdout);
    expect(json.items.map((e: { made: unknown }) => e.made)).toEqual([{ method: 'Bulk' }, { method: 'Import' }]);
  });

  it('says in one sentence why a filter cannot apply', async () => {
    const note = await cli('history', 'Note', '1', '--db', db, '--method', 'Bulk');
    expect(note.code).toBe(1);
    expect(note.stderr).toContain('does not record the method');
    const ip = await cli('activity', '--db', db, '--ip', '10.0.0.1');
    expect(ip.code).toBe(1);
    expect(ip.stderr).toContain('masked');
  });
});

describe('audit-trail health', () => {
  it('prints each log\'s figures, the retention in the organisation\'s terms, and the missing indexes', async () => {
    const config = path.join(dir, 'org.json');
    fs.writeFileSync(config, JSON.stringify({ organisation: { timeZone: 'Europe/London', retentionMonths: 12 } }));
    const { code, stdout, stderr } = await cli('health', '--db', db, '--config', config, '--tz', 'UTC');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Table\s+Log table\s+Rows\s+Oldest\s+Newest\s+Per month\s+Size\s+Older than 12 months/);
    expect(stdout).toMatch(/Sale\s+Sale_log\s+6\s+2024-05-01\s+2024-05-06/);
    expect(stdout).toContain('Retention: 12 months');
    expect(stdout).toContain('(Europe/London)');
    expect(stdout).toContain('never deletes or archives');
    expect(stderr).toContain('Note_log has no index on ByTime and ID');
  });

  it('gives JSON a script can read', async () => {
    const { code, stdout } = await cli('health', '--db', db, '--format', 'json', '--table', 'Sale', '--exact');
    expect(code).toBe(0);
    const health = JSON.parse(stdout);
    expect(health.retention.months).toBe(24);
    expect(health.logs).toHaveLength(1);
    expect(health.logs[0]).toMatchObject({ table: 'Sale', rows: 6, rowsEstimated: false, oldest: '2024-05-01T09:00:00.000Z', newest: '2024-05-06T09:00:00.000Z', olderThanRetention: 6 });
    expect(health.logs[0].perMonth).toEqual([{ month: expect.stringMatching(/^2024-05$/), entries: 6 }]);
    expect(health.logs[0].sizeBytes).toBeGreaterThan(0);
  });
});
