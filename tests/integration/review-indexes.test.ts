/**
 * Review with and without the aggregate index (issue 12, part 6): the demo's time index is
 * `(ByTime, ID, ByID, ChangeCue)`, from which Review picks and groups a period's entries; a copy
 * of the demo whose time index is the older `(ByTime, ID)` is offered the aggregate index and
 * reads the rows instead. Which index a read uses may change its speed, never a finding: over the
 * whole history and over the month of the planted cases, both find exactly the same, in the same
 * order. (SQLite, where the copy can be made; the reads are the same SQL on both engines.)
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService, type AuditSettings } from '../../db/index';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const wide = path.join(dir, 'demo.sqlite');
const narrow = path.join(dir, 'demo-narrow.sqlite');
const SETTINGS: AuditSettings = { organisation: { timeZone: 'Europe/London' } };
const opened: AuditService[] = [];

beforeAll(async () => {
  generateDemoReplica({ out: wide, seed: 1 });
  fs.copyFileSync(wide, narrow);
  const db = new Database(narrow);
  const logs = db.prepare(`SELECT name, tbl_name AS log FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_log\\_by\\_time' ESCAPE '\\'`).all() as Array<{ name: string; log: string }>;
  for (const { name, log } of logs) {
    db.exec(`DROP INDEX "${name}"; CREATE INDEX "${name}" ON "${log}" ("ByTime", "ID");`);
  }
  db.exec('ANALYZE');
  db.close();
  for (const file of [wide, narrow]) opened.push(await openAuditDatabase({ file, settings: SETTINGS }));
}, 300_000);
afterAll(async () => {
  for (const api of opened) await api.close();
});

describe('review of the demo with and without the aggregate index', () => {
  it('offers the aggregate index only where the time index lacks the person and cue', async () => {
    const [withIndex, without] = opened as [AuditService, AuditService];
    const reviewHints = async (api: AuditService) =>
      (await api.listTables({})).tables.filter((t) => t.indexHints.some((h) => h.read === 'review')).map((t) => t.name).sort();
    expect(await reviewHints(withIndex)).toEqual([]);
    const logged = (await without.listTables({})).tables.map((t) => t.name).sort();
    expect(await reviewHints(without)).toEqual(logged);
  });

  for (const [label, period] of [
    ['the whole history', {}],
    ['the month of the planted cases', { from: '2026-10-01', to: '2026-10-31' }],
  ] as const) {
    it(`finds exactly the same over ${label}`, async () => {
      const [withIndex, without] = opened as [AuditService, AuditService];
      const a = await withIndex.getReview(period);
      const b = await without.getReview(period);
      expect(a.findings.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    });
  }
});
