/**
 * Review's figures (issue 12, part 6): a month's findings and the whole history's, every kind in
 * one call, as the CLI asks, and the whole history one kind per call, as the Review view asks (for
 * its progress bar; the calls share their reads). Part of the suite (suite.ts), and runnable alone on a database the benchmark
 * built: `npx tsx bench/review-bench.ts --db FILE|postgres://… [--runs N]`. Targets: a month under
 * 1 s, the whole history under 10 s. There is no hand-written floor: Review is aggregates per log
 * over the `(ByTime, ID)` and `(ByID, ByTime)` indexes, and the floor would be the same queries.
 */
import { parseArgs } from 'node:util';
import type { AuditService } from '../db/index';
import { REVIEW_KINDS } from '../db/queries/review/run-context';
import type { GetReviewRequest } from '../shared/contract';
import { time } from './measure';
import type { Row } from './suite';

/** The demo's zone, so that its working hours are the organisation's. */
export const REVIEW_SETTINGS = { organisation: { timeZone: 'Europe/London' } };

export async function reviewRows(api: AuditService, runs: number): Promise<Row[]> {
  // Each call without a `run`: nothing kept from the call before, every one timed from the database.
  const review = (req: GetReviewRequest) => api.getReview(req);
  const september = { from: '2026-09-01', to: '2026-09-30' };
  // The automation accounts are learnt once per open database: not part of any one review.
  const month = await review(september);
  const rows: Row[] = [];
  rows.push({ read: `review, a month (September 2026: ${month.findings.length} findings)`, ours: await time(() => review(september), runs, 1), note: 'target < 1,000 ms' });
  const whole = await review({});
  const wholeRuns = Math.min(runs, 3);
  rows.push({ read: `review, the whole history (${whole.findings.length} findings)`, ours: await time(() => review({}), wholeRuns, 0), note: 'target < 10,000 ms' });
  // As the Review view asks: one kind per call (for its progress bar), the calls of one look sharing their reads.
  let looks = 0;
  const oneByOne = async () => {
    const run = `bench-${++looks}`;
    for (const kind of REVIEW_KINDS) await api.getReview({ kinds: [kind], run });
  };
  rows.push({ read: 'review, the whole history, one kind per call (as the view asks)', ours: await time(oneByOne, wholeRuns, 0), note: 'target < 10,000 ms' });
  return rows;
}

/**
 * Where a look's time goes: the month and the whole history one kind per call in one look (the
 * first kind also reads the shared quarter hours), each call's time and the process's CPU time.
 */
export async function perKindRows(api: AuditService): Promise<string[]> {
  const lines: string[] = [];
  for (const [label, period] of [['a month', { from: '2026-09-01', to: '2026-09-30' }], ['the whole history', {}]] as const) {
    const run = `per-kind-${label}`;
    let total = 0;
    for (const kind of REVIEW_KINDS) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const { findings } = await api.getReview({ ...period, kinds: [kind], run });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      total += ms;
      lines.push(`${label}, ${kind}: ${ms.toFixed(0)} ms (cpu ${((used.user + used.system) / 1000).toFixed(0)} ms), ${findings.length} findings`);
    }
    lines.push(`${label}, all kinds one by one: ${total.toFixed(0)} ms`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { db: { type: 'string' }, runs: { type: 'string', default: '5' }, 'per-kind': { type: 'boolean', default: false } } });
  if (!values.db) throw new Error('--db FILE or --db postgres://… is required.');
  const { openAuditDatabase } = await import('../db/index');
  const started = performance.now();
  const source = values.db.startsWith('postgres') ? { kind: 'postgres' as const, url: values.db } : { kind: 'sqlite' as const, file: values.db };
  const api = await openAuditDatabase({ ...(source.kind === 'sqlite' ? { file: source.file } : { source: await postgresSource(source.url) }), settings: REVIEW_SETTINGS });
  const first = performance.now();
  await api.getReview({ from: '2026-09-01', to: '2026-09-30', kinds: ['automation-anomaly'] });
  console.log(`open ${(first - started).toFixed(0)} ms; automation accounts learnt and a month's automation-anomaly: ${(performance.now() - first).toFixed(0)} ms`);
  if (values['per-kind']) {
    for (const row of await perKindRows(api)) console.log(row);
    await api.close();
    process.exit(0);
  }
  for (const row of await reviewRows(api, Number(values.runs))) {
    console.log(`${row.read}: median ${row.ours.median.toFixed(0)} ms, p95 ${row.ours.p95.toFixed(0)} ms (${row.note ?? ''})`);
  }
  await api.close();
}

async function postgresSource(url: string) {
  const { parsePostgresUrl } = await import('../db/dialects/postgres/target');
  const { target, password } = parsePostgresUrl(url);
  return { kind: 'postgres' as const, target, password: password ?? process.env.PGPASSWORD };
}
