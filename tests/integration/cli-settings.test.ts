/**
 * The real `audit-trail` executable with settings files: an unusable one stops every command
 * (export included) before the database is read, with exit code 2, one sentence on stderr and
 * nothing on stdout; the CLI's own `dba` role, set in code, still holds whatever the file says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir('audit-trail-cli-settings-');
const db = writeReplica(path.join(dir, 'cli.sqlite'), STANDARD_FIXTURE);
const cli = (...args: string[]) => runCli(path.join(dir, 'home'), args);

function settingsFile(name: string, settings: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(settings));
  return file;
}

describe('the CLI with a settings file', () => {
  it('stops on a key a file may not hold ("role": "dba") with exit code 2, one sentence and nothing on stdout', async () => {
    const config = settingsFile('role.json', { roles: { admins: [1] }, role: 'dba' });
    const result = await cli('activity', '--db', db, '--config', config, '--format', 'jsonl');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `In the settings file ${config}, "role" is not a setting; a settings file may hold personId, tables, sensitivity, revealSensitive, roles, busyTimeoutMs, connectTimeoutMs, statementTimeoutMs, organisation or review.\n`,
    );
  });

  it('stops on a wrong type or a misspelt nested key, in export as in every command', async () => {
    const timeout = settingsFile('timeout.json', { statementTimeoutMs: 'abc' });
    for (const args of [['tables'], ['export', '--out', path.join(dir, 'never.csv')], ['export']]) {
      const result = await cli(...args, '--db', db, '--config', timeout);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`In the settings file ${timeout}, "statementTimeoutMs" must be a whole number of milliseconds above 0.\n`);
    }
    expect(fs.existsSync(path.join(dir, 'never.csv'))).toBe(false);
    const nested = settingsFile('nested.json', { tables: { Customer: { colums: { byTime: 'ByTime' } } } });
    const result = await cli('history', 'Customer', '1', '--db', db, '--config', nested);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `In the settings file ${nested}, "tables.Customer.colums" is not a setting; "tables.Customer" may hold parentKey, recordKey, titleField, belongsTo or columns.\n`,
    });
  });

  it('still runs as dba, set in code, when the file names other admins', async () => {
    const config = settingsFile('admins.json', { roles: { admins: [1] }, personId: 2 });
    const whoami = await cli('whoami', '--db', db, '--config', config, '--format', 'json');
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout.split('\n')[0]!)).toMatchObject({ role: 'dba', person: { id: 2 } });
    const activity = await cli('activity', '--db', db, '--config', config, '--format', 'jsonl', '--limit', '1');
    expect(activity.code).toBe(0);
    expect(activity.stdout.trim().split('\n')).toHaveLength(1);
  });
});
