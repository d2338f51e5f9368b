/**
 * The CLI on the PostgreSQL demo prints what it prints on the SQLite demo of the same seed: the
 * same records, logs, deleted records and people. Also its one-sentence failures on PostgreSQL,
 * and that a password never appears in its output.
 */
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { freePort } from '../support/pg-cluster';
import { DEMO_DATABASE, DEMO_SEED, READER } from '../support/pg-server';
import { tempDir } from './fixtures/replica';
import { runCli, type CliResult } from './fixtures/cli';

const dir = tempDir();
const replica = path.join(dir, 'demo.sqlite');

const cli = (env: Record<string, string>, ...args: string[]): Promise<CliResult> => runCli(path.join(dir, 'home'), args, env);

describe('the CLI on PostgreSQL', () => {
  let url: string;
  beforeAll(() => {
    const server = inject('pg');
    url = `postgres://${READER.user}@${server.host}:${server.port}/${DEMO_DATABASE}`;
    generateDemoReplica({ out: replica, seed: DEMO_SEED });
  });

  it('prints the same as on the SQLite demo of the same seed', async () => {
    const password = { PGPASSWORD: READER.password };
    for (const args of [
      ['history', 'Customer', '1', '--all', '--format', 'jsonl', '--by', 'all'],
      ['history', 'Contact', '12', '--all', '--format', 'jsonl', '--from', '2025-03-30', '--to', '2025-10-26', '--tz', 'Europe/London'],
      ['deleted', 'Customer', '--all', '--format', 'jsonl'],
      ['records', 'Customer', '--search', 'ltd', '--all', '--format', 'jsonl'],
      ['records', 'Service Order', '--all', '--format', 'jsonl', '--limit', '500'],
      ['people', 'Customer', '--format', 'json'],
      ['restore-sql', 'Contact', (await cli({}, 'deleted', 'Contact', '--db', replica, '--format', 'jsonl', '--limit', '1')).stdout.match(/"id":(\d+)/)![1]!],
    ]) {
      const onSqlite = await cli({}, ...args, '--db', replica);
      const onPostgres = await cli(password, ...args, '--db', url);
      expect(onPostgres.code, args.join(' ')).toBe(0);
      expect(onSqlite.stdout.length, args.join(' ')).toBeGreaterThan(100);
      // Restore SQL names the table the way each engine does ("public"."Contact" on PostgreSQL), and
      // writes each value as a literal of its engine (E'a\x0ab' there, 'a' || char(10) || 'b' here).
      const comparable = (out: string): string => (args[0] === 'restore-sql' ? out.replace(/^(VALUES \(\d+, ).*$/m, '$1…') : out);
      expect(comparable(onPostgres.stdout.replace('"public".', '')), args.join(' ')).toBe(comparable(onSqlite.stdout));
    }
  });

  it('says in one sentence what is wrong, and never prints the password', async () => {
    const wrong = await cli({}, 'tables', '--db', url.replace(READER.user, `${READER.user}:not-it`));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(`The PostgreSQL server at 127.0.0.1:${inject('pg').port} refused the password for user ${READER.user}.`);
    expect(wrong.stderr + wrong.stdout).not.toContain('not-it');
    const port = await freePort();
    const down = await cli({ PGPASSWORD: READER.password }, 'tables', '--db', `postgres://${READER.user}@127.0.0.1:${port}/x`);
    expect(down.stderr.trim()).toBe(`Cannot reach the PostgreSQL server at 127.0.0.1:${port}: it refused the connection. Check the host and port, and that the server is running.`);
    const schema = await cli({ PGPASSWORD: READER.password }, 'tables', '--db', `${url}?schema=nope`);
    expect(schema.stderr.trim()).toBe(`The database ${DEMO_DATABASE} has no schema named nope.`);
  });
});
