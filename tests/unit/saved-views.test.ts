/**
 * Saved views: what a well-formed view is (shared/saved-views.ts), the file that keeps them
 * (db/saved-views/view-store.ts: per database, atomic, a damaged file left alone, a newer or
 * nonsensical view refused alone), and which database a view belongs to (database-key.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseKey } from '../../db/saved-views/database-key';
import { createSavedViewStore, SAVED_VIEWS_FILE } from '../../db/saved-views/view-store';
import { AuditError } from '../../shared/errors';
import { checkViewToSave, describeView, isValidViewName, readStoredView, VIEW_NAME_RULE, type SavedViewSpec } from '../../shared/saved-views';
import { tempDir } from '../support/temp-dir';

const home = (): string => tempDir('audit-trail-views-');
const DB = 'sqlite:/data/replica.sqlite';
const OTHER = 'postgres://db.example.org:5432/crm?schema=public';
const at = (iso: string) => () => new Date(iso);

/** One view of every kind, each with every part its kind may hold. */
const EVERY_KIND: Record<string, SavedViewSpec> = {
  activity: {
    kind: 'activity',
    filter: {
      from: '2026-10-01',
      to: '2026-10-31',
      timeZone: 'Asia/Kolkata',
      by: { kind: 'person', personId: 19 },
      tables: ['Contact', 'Customer'],
      cues: ['Deleted'],
      field: 'Phone',
      made: { method: 'Bulk' },
      performedBy: 'person',
      between: { from: '2026-10-03T01:10:05Z', to: '2026-10-03T01:14:41.000000001Z' },
      hoursOfWeek: [{ weekday: 6, hour: 2 }],
    },
  },
  review: { kind: 'review', period: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Europe/London' } },
  insights: { kind: 'insights', filter: { from: '2026-01-01', to: '2026-03-31', timeZone: 'America/New_York', by: { kind: 'mine' }, cues: ['Added', 'Modified'] }, granularity: 'week', split: 'cue' },
  log: { kind: 'log', record: { table: 'Customer', id: 42 }, related: true, filter: { from: '2025-01-01', timeZone: 'UTC', by: { kind: 'all' }, tables: ['Contact'], performedBy: 'automation' } },
};

function sentenceOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    return (error as AuditError).message;
  }
  throw new Error('expected a refusal');
}

describe('a view to save', () => {
  it('is rebuilt from its declared parts only, so nothing else can reach the file', () => {
    const smuggled = { kind: 'log', record: { table: 'Customer', id: 42 }, related: false, filter: { by: { kind: 'mine' } } };
    const checked = checkViewToSave('Mine on 42', smuggled);
    expect(checked).toEqual({ name: 'Mine on 42', ...smuggled });
    // A part no kind declares (a record's title, say, which may be a masked value) is refused, not kept.
    expect(sentenceOf(() => checkViewToSave('x', { ...smuggled, title: '***-**-1234' }))).toBe('The view "x" cannot be saved: it has a part this version does not know ("title").');
  });

  it('keeps its days with their zone, and refuses days without one', () => {
    expect(checkViewToSave('Oct', EVERY_KIND.review)).toMatchObject({ period: { from: '2026-10-01', to: '2026-10-31', timeZone: 'Europe/London' } });
    expect(sentenceOf(() => checkViewToSave('Oct', { kind: 'activity', filter: { from: '2026-10-01' } }))).toBe(
      'The view "Oct" cannot be saved: it has days but not the time zone they are in.',
    );
    expect(sentenceOf(() => checkViewToSave('Oct', { kind: 'activity', filter: { from: '2026-02-30', timeZone: 'UTC' } }))).toMatch(/^The view "Oct" cannot be saved: its days cannot be read \(/);
    expect(sentenceOf(() => checkViewToSave('Oct', { kind: 'activity', filter: { from: '2026-10-31', to: '2026-10-01', timeZone: 'UTC' } }))).toMatch(/its days cannot be read/);
    expect(sentenceOf(() => checkViewToSave('Oct', { kind: 'review', period: { timeZone: 'Mars/Olympus' } }))).toMatch(/its time zone "Mars\/Olympus" is not one this app knows/);
    // No period at all is the whole log: nothing is added.
    expect(checkViewToSave('All', { kind: 'review', period: {} })).toEqual({ name: 'All', kind: 'review', period: {} });
  });

  it('refuses what its kind cannot hold, in one sentence', () => {
    expect(sentenceOf(() => checkViewToSave('x', { kind: 'insights', filter: { field: 'Phone' } }))).toMatch(/its filter has a part this version does not know \("field"\)/);
    expect(sentenceOf(() => checkViewToSave('x', { kind: 'activity', filter: { cues: ['Deleted', 'Exploded'] } }))).toMatch(/its change cues are not among Added/);
    expect(sentenceOf(() => checkViewToSave('x', { kind: 'log', record: { table: 'Customer' }, filter: {} }))).toMatch(/its record id is not a name/);
    expect(sentenceOf(() => checkViewToSave('x', { kind: 'log', record: { table: 'Customer', id: 1 }, related: false, filter: { tables: ['Contact'] } }))).toMatch(/"tables"/);
    expect(sentenceOf(() => checkViewToSave('x', { kind: 'chart' }))).toBe('The view "x" cannot be saved: it is not one of the kinds activity, review, insights, log.');
    expect(sentenceOf(() => checkViewToSave('x', { kind: 'activity', filter: { hoursOfWeek: [{ weekday: 1, hour: 3 }] } }))).toMatch(/hours of the week but not the time zone/);
  });

  it('has a name by the rule, said in one sentence', () => {
    for (const good of ['Deletions', 'Contact deletions / October', 'É'.repeat(64)]) expect(isValidViewName(good), good).toBe(true);
    for (const bad of ['', ' Deletions', 'Deletions ', 'two\nlines', 'tab\there', 'x'.repeat(65), 42]) expect(isValidViewName(bad), String(bad)).toBe(false);
    expect(sentenceOf(() => checkViewToSave('bad\nname', EVERY_KIND.review))).toBe(VIEW_NAME_RULE);
  });

  it('is described in one line', () => {
    expect(describeView(EVERY_KIND.review!)).toBe('Review: 2026-10-01 to 2026-10-31 (Europe/London)');
    expect(describeView({ kind: 'log', record: { table: 'Customer', id: 42 }, related: false, filter: {} })).toBe("Customer 42's log");
  });
});

describe('the saved-view file', () => {
  it('round-trips a view of every kind, per database, sorted by name', () => {
    const dir = home();
    const store = createSavedViewStore(dir, at('2026-11-30T10:00:00Z'));
    for (const [name, spec] of Object.entries(EVERY_KIND)) store.save(DB, checkViewToSave(name, spec), false);
    const { views, refused } = store.list(DB);
    expect(refused).toEqual([]);
    expect(views.map((v) => v.name)).toEqual(['activity', 'insights', 'log', 'review']);
    for (const view of views) {
      const { name, savedAt, ...spec } = view;
      expect(spec, name).toEqual(EVERY_KIND[name]);
      expect(savedAt).toBe('2026-11-30T10:00:00.000Z');
    }
    // Per database: another database lists none of them, and its own are not listed here.
    expect(store.list(OTHER).views).toEqual([]);
    store.save(OTHER, checkViewToSave('activity', { kind: 'activity', filter: {} }), false);
    expect(store.list(OTHER).views.map((v) => v.name)).toEqual(['activity']);
    expect(store.list(DB).views).toHaveLength(4);
    const file = JSON.parse(fs.readFileSync(path.join(dir, SAVED_VIEWS_FILE), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.views.every((v: { version: number }) => v.version === 1)).toBe(true);
    expect(fs.statSync(path.join(dir, SAVED_VIEWS_FILE)).mode & 0o077).toBe(0);
  });

  it('refuses a second view of the same name (letter case aside) unless it replaces it; renames and deletes', () => {
    const store = createSavedViewStore(home());
    store.save(DB, checkViewToSave('Deletions', EVERY_KIND.activity), false);
    const taken = sentenceOf(() => store.save(DB, checkViewToSave('deletions', EVERY_KIND.review), false));
    expect(taken).toBe('A view named "Deletions" is already saved for this database; choose another name, or replace it.');
    store.save(DB, checkViewToSave('deletions', EVERY_KIND.review), true);
    expect(store.list(DB).views.map((v) => [v.name, v.kind])).toEqual([['deletions', 'review']]);
    store.save(DB, checkViewToSave('Other', EVERY_KIND.log), false);
    expect(sentenceOf(() => store.rename(DB, 'Other', 'DELETIONS'))).toBe('A view named "DELETIONS" is already saved for this database; choose another name.');
    // The same view under another letter case is a rename, not a clash.
    expect(store.rename(DB, 'deletions', 'Deletions').name).toBe('Deletions');
    expect(sentenceOf(() => store.rename(DB, 'gone', 'x'))).toMatch(/There is no saved view named "gone"/);
    expect(store.remove(DB, 'other')).toBe(true);
    expect(store.remove(DB, 'other')).toBe(false);
    expect(store.list(DB).views.map((v) => v.name)).toEqual(['Deletions']);
  });

  it('refuses a view written by a newer version, or edited into nonsense, alone: the others load and are kept', () => {
    const dir = home();
    const store = createSavedViewStore(dir);
    store.save(DB, checkViewToSave('Good', EVERY_KIND.review), false);
    const file = path.join(dir, SAVED_VIEWS_FILE);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.views.push(
      { database: DB, version: 2, name: 'Future', kind: 'timeline', savedAt: '2027-01-01T00:00:00Z', lens: {} },
      { database: DB, version: 1, name: 'Edited', kind: 'activity', savedAt: '2026-01-01T00:00:00Z', filter: { cues: 'Deleted' } },
      { database: DB, version: 1, kind: 'activity', savedAt: '2026-01-01T00:00:00Z', filter: {} },
      'not a view',
    );
    fs.writeFileSync(file, JSON.stringify(data));
    const { views, refused } = store.list(DB);
    expect(views.map((v) => v.name)).toEqual(['Good']);
    expect(refused.map((r) => r.problem)).toEqual([
      'The saved view "Future" cannot be opened: it was saved by a newer version of Audit Trail Browser.',
      'The saved view "Edited" cannot be opened: its change cues are not among Added, Modified, Deleted, Unchanged, Other.',
      'A saved view cannot be opened: it has no usable name.',
    ]);
    // Saving another view keeps the refused ones in the file, as they were.
    store.save(DB, checkViewToSave('More', EVERY_KIND.log), false);
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(after.views).toContainEqual({ database: DB, version: 2, name: 'Future', kind: 'timeline', savedAt: '2027-01-01T00:00:00Z', lens: {} });
    expect(after.views).toContain('not a view');
    // A refused view can be deleted by its name.
    expect(store.remove(DB, 'Edited')).toBe(true);
    expect(store.list(DB).refused).toHaveLength(2);
    expect(readStoredView({ version: 1, name: 'No time', kind: 'review', period: {} })).toEqual({ refused: { name: 'No time', problem: 'The saved view "No time" cannot be opened: it says no time it was saved.' } });
  });

  it('reports a damaged file in one sentence and never replaces it', () => {
    for (const text of ['{ "version": 1, "views": [', '[]', '{"version": 9, "views": []}', '{"version": 1, "views": {}}']) {
      const dir = home();
      const file = path.join(dir, SAVED_VIEWS_FILE);
      fs.writeFileSync(file, text);
      const store = createSavedViewStore(dir);
      const sentence = sentenceOf(() => store.list(DB));
      expect(sentence, text).toMatch(new RegExp(`^The saved views in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read \\(.+\\); fix the file or move it away\\. It has been left as it is, and no view is saved until then\\.$`));
      expect(sentenceOf(() => store.save(DB, checkViewToSave('x', EVERY_KIND.review), false))).toBe(sentence);
      expect(sentenceOf(() => store.remove(DB, 'x'))).toBe(sentence);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
    }
    const dir = home();
    fs.writeFileSync(path.join(dir, SAVED_VIEWS_FILE), '{"version": 2, "views": []}');
    expect(sentenceOf(() => createSavedViewStore(dir).list(DB))).toMatch(/\(it was written by a newer version of the app\)/);
  });
});

describe("a view's database", () => {
  it('is a replica by its real path, and PostgreSQL by server, port, database and schema, never the user or a password', () => {
    const dir = home();
    const file = path.join(dir, 'replica.sqlite');
    fs.writeFileSync(file, '');
    fs.symlinkSync(file, path.join(dir, 'link.sqlite'));
    const real = fs.realpathSync(file);
    expect(databaseKey({ kind: 'sqlite', file })).toBe(`sqlite:${real}`);
    expect(databaseKey({ kind: 'sqlite', file: path.join(dir, 'link.sqlite') })).toBe(`sqlite:${real}`);
    expect(databaseKey({ kind: 'sqlite', file: path.join(dir, 'sub', '..', 'replica.sqlite') })).toBe(`sqlite:${real}`);
    const target = { host: 'DB.example.org', port: 5432, database: 'crm', user: 'auditor', schema: 'audit', ssl: 'require' as const };
    const key = databaseKey({ kind: 'postgres', target, password: 'hunter2' });
    expect(key).toBe('postgres://db.example.org:5432/crm?schema=audit');
    expect(databaseKey({ kind: 'postgres', target: { ...target, user: 'someone-else', ssl: 'disable' } })).toBe(key);
    expect(databaseKey({ kind: 'postgres', target: { ...target, schema: 'public' } })).not.toBe(key);
    expect(databaseKey({ kind: 'postgres', target: { ...target, port: 5433 } })).not.toBe(key);
  });
});
