/**
 * Activity and change sets on the generated demo (six logs, written by triggers): the order is
 * checked against the SQLite replica itself, and PostgreSQL's answers against SQLite's for the same
 * seed, entry for entry.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService } from '../../db/index';
import type { ActivityEntry, ActivityFilter } from '../../shared/domain';
import { DEMO_SEED } from '../support/pg-server';
import { openSource, postgresDemoSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const file = path.join(dir, 'demo.sqlite');
let raw: Database.Database;
let sqlite: AuditService;
let postgres: AuditService;

beforeAll(async () => {
  generateDemoReplica({ out: file, seed: DEMO_SEED });
  raw = new Database(file, { readonly: true });
  sqlite = await openAuditDatabase({ file });
  postgres = await openSource(postgresDemoSource());
});
afterAll(async () => {
  raw?.close();
  await sqlite?.close();
  await postgres?.close();
});

/** The first `count` entries, following cursors with pages of `limit`. */
async function firstEntries(api: AuditService, filter: ActivityFilter, count: number, limit: number): Promise<ActivityEntry[]> {
  const entries: ActivityEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listActivity({ filter, limit, cursor });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && entries.length < count);
  return entries.slice(0, count);
}

const keys = (entries: ActivityEntry[]) => entries.map((e) => `${e.table}:${e.logId}`);

/** Activity's order over every log, straight from the replica. */
function truth(where = '1 = 1', count = 1_000_000): string[] {
  const logs = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%!_log' ESCAPE '!'").pluck().all() as string[];
  const union = logs
    .map((log) => `SELECT '${log.slice(0, -4).replace(/'/g, "''")}' AS t, "ID" AS id, "ByTime" AS time FROM "${log.replace(/"/g, '""')}" WHERE ${where}`)
    .join(' UNION ALL ');
  const rows = raw.prepare(`SELECT t, id FROM (${union}) ORDER BY time DESC, t ASC, id DESC LIMIT ${count}`).all() as Array<{ t: string; id: number }>;
  return rows.map((r) => `${r.t}:${r.id}`);
}

describe('activity on the demo', () => {
  it('merges the six logs in the replica order, on both engines, page after page', async () => {
    const expected = truth('1 = 1', 400);
    expect(keys(await firstEntries(sqlite, {}, 400, 37))).toEqual(expected);
    expect(keys(await firstEntries(postgres, {}, 400, 37))).toEqual(expected);
  });

  it('gives PostgreSQL the same entries as SQLite, diffs and all', async () => {
    const filter: ActivityFilter = { from: '2024-06-01', to: '2024-06-30', timeZone: 'Europe/London' };
    const fromSqlite = await firstEntries(sqlite, filter, 300, 100);
    expect(fromSqlite.length).toBeGreaterThan(50);
    expect(await firstEntries(postgres, filter, 300, 100)).toEqual(fromSqlite);
    const withField: ActivityFilter = { field: 'Status' };
    const statusSqlite = await firstEntries(sqlite, withField, 60, 20);
    expect(statusSqlite.length).toBe(60);
    for (const entry of statusSqlite) expect(entry.changes.map((c) => c.field)).toContain('Status');
    expect(await firstEntries(postgres, withField, 60, 20)).toEqual(statusSqlite);
  });

  it('counts the same on both engines, and as the replica does', async () => {
    const filter: ActivityFilter = { cues: ['Deleted'] };
    const logs = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%!_log' ESCAPE '!'").pluck().all() as string[];
    const deleted = logs.reduce((n, log) => n + (raw.prepare(`SELECT count(*) FROM "${log}" WHERE lower("ChangeCue") = 'deleted'`).pluck().get() as number), 0);
    expect((await sqlite.listActivity({ filter, withTotal: true })).total).toBe(deleted);
    expect((await postgres.listActivity({ filter, withTotal: true })).total).toBe(deleted);
  });

  it('finds the same change sets on both engines', async () => {
    const [newest] = await firstEntries(sqlite, {}, 1, 1);
    const bySqlite = await sqlite.getChangeSet({ table: newest!.table, logId: newest!.logId });
    expect(keys(bySqlite.entries)).toContain(`${newest!.table}:${newest!.logId}`);
    for (const entry of bySqlite.entries) expect([entry.byId, entry.byTime]).toEqual([newest!.byId, newest!.byTime]);
    expect(await postgres.getChangeSet({ table: newest!.table, logId: newest!.logId })).toEqual(bySqlite);
  });
});
