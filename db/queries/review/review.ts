/**
 * Review: what deserves a look in a period. Runs the kinds asked for (each its own module, reading
 * the shared aggregates of run-context.ts once), names the people once for all findings (the
 * Person table's name, else the name the log recorded; an entry whose person is not recorded is
 * credited to nobody), writes each finding's sentence as one line of text, and sorts them by
 * severity, then time.
 */
import type { GetReviewRequest, GetReviewResponse } from '../../../shared/contract';
import type { RecordId, ReviewFinding, ReviewKind } from '../../../shared/domain';
import { AuditError } from '../../../shared/errors';
import { oneLine } from '../../../shared/one-line';
import { instantKey } from '../../time-codec';
import { cancelledError, currentSignal } from '../../cancellation';
import type { QueryContext } from '../context';
import { findPeople } from '../people';
import { nullTimes } from './aggregates';
import { automationAnomalies } from './automation-anomaly';
import { bulkChanges, massDeletes } from './bulk';
import { offHours } from './off-hours';
import { openRun, REVIEW_KINDS, SEVERITY_ORDER, type Draft, type ReviewRun } from './run-context';
import { sensitiveChanges } from './sensitive-change';
import { volumeSpikes } from './volume-spike';

const FINDERS: Record<ReviewKind, (run: ReviewRun) => Promise<Draft[]>> = {
  'bulk-change': bulkChanges,
  'mass-delete': massDeletes,
  'off-hours': offHours,
  'volume-spike': volumeSpikes,
  'sensitive-change': sensitiveChanges,
  'automation-anomaly': automationAnomalies,
};

export async function getReview(ctx: QueryContext, req: GetReviewRequest): Promise<GetReviewResponse> {
  const kinds = kindsOf(req.kinds);
  const run = await openRun(ctx, req);
  // Abandoning a call abandons its look, while the call runs (a call's signal may be aborted
  // after its answer was sent, when the caller goes away: by then the look is no longer its own).
  const signal = currentSignal();
  if (signal?.aborted) throw cancelledError();
  const abandon = (): void => run.abandon();
  signal?.addEventListener('abort', abandon, { once: true });
  let drafts: Draft[];
  try {
    aheadOfLook(run, req);
    // Every kind asked starts at once (they share their reads through the run): the database reads
    // one kind's rows while this process sorts out another's. Drafts keep the kinds' order.
    drafts = (await Promise.all(kinds.map((kind) => FINDERS[kind](run)))).flat();
  } finally {
    signal?.removeEventListener('abort', abandon);
  }

  const ids = [...new Map(drafts.filter((d) => d.by !== null).map((d) => [String(d.by), d.by as RecordId])).values()];
  const known = new Map((await findPeople(ctx, { ids })).map((p) => [String(p.id), p.name]));
  const findings: ReviewFinding[] = drafts.map(({ say, loggedName, ...draft }) => {
    const name = draft.by === null ? null : (known.get(String(draft.by)) ?? loggedName);
    const shown = draft.by === null ? 'Someone the log does not name' : name === null ? `Person ${oneLine(String(draft.by), 40)}` : oneLine(name);
    return { ...draft, byName: name === null ? null : oneLine(name), sentence: oneLine(say(shown), 400) };
  });
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareKeys(instantKey(a.from), instantKey(b.from)) || a.kind.localeCompare(b.kind));

  const unreadable = new Map<string, number>();
  if (kinds.some((k) => k !== 'automation-anomaly')) for (const [t, n] of (await run.quarters()).unreadable) unreadable.set(t, n);
  // A bounded period's range read never meets a NULL time; an open one counted them above.
  if (run.span.from || run.span.toExclusive) for (const [t, n] of await nullTimes(ctx)) unreadable.set(t, (unreadable.get(t) ?? 0) + n);
  return {
    findings,
    timeZone: run.org.timeZone,
    automation: run.automation.accounts,
    unreadableTimes: [...unreadable].map(([table, count]) => ({ table, count })).sort((a, b) => a.table.localeCompare(b.table)),
  };
}

/**
 * The reads a look needs whichever kind it asks first, started with its first call: every kind
 * but automation-anomaly reads the quarter hours, and off-hours needs sensitive-change's findings.
 * The Review view's look asks mass-delete first; sensitive-change's read (the longest on the
 * database, read aside: db/engine.ts) then runs beside the quarter hours rather than after them.
 */
function aheadOfLook(run: ReviewRun, req: GetReviewRequest): void {
  if (req.run === undefined || req.run === null) return;
  run.ahead(() => sensitiveChanges(run));
  run.ahead(() => run.quarters());
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindsOf(raw: unknown): ReviewKind[] {
  if (raw === undefined || raw === null) return [...REVIEW_KINDS];
  if (!Array.isArray(raw) || raw.some((k) => !REVIEW_KINDS.includes(k as ReviewKind))) {
    throw new AuditError('bad-request', `The kinds of finding must be among ${REVIEW_KINDS.join(', ')}.`);
  }
  return raw.length === 0 ? [...REVIEW_KINDS] : REVIEW_KINDS.filter((k) => raw.includes(k));
}
