/**
 * Insights (admins): where people would rather look than read. Over a period and the Activity
 * filter's tables, cues and person: changes over time (stacked by table or by cue), the most active
 * people, and an hour × weekday heat map, all on the organisation's zone's clock. Every bar, person
 * and cell opens Activity filtered to it. Counted by the database one log at a time, with the
 * progress and a Cancel that stops the queries.
 *
 * A chunk of its own (with ECharts), loaded when Insights is first opened.
 */
import { insightsSpec } from '../app/saved-view-address';
import { SaveViewButton } from '../saved-views/SaveViewButton';
import './insights.css';
import { Button, Callout, Classes, FormGroup, H2, H3, HTMLTable, Icon, ProgressBar, SegmentedControl, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LoggedTable, PersonInLog } from '../../shared/domain';
import { mergeInsights, type Insights, type InsightsBucket } from '../../shared/insights';
import { mergePeople, type ActivityViewFilter } from '../activity/activity-filter';
import { ActivityFilterBar } from '../activity/ActivityFilterBar';
import { useApi, useSource } from '../api/api-context';
import { AggregateIndexNote } from '../audit/MissingIndexNote';
import { useCall } from '../common/use-call';
import { ErrorState } from '../common/states';
import { countText } from '../format/values';
import { zoneName, zoneWithOffset } from '../format/zone';
import { HourHeatmap } from './HourHeatmap';
import { bucketDays, bucketLabel } from './insights-format';
import { activityOfBucket, activityOfHour, activityOfPerson, asActivityFilter, insightsRequests, isInsightsFiltered, NO_INSIGHTS_FILTER, type InsightsViewFilter } from './insights-filter';
import { OverTimeChart } from './OverTimeChart';
import { PeopleBars } from './PeopleBars';

const TOP_PEOPLE = 12;
const NOBODY: PersonInLog[] = [];

type Run =
  | { kind: 'running'; done: number; of: number }
  | { kind: 'done'; insights: Insights }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: Error };

export function InsightsView({
  tables,
  filter,
  onFilterChange,
  onOpenActivity,
}: {
  tables: LoggedTable[];
  filter: InsightsViewFilter;
  /** The filter changed; `zone` is the zone its days are in. */
  onFilterChange(filter: InsightsViewFilter, zone: string): void;
  /** Opens Activity with this filter, its days and hours meant in `zone`. */
  onOpenActivity(filter: ActivityViewFilter, zone: string): void;
}) {
  const api = useApi();
  const source = useSource();
  const dark = useBodyDark();
  // The organisation's zone: its working days and hours are what the heat map shows.
  const timeZone = source?.organisation.timeZone ?? 'UTC';
  const zoneLabel = `${zoneName(timeZone)}${source?.organisation.timeZoneSource === 'settings' ? ', the organisation’s zone' : ', this machine’s zone'}`;

  const peopleTables = filter.tables.length ? filter.tables : tables.map((t) => t.name);
  const people =
    useCall(`people:${peopleTables.join('\u0000')}`, (signal) =>
      Promise.all(peopleTables.map((table) => api.listPeople({ table }, { signal }).then((r) => r.people, () => [] as PersonInLog[]))).then(mergePeople),
    ).value ?? NOBODY;

  // One call per table, in turn: the progress bar moves as each log is counted; Cancel aborts them.
  const [run, setRun] = useState<Run>({ kind: 'running', done: 0, of: 1 });
  const controller = useRef<AbortController | null>(null);
  const [generation, setGeneration] = useState(0);
  const runKey = JSON.stringify([filter.from, filter.to, filter.by, filter.tables, filter.cues, filter.granularity, filter.split, timeZone, source === null, generation]);
  useEffect(() => {
    if (source === null) return;
    const abort = new AbortController();
    controller.current = abort;
    const requests = insightsRequests(filter, timeZone, tables.map((t) => t.name));
    setRun(requests.length ? { kind: 'running', done: 0, of: requests.length } : { kind: 'failed', error: new Error('There is no logged table to count.') });
    if (!requests.length) return;
    void (async () => {
      try {
        const parts: Insights[] = [];
        for (const request of requests) {
          parts.push(await api.getInsights(request, { signal: abort.signal }));
          if (abort.signal.aborted) return;
          setRun({ kind: 'running', done: parts.length, of: requests.length });
        }
        if (!abort.signal.aborted) setRun({ kind: 'done', insights: mergeInsights(parts, TOP_PEOPLE) });
      } catch (error) {
        if (abort.signal.aborted) return;
        setRun({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      }
    })();
    return () => abort.abort();
    // The key holds everything the requests depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runKey]);
  const cancel = useCallback(() => {
    controller.current?.abort();
    setRun({ kind: 'cancelled' });
  }, []);
  const again = useCallback(() => setGeneration((n) => n + 1), []);

  const change = (next: ActivityViewFilter) => onFilterChange({ ...filter, from: next.from, to: next.to, by: next.by, tables: next.tables, cues: next.cues }, timeZone);
  const insights = run.kind === 'done' ? run.insights : null;
  const series = insights ? (filter.split === 'table' ? insights.tables : insights.cues) : [];

  return (
    <div className="insights-view">
      <div className="content-header insights-header">
        <H2 className={`${Classes.HEADING} insights-heading`}>
          <Icon icon="timeline-bar-chart" size={18} /> Insights
        </H2>
        <span className="insights-summary" data-testid="insights-summary" aria-live="polite">
          {insights ? summary(insights) : run.kind === 'running' ? 'Counting…' : ''}
        </span>
        <Tag minimal icon="globe" className="insights-zone" title={`Days and hours in ${zoneWithOffset(timeZone)}`}>
          {zoneLabel}
        </Tag>
        <SaveViewButton view={insightsSpec(filter, timeZone)} />
      </div>
      <ActivityFilterBar filter={asActivityFilter(filter)} onChange={change} tables={tables} people={people} withField={false} zone={timeZone} />
      <div className="insights-options">
        <FormGroup label="Per" inline className="insights-per">
          <SegmentedControl
            small
            aria-label="Bars per"
            options={[
              { value: 'auto', label: 'Auto' },
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
              { value: 'month', label: 'Month' },
            ]}
            value={filter.granularity ?? 'auto'}
            onValueChange={(v) => onFilterChange({ ...filter, granularity: v === 'auto' ? null : (v as InsightsViewFilter['granularity']) }, timeZone)}
          />
        </FormGroup>
        <FormGroup label="Stacked by" inline className="insights-split">
          <SegmentedControl
            small
            aria-label="Stacked by"
            options={[
              { value: 'table', label: 'Table' },
              { value: 'cue', label: 'Change' },
            ]}
            value={filter.split}
            onValueChange={(v) => onFilterChange({ ...filter, split: v === 'cue' ? 'cue' : 'table' }, timeZone)}
          />
        </FormGroup>
        {isInsightsFiltered(filter) && <Button small minimal icon="reset" text="Whole history" onClick={() => onFilterChange({ ...NO_INSIGHTS_FILTER, split: filter.split }, timeZone)} />}
      </div>

      <AggregateIndexNote tables={tables} what="Insights" />
      {run.kind === 'running' && (
        <div className="insights-progress" data-testid="insights-progress">
          <ProgressBar intent="primary" value={run.of ? run.done / run.of : 0} animate stripes />
          <span>
            Counted {run.done} of {run.of} {run.of === 1 ? 'log' : 'logs'}…
          </span>
          <Button small icon="stop" text="Cancel" onClick={cancel} data-testid="insights-cancel" />
        </div>
      )}
      {run.kind === 'cancelled' && (
        <Callout icon="stop" className="insights-callout" title="Counting was cancelled">
          Nothing is shown for this period. <Button small minimal icon="refresh" text="Count again" onClick={again} />
        </Callout>
      )}
      {run.kind === 'failed' && (
        <ErrorState compact title="Insights could not be counted" error={run.error} onRetry={again} />
      )}
      {insights && (
        <div className="insights-body">
          {insights.unreadableTimes > 0 && (
            <Callout intent="warning" icon="time" className="insights-callout">
              {countText(insights.unreadableTimes)} of these changes have a time that cannot be read: they are in the total and the people, but in no bar or hour.
            </Callout>
          )}
          <section className="insights-panel insights-panel-wide" aria-labelledby="insights-over-time-title">
            <H3 id="insights-over-time-title" className="insights-panel-title">
              Changes per {insights.granularity}, by {filter.split === 'table' ? 'table' : 'change'}
            </H3>
            {insights.buckets.length === 0 ? (
              <p className="muted">No changes in this period.</p>
            ) : (
              <>
                <OverTimeChart
                  buckets={insights.buckets}
                  series={series}
                  split={filter.split}
                  granularity={insights.granularity}
                  dark={dark}
                  onOpen={(bucket, name) => onOpenActivity(activityOfBucket(filter, bucket, name), timeZone)}
                />
                <BucketTable insights={insights} series={series} split={filter.split} onOpen={(bucket) => onOpenActivity(activityOfBucket(filter, bucket, null), timeZone)} />
              </>
            )}
          </section>
          <div className="insights-row">
            <section className="insights-panel insights-panel-people" aria-labelledby="insights-people-title">
              <H3 id="insights-people-title" className="insights-panel-title">
                Most active people
              </H3>
              <PeopleBars
                people={insights.people}
                others={insights.otherPeople}
                unknown={insights.unknownPerson}
                onOpen={(p) => onOpenActivity(activityOfPerson(filter, p.id), timeZone)}
              />
            </section>
            <section className="insights-panel insights-panel-heat" aria-labelledby="insights-heat-title">
              <H3 id="insights-heat-title" className="insights-panel-title">
                Hour × weekday <span className="muted">({zoneName(timeZone)})</span>
              </H3>
              <HourHeatmap heatmap={insights.heatmap} zoneLabel={zoneName(timeZone)} onOpen={(hour) => onOpenActivity(activityOfHour(filter, hour), timeZone)} />
            </section>
          </div>
        </div>
      )}
    </div>
  );
}

/** Whether the page is in the dark theme (App toggles Blueprint's class on the body), followed as it changes. */
function useBodyDark(): boolean {
  const [dark, setDark] = useState(() => document.body.classList.contains(Classes.DARK));
  useEffect(() => {
    const observer = new MutationObserver(() => setDark(document.body.classList.contains(Classes.DARK)));
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

function summary(insights: Insights): string {
  const period = insights.from === null ? 'no changes' : insights.from === insights.to ? insights.from : `${insights.from} to ${insights.to}`;
  return `${countText(insights.total)} ${insights.total === 1 ? 'change' : 'changes'}, ${period}`;
}

/** The chart's numbers as a table (collapsed): for screen readers, the keyboard, and copying. */
function BucketTable({ insights, series, split, onOpen }: { insights: Insights; series: string[]; split: 'table' | 'cue'; onOpen(bucket: InsightsBucket): void }) {
  const [open, setOpen] = useState(false);
  const rows = useMemo(() => insights.buckets.filter((b) => b.total > 0), [insights.buckets]);
  const of = (b: InsightsBucket, name: string) => (split === 'table' ? (b.byTable[name] ?? 0) : (b.byCue[name as keyof typeof b.byCue] ?? 0));
  return (
    <div className="insights-numbers">
      <Button small minimal icon={open ? 'caret-down' : 'caret-right'} text={`The numbers (${rows.length} ${insights.granularity === 'day' ? 'days' : `${insights.granularity}s`} with changes)`} aria-expanded={open} onClick={() => setOpen(!open)} />
      {open && (
        <HTMLTable compact striped className="insights-numbers-table" data-testid="insights-numbers">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col" className="num">
                Changes
              </th>
              {series.map((name) => (
                <th key={name} scope="col" className="num">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.key}>
                <th scope="row">
                  <Button small minimal text={bucketLabel(b, insights.granularity)} title={`${bucketDays(b)} — open in Activity`} onClick={() => onOpen(b)} />
                </th>
                <td className="num">{countText(b.total)}</td>
                {series.map((name) => (
                  <td key={name} className="num">
                    {countText(of(b, name))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </div>
  );
}
