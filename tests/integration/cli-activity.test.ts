/** The `activity` command of the real executable, on the activity fixture (two logged tables). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_FIXTURE, ALL_ACTIVITY } from './fixtures/activity-fixture';
import { tempDir, writeReplica } from './fixtures/replica';
import { entryKeysOfJsonl, runCli, type CliResult } from './fixtures/cli';

const dir = tempDir();
const db = writeReplica(path.join(dir, 'cli-activity.sqlite'), ACTIVITY_FIXTURE);

const cli = (...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'cli-home'), args);

const keysOf = entryKeysOfJsonl;

describe('audit-trail activity', () => {
  it('follows every page across tables with --all', async () => {
    const { code, stdout } = await cli('activity', '--db', db, '--format', 'jsonl', '--limit', '4', '--all');
    expect(code).toBe(0);
    expect(keysOf(stdout)).toEqual(ALL_ACTIVITY);
  });

  it('pages with --limit and --after', async () => {
    const first = await cli('activity', '--db', db, '--format', 'jsonl', '--limit', '3');
    expect(keysOf(first.stdout)).toEqual(ALL_ACTIVITY.slice(0, 3));
    const cursor = /--after (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const second = await cli('activity', '--db', db, '--format', 'jsonl', '--limit', '3', '--after', cursor!);
    expect(keysOf(second.stdout)).toEqual(ALL_ACTIVITY.slice(3, 6));
  });

  it('filters by table, cue, field, person and days', async () => {
    const byCue = await cli('activity', '--db', db, '--format', 'jsonl', '--cue', 'added,Deleted', '--table', 'Customer', '--table', 'Invoice');
    expect(keysOf(byCue.stdout)).toEqual(['Invoice:4', 'Invoice:1', 'Invoice:3', 'Customer:1', 'Customer:13', 'Customer:10']);
    const byField = await cli('activity', '--db', db, '--format', 'jsonl', '--field', 'Phone', '--by', '2');
    expect(keysOf(byField.stdout)).toEqual(['Customer:2', 'Customer:12']);
    const byDays = await cli('activity', '--db', db, '--format', 'json', '--table', 'Invoice', '--from', '2024-04-02', '--to', '2024-04-02', '--tz', 'UTC');
    const { items, nextCursor } = JSON.parse(byDays.stdout);
    expect(nextCursor).toBeNull();
    expect(items.map((e: { logId: number }) => e.logId)).toEqual([2, 1]);
  });

  it('prints a readable table', async () => {
    const { code, stdout } = await cli('activity', '--db', db, '--table', 'Invoice', '--tz', 'UTC', '--limit', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('Invoice 101');
    expect(stdout).toContain('by Bob Baker (2)');
    expect(stdout).toContain('Amount changed from 10 to 20');
  });

  it('refuses an unknown cue and says the role of the command line', async () => {
    const bad = await cli('activity', '--db', db, '--cue', 'Sideways');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Sideways');
    const me = await cli('whoami', '--db', db);
    expect(me.stdout).toMatch(/^Role: dba/m);
  });
});
