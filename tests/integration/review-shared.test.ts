/**
 * Review's shared reads (issue 12, part 6): one call of every kind shares the period's quarter
 * hours, the findings other kinds defer to and, for an open period, the automation accounts'
 * buckets; calls one kind at a time (the Review view's, for its progress bar) share them while they
 * name the same look (`run`). Neither may change a finding: on the demo, once per engine, one call's findings are the
 * union of each kind's asked for alone on a database opened afresh (nothing shared), over the
 * whole history and over a month, and the same kinds asked one after another on one open database
 * find the same again.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService, type AuditSettings } from '../../db/index';
import type { GetReviewRequest, GetReviewResponse } from '../../shared/contract';
import type { ReviewFinding, ReviewKind } from '../../shared/domain';
import { DEMO_SEED } from '../support/pg-server';
import { ENGINES, fixtureSource, openSource, postgresDemoSource, writeToFixture } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const file = path.join(dir, 'demo.sqlite');
const SETTINGS: AuditSettings = { organisation: { timeZone: 'Europe/London' } };
const KINDS: ReviewKind[] = ['mass-delete', 'bulk-change', 'sensitive-change', 'off-hours', 'volume-spike', 'automation-anomaly'];
const opened: AuditService[] = [];

async function open(engine: string): Promise<AuditService> {
  const api = engine === 'sqlite' ? await openAuditDatabase({ file, settings: SETTINGS }) : await openSource(postgresDemoSource(), SETTINGS);
  opened.push(api);
  return api;
}

beforeAll(() => {
  generateDemoReplica({ out: file, seed: DEMO_SEED });
}, 300_000);
afterAll(async () => {
  for (const api of opened) await api.close();
});

/** A finding as a line that sorts the same whatever the order it was found in. */
const line = (f: ReviewFinding): string => JSON.stringify(f);
const lines = (findings: readonly ReviewFinding[]): string[] => findings.map(line).sort();

/** Each kind's findings asked for alone, each on a database opened afresh, together. */
async function kindByKind(engine: string, req: GetReviewRequest): Promise<{ findings: string[]; unreadable: GetReviewResponse['unreadableTimes'] }> {
  const findings: string[] = [];
  let unreadable: GetReviewResponse['unreadableTimes'] = [];
  for (const kind of KINDS) {
    const api = await open(engine);
    const review = await api.getReview({ ...req, kinds: [kind] });
    expect(review.findings.every((f) => f.kind === kind)).toBe(true);
    findings.push(...review.findings.map(line));
    if (kind !== 'automation-anomaly') unreadable = review.unreadableTimes;
  }
  return { findings: findings.sort(), unreadable };
}

describe.each(ENGINES)('review of the demo on %s, shared reads', (engine) => {
  for (const [period, req] of [
    ['the whole history', {}],
    ['a month', { from: '2026-10-01', to: '2026-10-31' }],
  ] as const) {
    it(`finds over ${period} in one call exactly what each kind finds alone`, async () => {
      const all = await (await open(engine)).getReview(req);
      const alone = await kindByKind(engine, req);
      expect(lines(all.findings)).toEqual(alone.findings);
      expect(all.unreadableTimes).toEqual(alone.unreadable);
      // The planted cases (db/demo/planted.ts) are all in October 2026.
      expect(new Set(all.findings.map((f) => f.kind)).size).toBeGreaterThanOrEqual(3);

      // The Review view's calls, one kind after another on one open database, share their reads.
      const api = await open(engine);
      const sequence: string[] = [];
      for (const kind of KINDS) sequence.push(...(await api.getReview({ ...req, kinds: [kind], run: 'one look' })).findings.map(line));
      expect(sequence.sort()).toEqual(alone.findings);
      expect(lines((await api.getReview(req)).findings)).toEqual(alone.findings);

      // A look whose first call is abandoned mid-way (on PostgreSQL it has started the look's other
      // reads too, which stop with it) reads again what it lost: its calls still find exactly that.
      for (const after of [0, 10, 40]) {
        const look = `abandoned after ${after} ms`;
        const abandoned = new AbortController();
        const first = api.getReview({ ...req, kinds: ['mass-delete'], run: look }, { signal: abandoned.signal });
        setTimeout(() => abandoned.abort(), after);
        await first.catch((error: unknown) => expect(String(error)).toMatch(/abandoned/));
        const again: string[] = [];
        for (const kind of KINDS) again.push(...(await api.getReview({ ...req, kinds: [kind], run: look })).findings.map(line));
        expect(again.sort()).toEqual(alone.findings);
      }
    }, 300_000);
  }
});

/** A small log: Eve's 60 deletions one night, then, written while the app has it open, 60 more on another. */
const LOOK_FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Eve', 'eve');
CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "Text" TEXT);
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "Text" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
CREATE INDEX "Note_log_time" ON "Note_log" ("ByTime", "ID");
${deletions(1, '2026-10-04 01:00')}`;

function deletions(first: number, minute: string): string {
  const rows = Array.from({ length: 60 }, (_, i) => `(${first + i}, ${first + i}, 'note', 1, 'Eve', '${minute}:${String(i).padStart(2, '0')}', 'Deleted')`);
  return `INSERT INTO "Note_log" VALUES ${rows.join(',\n')};`;
}

describe.each(ENGINES)('review looks on %s', (engine) => {
  it('shares reads within one look only: a new look sees a deletion written since, however soon', async () => {
    const source = await fixtureSource(engine, dir, `review-looks-${engine}`, LOOK_FIXTURE);
    const api = await openSource(source, SETTINGS);
    opened.push(api);
    const deletionsFound = async (run?: string) =>
      (await api.getReview({ kinds: ['mass-delete'], ...(run === undefined ? {} : { run }) })).findings.map((f) => f.count);
    expect(await deletionsFound('first look')).toEqual([60]);
    await writeToFixture(source, deletions(61, '2026-10-11 01:00'));
    // The same look's next call shares its reads (the view's calls see one log) …
    expect(await deletionsFound('first look')).toEqual([60]);
    // … a new look, or a call naming none, reads the log as it is now.
    expect((await deletionsFound('look again')).sort()).toEqual([60, 60]);
    expect(await deletionsFound()).toHaveLength(2);
    await expect(api.getReview({ run: 'x'.repeat(201) })).rejects.toThrow(/run is a text of at most 200 characters/);
  });
});
