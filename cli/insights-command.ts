/**
 * `audit-trail insights`: the counts Insights charts, as a terminal table, one JSON document, or
 * JSON Lines (a summary, then each bucket, person and hour of the week, each with its `kind`).
 */
import type { AuditApi } from '../shared/contract';
import { WEEKDAY_SHORT } from '../shared/hours-of-week';
import type { Insights } from '../shared/insights';
import type { CliOptions } from './args';
import type { Output } from './commands';
import { activityFilterOf } from './filter-options';
import { count, renderTable } from './format';

export async function printInsights(api: AuditApi, opts: CliOptions, io: Output): Promise<void> {
  const { split, granularity, top, zoneGiven } = opts.insights;
  const filter = activityFilterOf(opts.filter);
  // Without --tz the days and hours are the organisation's (the data layer's default).
  if (!zoneGiven) delete filter.timeZone;
  const insights = await api.getInsights({ filter, split, ...(granularity ? { granularity } : {}), ...(top !== undefined ? { people: top } : {}) });
  if (opts.format === 'json') {
    io.out(JSON.stringify({ filter, ...insights }, null, 2));
    return;
  }
  if (opts.format === 'jsonl') {
    const { buckets, people, heatmap, ...summary } = insights;
    io.out(JSON.stringify({ kind: 'summary', filter, ...summary }));
    for (const bucket of buckets) io.out(JSON.stringify({ kind: 'bucket', ...bucket }));
    for (const person of people) io.out(JSON.stringify({ kind: 'person', ...person }));
    heatmap.forEach((row, w) => row.forEach((n, hour) => io.out(JSON.stringify({ kind: 'hour', weekday: w + 1, hour, count: n }))));
    return;
  }
  io.out(insightsText(insights, split));
}

function insightsText(insights: Insights, split: 'table' | 'cue'): string {
  const lines: string[] = [];
  const period = insights.from === null ? 'no changes' : `${insights.from} to ${insights.to}`;
  lines.push(`${count(insights.total)} changes, ${period}, per ${insights.granularity}, days and hours in ${insights.timeZone}.`);
  if (insights.unreadableTimes > 0) {
    lines.push(`${count(insights.unreadableTimes)} of them have a time that cannot be read: counted in the total and the people, in no period or hour.`);
  }
  const series: string[] = split === 'table' ? insights.tables : insights.cues;
  const of = (bucket: Insights['buckets'][number], name: string): number =>
    split === 'table' ? bucket.byTable[name] ?? 0 : bucket.byCue[name as keyof typeof bucket.byCue] ?? 0;
  lines.push('');
  lines.push(
    renderTable(
      ['From', 'To', 'Changes', ...series],
      insights.buckets.map((b) => [b.from, b.to, count(b.total), ...series.map((name) => count(of(b, name)))]),
      new Set(Array.from({ length: series.length + 1 }, (_, i) => i + 2)),
    ),
  );
  lines.push('');
  lines.push('Most active people:');
  const people = insights.people.map((p) => [String(p.id), p.name ?? 'unknown name', count(p.count)]);
  if (insights.otherPeople.people > 0) people.push(['', `${count(insights.otherPeople.people)} others`, count(insights.otherPeople.count)]);
  if (insights.unknownPerson > 0) people.push(['', 'no person id (nobody credited)', count(insights.unknownPerson)]);
  lines.push(people.length ? renderTable(['ID', 'Name', 'Changes'], people, new Set([2])) : '(none)');
  lines.push('');
  lines.push(`Hour × weekday (${insights.timeZone}):`);
  lines.push(
    renderTable(
      ['', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))],
      insights.heatmap.map((row, w) => [WEEKDAY_SHORT[w]!, ...row.map((n) => String(n))]),
      new Set(Array.from({ length: 24 }, (_, h) => h + 1)),
    ),
  );
  return lines.join('\n');
}
