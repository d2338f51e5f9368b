/**
 * Review's shared reads (issue 12, part 6): one call of every kind shares the period's quarter
 * hours, the findings other kinds defer to and, for an open period, the automation accounts'
 * buckets; calls one kind at a time (the Review view's, for its progress bar) share them for a
 * minute. Neither may change a finding: on the demo, once per engine, one call's findings are the
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
import { ENGINES, openSource, postgresDemoSource } from './fixtures/engines';
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
      for (const kind of KINDS) sequence.push(...(await api.getReview({ ...req, kinds: [kind] })).findings.map(line));
      expect(sequence.sort()).toEqual(alone.findings);
      expect(lines((await api.getReview(req)).findings)).toEqual(alone.findings);
    }, 300_000);
  }
});
