/**
 * `off-hours`: people (not automation accounts) changing records outside the organisation's
 * working hours or on days it does not work, in its zone. A session of such changes ends after
 * `gapMinutes` without one. A session wholly explained by a more specific finding of the same
 * person (a mass deletion, a bulk change, a sensitive change at that time) is left to that finding.
 */
import { bulkChanges, massDeletes } from './bulk';
import { byPerson, count, explainedCount, madeBy, personDraft, sessions, tableList, tablesOf, totals, type Draft, type ReviewRun } from './run-context';
import { sensitiveChanges } from './sensitive-change';

export async function offHours(run: ReviewRun): Promise<Draft[]> {
  const { columns } = await run.quarters();
  const made = madeBy(run, columns);
  // Buckets share their quarter hours (every person's, every log's): each is placed on the clock once.
  const quarterOff = new Map<number, boolean>();
  const offAt = (start: number): boolean => {
    let off = quarterOff.get(start);
    if (off === undefined) quarterOff.set(start, (off = run.offHours(start * 1000)));
    return off;
  };
  // Objects only for people's buckets outside working time (few of a whole history's).
  const buckets = columns.pick((i) => made.person(i) && offAt(columns.start[i]!));
  const people = byPerson(buckets, () => true);
  const specific = [...(await massDeletes(run)), ...(await bulkChanges(run)), ...(await sensitiveChanges(run))];
  const drafts: Draft[] = [];
  for (const { by, moments } of people.values()) {
    for (const session of sessions(moments, run.thresholds.offHours.gapMinutes * 60)) {
      const t = totals(session);
      if (explainedCount(specific, by, t) >= t.count) continue;
      const weekend = session.every((m) => !run.org.workingDays.includes(run.clock.at(m.firstMs).weekday));
      const tables = tablesOf(t);
      const span = run.clock.span(t.firstMs, t.lastMs);
      const changes = t.count === 1 ? 'a change' : `${count(t.count)} changes`;
      drafts.push(
        personDraft('off-hours', t.count >= 10 ? 'medium' : 'low', by, t, (name) =>
          `${name} made ${changes} to ${tableList(tables)} records ${span}, ${weekend ? 'not a working day' : 'outside working hours'} (${run.workingTimeText})`,
        ),
      );
    }
  }
  return drafts;
}
