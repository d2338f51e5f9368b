/**
 * The CLI's flags for a record's children: `restore-sql --with-children` prints the one-transaction
 * script, and `record --as-of TIME --related` prints the children as they stood under the record.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './fixtures/cli';
import { FAMILY_FIXTURE } from './fixtures/family-fixture';
import { tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir();
const db = writeReplica(path.join(dir, 'family.sqlite'), FAMILY_FIXTURE);
const cli = (...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'cli-home'), args);

describe('the CLI with children', () => {
  it('restore-sql --with-children prints the script with the children, in one transaction', async () => {
    const { code, stdout, stderr } = await cli('restore-sql', 'Customer', '7', '--db', db, '--with-children');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('\nBEGIN;\n');
    expect(stdout.trimEnd().endsWith('COMMIT;')).toBe(true);
    expect(stdout).toMatch(/^-- Not restored: Contact 12 \(Old Ann\): it was deleted at 2023-05-01 09:00:00 UTC/m);
    expect(stdout.match(/^INSERT INTO /gm)).toHaveLength(8);
    const json = JSON.parse((await cli('restore-sql', 'Customer', '7', '--db', db, '--with-children', '--format', 'json')).stdout);
    expect(json.children).toHaveLength(7);
    // Without the flag: the record alone, as before.
    const alone = await cli('restore-sql', 'Customer', '7', '--db', db);
    expect(alone.stdout.match(/^INSERT INTO /gm)).toHaveLength(1);
    expect(alone.stdout).not.toContain('BEGIN;');
  });

  it('record --as-of --related prints the children as they stood under the record', async () => {
    const { code, stdout, stderr } = await cli('record', 'Customer', '7', '--db', db, '--as-of', '2024-03-01T12:00:00Z', '--related', '--tz', 'UTC');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Customer 7 as of 2024-03-01T12:00:00Z/);
    expect(stdout).toMatch(/Contact \(by CustomerID → Customer\): 3 stood then/);
    expect(stdout).toMatch(/^\s+14\s+Late Liz\s/m);
    expect(stdout).not.toMatch(/^\s+12\s+Old Ann/m);
    expect(stdout).toMatch(/1 more had a legacy entry in force then \(no values\): whether they stood here is unknown\./);
    expect(stdout).toMatch(/Finding \(by AuditID → Audit\): 2 stood then/);
    expect(stdout).not.toContain('111-11-1111');
    const json = JSON.parse((await cli('record', 'Customer', '7', '--db', db, '--as-of', '2023-03-01T00:00:00Z', '--related', '--depth', '1', '--format', 'json')).stdout);
    expect(json.related.map((t: { table: string }) => t.table).sort()).toEqual(['Audit', 'Contact']);
    expect(json.related.find((t: { table: string }) => t.table === 'Contact').records.map((r: { id: number }) => r.id)).toEqual([10, 11, 12, 13, 15]);
    // Without --related: the record alone; --related without --as-of is a wrong command line.
    const alone = await cli('record', 'Customer', '7', '--db', db, '--as-of', '2024-03-01T12:00:00Z');
    expect(alone.stdout).not.toContain('Contact');
    const wrong = await cli('record', 'Customer', '7', '--db', db, '--related');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--related goes with --as-of/);
  });
});
