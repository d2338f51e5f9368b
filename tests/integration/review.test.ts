/**
 * Review on the generated demo, once per engine: exactly the planted cases are found over the
 * whole history (nothing spurious on the rest), each finding's entries are what Activity lists for
 * its range, person, tables and cues, and the automation accounts are known. Then, on a small
 * fixture per engine: hostile names stay one line, entries whose person is not recorded are
 * credited to nobody, unreadable times are counted, and "Performed by" splits every listing.
 * The organisation's zone is set (Europe/London, the demo's), so the process's own zone (the suite
 * runs east and west of UTC) must change nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoReplica, type DemoStats } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService, type AuditSettings } from '../../db/index';
import type { ActivityFilter, ReviewFinding } from '../../shared/domain';
import { DEMO_SEED } from '../support/pg-server';
import { ENGINES, fixtureSource, openSource, postgresDemoSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const file = path.join(dir, 'demo.sqlite');
const SETTINGS: AuditSettings = { organisation: { timeZone: 'Europe/London' } };
let stats: DemoStats;
const services: Record<string, AuditService> = {};

beforeAll(async () => {
  stats = generateDemoReplica({ out: file, seed: DEMO_SEED });
  services.sqlite = await openAuditDatabase({ file, settings: SETTINGS });
  services.postgres = await openSource(postgresDemoSource(), SETTINGS);
}, 300_000);
afterAll(async () => {
  for (const api of Object.values(services)) await api.close();
});

/** Activity's filter for a finding's exact entries (what the Review view opens). */
function entriesOf(finding: ReviewFinding): ActivityFilter {
  return {
    between: { from: finding.from, to: finding.to },
    ...(finding.by !== null ? { by: { kind: 'person', personId: finding.by } } : {}),
    tables: finding.tables,
    ...(finding.cues.length ? { cues: finding.cues } : {}),
    ...(finding.fields.length === 1 ? { field: finding.fields[0] } : {}),
  };
}

async function countActivity(api: AuditService, filter: ActivityFilter): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await api.listActivity({ filter, limit: 1000, cursor });
    n += page.entries.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return n;
}

describe.each(ENGINES)('review of the demo on %s', (engine) => {
  it('finds exactly the planted cases over the whole history', async () => {
    const api = services[engine]!;
    const review = await api.getReview({});
    expect(review.timeZone).toBe('Europe/London');
    const found = review.findings.map((f) => ({ kind: f.kind, by: f.by, table: f.tables.join(','), count: f.count }));
    const planted = stats.planted.map((p) => ({ kind: p.kind, by: p.by, table: p.table, count: p.count }));
    expect(found).toEqual(expect.arrayContaining(planted));
    expect(found).toHaveLength(planted.length);
    const massDelete = review.findings.find((f) => f.kind === 'mass-delete')!;
    expect(massDelete.severity).toBe('high');
    expect(massDelete.sentence).toMatch(/ deleted \d+ Contact records between 02:1\d and 02:1\d on Sat 3 Oct 2026$/);
    const bank = review.findings.find((f) => f.kind === 'sensitive-change')!;
    expect(bank.fields).toEqual(['BankAccount']);
    expect(bank.sentence).toContain('BankAccount (masked)');
    expect(bank.sentence).not.toMatch(/GB\d/);
    expect(review.unreadableTimes).toEqual([]);
  });

  it("opens each finding's exact entries in Activity", async () => {
    const api = services[engine]!;
    for (const finding of (await api.getReview({})).findings) {
      expect(await countActivity(api, entriesOf(finding))).toBe(finding.count);
    }
  });

  it('knows the automation accounts, and why', async () => {
    const { automation } = await services[engine]!.getReview({ kinds: ['automation-anomaly'] });
    expect(automation.map((a) => a.login)).toEqual(['svc-automation', 'svc-import', 'web-portal']);
    expect(automation.every((a) => a.source === 'detected' && a.reason.length > 10)).toBe(true);
  });

  it('finds the mass deletion in its own month, the same in any zone it is read in', async () => {
    const api = services[engine]!;
    const october = await api.getReview({ from: '2026-10-01', to: '2026-10-31', kinds: ['mass-delete'] });
    expect(october.findings.map((f) => f.kind)).toEqual(['mass-delete']);
    const east = await api.getReview({ from: '2026-10-01', to: '2026-10-31', kinds: ['mass-delete'], timeZone: 'Asia/Kolkata' });
    expect(east.findings.map((f) => [f.count, f.from, f.to])).toEqual(october.findings.map((f) => [f.count, f.from, f.to]));
    expect(east.findings[0]!.sentence).toContain('between 06:4');
  });
});

describe.each(ENGINES)('performed by, on the demo on %s', (engine) => {
  it('splits the activity into people and automation, leaving no one out', async () => {
    const api = services[engine]!;
    const day: ActivityFilter = { from: '2026-10-06', to: '2026-10-06', timeZone: 'Europe/London' };
    const all = await countActivity(api, day);
    const people = await countActivity(api, { ...day, performedBy: 'person' });
    const automation = await countActivity(api, { ...day, performedBy: 'automation' });
    expect(people).toBeGreaterThan(0);
    expect(automation).toBeGreaterThan(0);
    expect(people + automation).toBe(all);
    const page = await api.listActivity({ filter: { ...day, performedBy: 'automation' }, limit: 200 });
    expect(new Set(page.entries.map((e) => e.byId))).toEqual(new Set([2, 4]));
    const history = await api.getHistory({ table: 'Customer', id: page.entries.find((e) => e.table === 'Customer')!.recordId, filter: { performedBy: 'person' }, limit: 1000 });
    expect(history.entries.every((e) => e.byId !== 2 && e.byId !== 3 && e.byId !== 4 && e.byId !== null)).toBe(true);
  });
});

/**
 * A Person table with a hostile name, a note log written as text (so PostgreSQL buckets text
 * times too): 60 deletions by Eve at 02:00 on a Sunday, 60 whose person the log does not record,
 * and two rows whose time cannot be read.
 */
function hostileFixture(): string {
  const rows: string[] = [];
  let id = 0;
  for (let i = 0; i < 60; i++) {
    id += 1;
    rows.push(`(${id}, ${id}, 'note ${id}', 1, 'Eve', '2026-10-04 01:00:${String(i % 60).padStart(2, '0')}', 'Deleted')`);
  }
  for (let i = 0; i < 60; i++) {
    id += 1;
    rows.push(`(${id}, ${id}, 'note ${id}', NULL, NULL, '2026-10-04 01:30:${String(i % 60).padStart(2, '0')}', 'Deleted')`);
  }
  rows.push(`(${++id}, ${id}, 'odd', 1, 'Eve', 'not a time', 'Modified')`);
  rows.push(`(${++id}, ${id}, 'odd', 1, 'Eve', NULL, 'Modified')`);
  return `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Eve
<b>Evil</b>', 'eve');
CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "Text" TEXT);
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "Text" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Note_log" VALUES ${rows.join(',\n')};
CREATE INDEX "Note_log_time" ON "Note_log" ("ByTime", "ID");
CREATE INDEX "Note_log_parent" ON "Note_log" ("NoteID", "ByTime", "ID");
`;
}

describe.each(ENGINES)('review of hostile input on %s', (engine) => {
  let api: AuditService;
  beforeAll(async () => {
    api = await openSource(await fixtureSource(engine, dir, `review-hostile-${engine}`, hostileFixture()), { organisation: { timeZone: 'Europe/London' } });
  });
  afterAll(() => api?.close());

  it('keeps names to one line, credits nobody with unrecorded entries, and counts unreadable times', async () => {
    const review = await api.getReview({});
    const deletions = review.findings.filter((f) => f.kind === 'mass-delete');
    expect(deletions.map((f) => [f.by, f.count])).toEqual([[1, 60]]);
    expect(deletions[0]!.sentence).toBe('Eve <b>Evil</b> deleted 60 Note records between 02:00 and 02:00 on Sun 4 Oct 2026'.replace('between 02:00 and 02:00', 'at 02:00'));
    expect(deletions[0]!.byName).toBe('Eve <b>Evil</b>');
    expect(review.findings.every((f) => f.by !== null || !f.sentence.includes('Eve'))).toBe(true);
    expect(review.findings.every((f) => !/[\n\r]/.test(f.sentence))).toBe(true);
    expect(review.unreadableTimes).toEqual([{ table: 'Note', count: 2 }]);
    const october = await api.getReview({ from: '2026-10-01', to: '2026-10-31' });
    // A bounded period counts the NULL times (an index probe) and the unreadable times within its range.
    expect(october.unreadableTimes).toEqual([{ table: 'Note', count: 1 }]);
  });
});

describe('audit-trail review', () => {
  it("lists the findings as JSON, and activity lists each one's entries", async () => {
    const { runCli } = await import('./fixtures/cli');
    const home = path.join(dir, 'cli-home');
    const review = await runCli(home, ['review', '--db', file, '--tz', 'Europe/London', '--format', 'json']);
    expect(review.stderr).toBe('');
    expect(review.code).toBe(0);
    const { findings, timeZone } = JSON.parse(review.stdout) as { findings: ReviewFinding[]; timeZone: string };
    expect(timeZone).toBe('Europe/London');
    expect(findings.map((f) => f.kind).sort()).toEqual(stats.planted.map((p) => p.kind).sort());
    for (const f of findings) {
      const args = ['activity', '--db', file, '--format', 'jsonl', '--all', '--since', f.from, '--until', f.to, '--by', String(f.by)];
      for (const t of f.tables) args.push('--table', t);
      for (const c of f.cues) args.push('--cue', c);
      if (f.fields.length === 1) args.push('--field', f.fields[0]!);
      const listed = await runCli(home, args);
      expect(listed.code).toBe(0);
      expect(listed.stdout.trim().split('\n')).toHaveLength(f.count);
    }
    const table = await runCli(home, ['review', '--db', file, '--tz', 'Europe/London', '--kind', 'mass-delete']);
    expect(table.stdout).toMatch(/high\s+mass-delete\s+\d+\s+.* deleted \d+ Contact records between 02:1\d and 02:1\d on Sat 3 Oct 2026/);
    const wrong = await runCli(home, ['review', '--db', file, '--kind', 'gossip']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/kinds of finding must be among/);
    const noRange = await runCli(home, ['history', 'Customer', '1', '--db', file, '--since', '2026-10-03T01:10:00Z', '--until', '2026-10-03T02:00:00Z']);
    expect(noRange.code).toBe(2);
  }, 120_000);
});
