/** `history TABLE ID --related` of the real executable, on the related-log fixture (notes by the settings). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryKeysOfJsonl, runCli, type CliResult } from './fixtures/cli';
import { RELATED_FIXTURE, WHOLE_STORY } from './fixtures/related-fixture';
import { tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir();
const db = writeReplica(path.join(dir, 'cli-related.sqlite'), RELATED_FIXTURE);
const config = path.join(dir, 'settings.json');
fs.writeFileSync(config, JSON.stringify({ tables: { Note: { belongsTo: { CustomerID: 'Customer' } } } }));

const cli = (...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'cli-home'), ['--db', db, '--config', config, ...args]);

const keysOf = entryKeysOfJsonl;

describe('audit-trail history --related', () => {
  it('prints each entry with its table, record and title', async () => {
    const { code, stdout } = await cli('history', 'Customer', '1', '--related', '--tz', 'UTC', '--limit', '3');
    expect(code).toBe(0);
    expect(stdout).toContain('Customer 1 (Acme Ltd)');
    expect(stdout).toContain('Added      Note 40  by Alice Archer (1)');
    expect(stdout).toContain('Finding 30 (F-1b)');
    expect(stdout).toContain('Reference changed from F-1 to F-1b');
  });

  it('gives table and recordId in JSON, follows --after like history, and honours --depth and --table', async () => {
    const json = await cli('history', 'Customer', '1', '--related', '--format', 'json', '--limit', '1000');
    expect(json.code).toBe(0);
    const { items, nextCursor } = JSON.parse(json.stdout) as { items: Array<{ table: string; recordId: number; logId: number }>; nextCursor: string | null };
    expect(items.map((e) => `${e.table}:${e.logId}`)).toEqual(WHOLE_STORY);
    expect(items.find((e) => e.table === 'Contact' && e.logId === 6)?.recordId).toBe(12);
    expect(nextCursor).toBeNull();

    const first = await cli('history', 'Customer', '1', '--related', '--format', 'jsonl', '--limit', '5');
    expect(keysOf(first.stdout)).toEqual(WHOLE_STORY.slice(0, 5));
    const cursor = /--after (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const second = await cli('history', 'Customer', '1', '--related', '--format', 'jsonl', '--limit', '5', '--after', cursor!);
    expect(keysOf(second.stdout)).toEqual(WHOLE_STORY.slice(5, 10));

    const all = await cli('history', 'Customer', '1', '--related', '--depth', '1', '--format', 'jsonl', '--limit', '2', '--all', '--table', 'Contact');
    expect(keysOf(all.stdout)).toEqual(WHOLE_STORY.filter((k) => k.startsWith('Contact:')));
  });

  it('refuses --depth without --related, and a depth out of bounds, in one sentence', async () => {
    const without = await cli('history', 'Customer', '1', '--depth', '1');
    expect(without.code).not.toBe(0);
    expect(without.stderr).toMatch(/--depth goes with --related/);
    const deep = await cli('history', 'Customer', '1', '--related', '--depth', '9');
    expect(deep.code).not.toBe(0);
    expect(deep.stderr).toMatch(/depth of related records must be a whole number from 0 to 3/);
  });
});
