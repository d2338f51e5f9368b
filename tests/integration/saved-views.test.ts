/**
 * Saved views through the contract, on both engines' demo of the same seed: saved, listed,
 * renamed and deleted per database; a plain user's views (record logs only); nothing masked saved;
 * and the CLI's `--view NAME` printing exactly what the same options typed out print.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService, type AuditSettings, type DataSource } from '../../db/index';
import type { SavedViewSpec } from '../../shared/saved-views';
import { DEMO_DATABASE, DEMO_SEED, READER } from '../support/pg-server';
import { ENGINES, postgresDemoSource, type EngineKind } from './fixtures/engines';
import { tempDir } from './fixtures/replica';
import { runCli } from './fixtures/cli';

const dir = tempDir();
const replica = path.join(dir, 'demo.sqlite');
const ADMIN: AuditSettings = {};
/** Person 5 is no admin: a plain user. */
const PLAIN: AuditSettings = { personId: 5, roles: { admins: [1] } };

const DELETIONS: SavedViewSpec = { kind: 'activity', filter: { from: '2026-09-01', to: '2026-10-31', timeZone: 'Asia/Kolkata', tables: ['Contact', 'Customer'], cues: ['Deleted'] } };
const CUSTOMER_LOG: SavedViewSpec = { kind: 'log', record: { table: 'Customer', id: 1 }, related: false, filter: { from: '2024-01-01', to: '2026-12-31', timeZone: 'America/New_York', by: { kind: 'all' } } };
const REVIEW: SavedViewSpec = { kind: 'review', period: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Europe/London' } };
const INSIGHTS: SavedViewSpec = { kind: 'insights', filter: { from: '2026-07-01', to: '2026-10-31', timeZone: 'Europe/London', cues: ['Modified', 'Deleted'] }, granularity: 'month', split: 'cue' };

function sourceOf(engine: EngineKind): DataSource {
  return engine === 'sqlite' ? { kind: 'sqlite', file: replica } : postgresDemoSource();
}

function open(engine: EngineKind, home: string, settings: AuditSettings = ADMIN): Promise<AuditService> {
  return openAuditDatabase({ source: sourceOf(engine), settings, viewsDir: home });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
}

beforeAll(() => {
  generateDemoReplica({ out: replica, seed: DEMO_SEED });
});

describe.each(ENGINES)('saved views on the %s demo', (engine) => {
  const home = path.join(dir, `home-${engine}`);
  let admin: AuditService;
  let plain: AuditService;
  beforeAll(async () => {
    admin = await open(engine, home);
    plain = await open(engine, home, PLAIN);
  });
  afterAll(async () => {
    await admin?.close();
    await plain?.close();
  });

  it('saves, lists, renames, replaces and deletes views', async () => {
    expect(await admin.listSavedViews({})).toEqual({ views: [], refused: [] });
    for (const [name, view] of [['Deletions', DELETIONS], ['Customer 1', CUSTOMER_LOG], ['October', REVIEW], ['Busy months', INSIGHTS]] as const) {
      expect((await admin.saveView({ name, view })).view).toMatchObject({ name, ...view });
    }
    expect((await admin.listSavedViews({})).views.map((v) => v.name)).toEqual(['Busy months', 'Customer 1', 'Deletions', 'October']);
    expect(await refusal(admin.saveView({ name: 'october', view: DELETIONS }))).toEqual({
      code: 'bad-request',
      message: 'A view named "October" is already saved for this database; choose another name, or replace it.',
    });
    await admin.saveView({ name: 'October', view: { kind: 'review', period: {} }, replace: true });
    expect((await admin.listSavedViews({})).views.find((v) => v.name === 'October')).toMatchObject({ kind: 'review', period: {} });
    await admin.renameView({ name: 'October', newName: 'Whole log' });
    await admin.deleteView({ name: 'Whole log' });
    expect((await admin.listSavedViews({})).views.map((v) => v.name)).toEqual(['Busy months', 'Customer 1', 'Deletions']);
    expect(await refusal(admin.deleteView({ name: 'Whole log' }))).toMatchObject({ code: 'not-found' });
    // A table this database does not log is no view of it.
    expect(await refusal(admin.saveView({ name: 'Nowhere', view: { kind: 'activity', filter: { tables: ['Invoice'] } } }))).toMatchObject({ code: 'unknown-table' });
  });

  it('never saves a filter by a value the user sees masked', async () => {
    const byIp: SavedViewSpec = { kind: 'activity', filter: { made: { ip: '10.0.0.21' } } };
    expect(await refusal(admin.saveView({ name: 'From one address', view: byIp }))).toEqual({
      code: 'bad-request',
      message: "The ip address of Customer's changes (SourceIP) is masked for you, so its log cannot be filtered by it.",
    });
    expect(await refusal(admin.saveView({ name: 'From one address', view: { ...CUSTOMER_LOG, filter: { made: { ip: '10.0.0.21' } } } as SavedViewSpec }))).toMatchObject({ code: 'bad-request' });
    expect(fs.readFileSync(path.join(home, 'saved-views.json'), 'utf8')).not.toContain('10.0.0.21');
    // Whoever sees the addresses in clear may save one (the method is never masked).
    const seeing = await open(engine, home, { revealSensitive: true });
    try {
      await seeing.saveView({ name: 'From one address', view: byIp });
      await seeing.deleteView({ name: 'From one address' });
    } finally {
      await seeing.close();
    }
    await admin.saveView({ name: 'Bulk', view: { kind: 'activity', filter: { made: { method: 'Bulk' } } } });
    await admin.deleteView({ name: 'Bulk' });
  });

  it("shows a plain user the record logs' views only, and lets them save nothing else", async () => {
    expect((await plain.listSavedViews({})).views.map((v) => v.name)).toEqual(['Customer 1']);
    expect(await refusal(plain.saveView({ name: 'Mine', view: DELETIONS }))).toMatchObject({ code: 'forbidden' });
    // An admin's view is, for them, not there: not renamed, deleted or replaced.
    expect(await refusal(plain.renameView({ name: 'Deletions', newName: 'Gone' }))).toMatchObject({ code: 'not-found' });
    expect(await refusal(plain.deleteView({ name: 'Deletions' }))).toMatchObject({ code: 'not-found' });
    expect(await refusal(plain.saveView({ name: 'Deletions', view: CUSTOMER_LOG, replace: true }))).toMatchObject({ code: 'bad-request' });
    await plain.saveView({ name: 'My customer', view: { ...CUSTOMER_LOG, filter: { by: { kind: 'mine' } } } as SavedViewSpec });
    expect((await admin.listSavedViews({})).views.map((v) => v.name)).toEqual(['Busy months', 'Customer 1', 'Deletions', 'My customer']);
    await plain.deleteView({ name: 'My customer' });
  });

  it('gives the CLI the same output with --view as with the same options typed out', async () => {
    const env: Record<string, string> = engine === 'postgres' ? { PGPASSWORD: READER.password } : {};
    const server = inject('pg');
    const db = engine === 'sqlite' ? replica : `postgres://${READER.user}@${server.host}:${server.port}/${DEMO_DATABASE}`;
    const cli = (...args: string[]) => runCli(home, [...args, '--db', db], env);
    const same = async (viewArgs: string[], typedArgs: string[]) => {
      const [byView, typed] = await Promise.all([cli(...viewArgs), cli(...typedArgs)]);
      expect(byView.stderr, viewArgs.join(' ')).toBe(typed.stderr);
      expect(byView.code, viewArgs.join(' ')).toBe(0);
      expect(byView.stdout.length, viewArgs.join(' ')).toBeGreaterThan(200);
      expect(byView.stdout, viewArgs.join(' ')).toBe(typed.stdout);
    };
    await same(['activity', '--view', 'Deletions', '--format', 'jsonl', '--all'], ['activity', '--from', '2026-09-01', '--to', '2026-10-31', '--tz', 'Asia/Kolkata', '--table', 'Contact,Customer', '--cue', 'Deleted', '--format', 'jsonl', '--all']);
    // Options given as well replace the view's own.
    await same(['activity', '--view', 'Deletions', '--cue', 'Added', '--to', '2026-09-15', '--format', 'jsonl'], ['activity', '--from', '2026-09-01', '--to', '2026-09-15', '--tz', 'Asia/Kolkata', '--table', 'Contact,Customer', '--cue', 'Added', '--format', 'jsonl']);
    await same(['history', '--view', 'Customer 1', '--format', 'json', '--limit', '20'], ['history', 'Customer', '1', '--from', '2024-01-01', '--to', '2026-12-31', '--tz', 'America/New_York', '--format', 'json', '--limit', '20']);
    await same(['history', 'Customer', '2', '--view', 'Customer 1', '--limit', '20'], ['history', 'Customer', '2', '--from', '2024-01-01', '--to', '2026-12-31', '--tz', 'America/New_York', '--limit', '20']);
    await same(['insights', '--view', 'Busy months', '--format', 'json'], ['insights', '--from', '2026-07-01', '--to', '2026-10-31', '--tz', 'Europe/London', '--cue', 'Modified,Deleted', '--per', 'month', '--by-cue', '--format', 'json']);
    await admin.saveView({ name: 'October', view: REVIEW, replace: true });
    await same(['review', '--view', 'October', '--format', 'json'], ['review', '--from', '2026-10-01', '--to', '2026-10-31', '--tz', 'Europe/London', '--format', 'json']);

    const wrongKind = await cli('review', '--view', 'Deletions');
    expect(wrongKind).toMatchObject({ code: 1, stdout: '' });
    expect(wrongKind.stderr.trim()).toBe('The saved view "Deletions" opens Activity, not Review; use it with audit-trail activity.');
    const missing = await cli('activity', '--view', 'Nope');
    expect(missing.stderr.trim()).toBe('There is no saved view named "Nope" for this database; audit-trail views lists them.');
    const listed = await cli('views', '--format', 'json');
    expect(JSON.parse(listed.stdout).views.map((v: { name: string }) => v.name)).toEqual(['Busy months', 'Customer 1', 'Deletions', 'October']);
    expect((await cli('views')).stdout).toMatch(/^Deletions\s+activity\s+Activity: 2026-09-01 to 2026-10-31 \(Asia\/Kolkata\); Contact, Customer; Deleted\s+\d{4}-\d{2}-\d{2}$/m);
  });
});

describe('saved views per database', () => {
  it("lists a replica's views on that replica only, not on PostgreSQL (nor the other way round)", async () => {
    const home = path.join(dir, 'home-both');
    const sqlite = await open('sqlite', home);
    const postgres = await open('postgres', home);
    try {
      await sqlite.saveView({ name: 'On the replica', view: DELETIONS });
      await postgres.saveView({ name: 'On the server', view: CUSTOMER_LOG });
      expect((await sqlite.listSavedViews({})).views.map((v) => v.name)).toEqual(['On the replica']);
      expect((await postgres.listSavedViews({})).views.map((v) => v.name)).toEqual(['On the server']);
      // A copy of the replica is another database.
      const copy = path.join(dir, 'copy.sqlite');
      fs.copyFileSync(replica, copy);
      const other = await openAuditDatabase({ file: copy, settings: ADMIN, viewsDir: home });
      try {
        expect((await other.listSavedViews({})).views).toEqual([]);
      } finally {
        await other.close();
      }
      // A damaged file is one sentence when listing, and refuses saving; the file is left as it was.
      fs.writeFileSync(path.join(home, 'saved-views.json'), '{ broken');
      expect((await sqlite.listSavedViews({})).problem).toMatch(/^The saved views in .* cannot be read \(it is not valid JSON\)/);
      expect(await refusal(sqlite.saveView({ name: 'x', view: REVIEW }))).toMatchObject({ code: 'corrupt' });
      expect(fs.readFileSync(path.join(home, 'saved-views.json'), 'utf8')).toBe('{ broken');
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('says so where no views are kept', async () => {
    const bare = await openAuditDatabase({ file: replica, settings: ADMIN });
    try {
      expect(await bare.listSavedViews({})).toEqual({ views: [], refused: [], problem: 'Saved views are not kept where this database was opened from.', kept: false });
      expect(await refusal(bare.saveView({ name: 'x', view: REVIEW }))).toMatchObject({ code: 'cannot-open' });
    } finally {
      await bare.close();
    }
  });
});
