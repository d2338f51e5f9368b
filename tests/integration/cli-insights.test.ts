/** The `insights` command of the real executable, on the activity fixture (two logged tables). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Insights } from '../../shared/insights';
import { ACTIVITY_FIXTURE } from './fixtures/activity-fixture';
import { tempDir, writeReplica } from './fixtures/replica';
import { runCli, type CliResult } from './fixtures/cli';

const dir = tempDir();
const db = writeReplica(path.join(dir, 'cli-insights.sqlite'), ACTIVITY_FIXTURE);
const config = path.join(dir, 'settings.json');
fs.writeFileSync(config, JSON.stringify({ organisation: { timeZone: 'Asia/Kathmandu' } }));

const cli = (...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'cli-home'), args);

describe('audit-trail insights', () => {
  it('counts per month by table in the organisation’s zone, with people and the hour × weekday table', async () => {
    const { code, stdout } = await cli('insights', '--db', db, '--config', config, '--per', 'month');
    expect(code).toBe(0);
    expect(stdout).toContain('18 changes, 2023-01-05 to 2024-04-10, per month, days and hours in Asia/Kathmandu.');
    expect(stdout).toMatch(/2024-04-01\s+2024-04-10\s+10\s+6\s+4/);
    expect(stdout).toMatch(/Most active people:/);
    expect(stdout).toMatch(/Hour × weekday \(Asia\/Kathmandu\):/);
  });

  it('writes the contract’s answer as JSON, and JSON Lines with a kind on each line', async () => {
    const json = await cli('insights', '--db', db, '--format', 'json', '--tz', 'UTC', '--table', 'Invoice', '--by-cue', '--top', '1');
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout) as Insights;
    expect(answer.timeZone).toBe('UTC');
    expect(answer.total).toBe(5);
    expect(answer.people).toEqual([{ id: 2, name: 'Bob Baker', count: 3 }]);
    expect(answer.otherPeople).toEqual({ people: 2, count: 2 });
    const lines = (await cli('insights', '--db', db, '--format', 'jsonl', '--tz', 'UTC', '--from', '2024-04-01', '--to', '2024-04-30')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].kind).toBe('summary');
    expect(lines.filter((l) => l.kind === 'bucket')).toHaveLength(30);
    expect(lines.filter((l) => l.kind === 'hour')).toHaveLength(168);
    expect(lines.filter((l) => l.kind === 'hour').reduce((n, l) => n + l.count, 0)).toBe(9);
  });

  it('refuses --field and two splits in one sentence each', async () => {
    const field = await cli('insights', '--db', db, '--field', 'Phone');
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/takes no --field/);
    const both = await cli('insights', '--db', db, '--by-table', '--by-cue');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/Choose one of --by-table and --by-cue/);
  });
});
