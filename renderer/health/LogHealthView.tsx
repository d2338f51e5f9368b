/**
 * Log health (admins, DBAs): one row per logged table with its log's rows, oldest and newest entry,
 * entries per month (a sparkline), size on disk, the rows older than the organisation's retention
 * and the indexes the app's reads need that it lacks, each with the statements a DBA would run.
 * The first figures (rows, oldest and newest) come at once (`detail: 'quick'`); the aggregates
 * follow table by table. The app never deletes or archives: the view says so.
 */
import { Button, Callout, Classes, H2, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { GetLogHealthResponse } from '../../shared/contract';
import type { LogHealth, MonthCount } from '../../shared/domain';
import { useApi, useSource } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { IndexNote } from '../audit/MissingIndexNote';
import { ErrorState, LoadingState } from '../common/states';
import { useCall } from '../common/use-call';
import { format } from 'date-fns';
import { localDayOf } from '../../shared/day-range';
import { dateOfDay, formatTimeLong } from '../format/time';
import { retentionText, rowsText, sizeText, sparkHeights } from './health-figures';

/** A day as the table shows it ("14 Jan 2023"), in the user's zone; the exact instant is in its title. */
function dayText(iso: string | null, timeZone: string): string {
  return iso === null ? '—' : format(dateOfDay(localDayOf(new Date(iso), timeZone)), 'd MMM yyyy');
}

export function LogHealthView() {
  const api = useApi();
  const source = useSource();
  const timeZone = useTimeZone();
  const [exact, setExact] = useState(false);
  const quick = useCall(`health-quick:${exact}`, (signal) => api.getLogHealth({ detail: 'quick', exactRows: exact || undefined }, { signal }));
  // The aggregates read every index entry of each log: one call per table, so each row fills in as it comes.
  const full = useCall(quick.value ? `health-full:${exact}` : null, (signal) =>
    Promise.all(quick.value!.logs.map((log) => api.getLogHealth({ tables: [log.table], exactRows: exact || undefined }, { signal }).then((r) => r.logs[0]!))),
  );
  if (quick.error) return <ErrorState error={quick.error} onRetry={quick.reload} />;
  if (!quick.value) return <LoadingState what="the logs' figures" />;
  const retention: GetLogHealthResponse['retention'] = quick.value.retention;
  const fullByTable = new Map((full.value ?? []).map((log) => [log.table, log]));
  const organisation = source?.organisation;
  const counted = quick.value.logs.map((l) => fullByTable.get(l.table)?.olderThanRetention ?? null);
  const olderTotal = counted.every((n): n is number => n !== null) ? counted.reduce((a, b) => a + b, 0) : null;
  return (
    <div className="health-view" data-testid="log-health">
      <div className="content-header">
        <H2 className={Classes.HEADING}>Log health</H2>
        {quick.value.logs.some((l) => l.rowsEstimated) && (
          <Button small icon="numerical" text="Count rows exactly" onClick={() => setExact(true)} disabled={exact} />
        )}
      </div>
      <Callout icon="info-sign" compact className="health-note">
        The organisation keeps {retention.months} months of log, so rows before {formatTimeLong(retention.cutoff, timeZone)} (midnight in{' '}
        {retention.timeZone}
        {organisation?.timeZoneSource === 'settings' ? ', its zone' : ', this machine’s zone: the settings name none'}) are older than that
        {olderTotal === null ? '' : `: ${retentionText(olderTotal, retention.months)} across the logs`}. The app never deletes or archives: these are the figures a DBA needs to decide.
      </Callout>
      {full.error && <ErrorState compact error={full.error} onRetry={full.reload} title="The monthly figures could not be read" />}
      <div className="health-table-scroll">
        <HTMLTable compact className="health-table" aria-label="Log health">
          <thead>
            <tr>
              <th>Table</th>
              <th className="numeric">Rows</th>
              <th>Oldest</th>
              <th>Newest</th>
              <th title="Entries per month, in the organisation's zone">Per month</th>
              <th className="numeric">Size</th>
              <th className="numeric" title={`Rows older than ${retention.months} months`}>
                Past {retention.months} months
              </th>
              <th>Indexes</th>
            </tr>
          </thead>
          <tbody>
            {quick.value.logs.map((log) => (
              <HealthRow key={log.table} quick={log} full={fullByTable.get(log.table) ?? null} months={retention.months} loading={full.loading} timeZone={timeZone} />
            ))}
          </tbody>
        </HTMLTable>
      </div>
      <MissingIndexes logs={quick.value.logs} />
    </div>
  );
}

function HealthRow({ quick, full, months, loading, timeZone }: { quick: LogHealth; full: LogHealth | null; months: number; loading: boolean; timeZone: string }) {
  const log = full ?? quick;
  const pending = loading && full === null;
  const missing = quick.missingIndexes.length;
  return (
    <tr data-table={log.table}>
      <th scope="row" title={log.logTable}>
        {log.table}
      </th>
      <td className="numeric" data-testid="health-rows">{rowsText(log)}</td>
      <td title={log.oldest ?? undefined}>{dayText(log.oldest, timeZone)}</td>
      <td title={log.newest ?? undefined}>{dayText(log.newest, timeZone)}</td>
      <td>{pending ? <Spinner size={14} /> : log.perMonth ? <Sparkline months={log.perMonth} /> : '—'}</td>
      <td className="numeric" title={log.sizeUnknownReason}>
        {pending ? '' : sizeText(log.sizeBytes)}
      </td>
      <td className="numeric" data-testid="health-retention" title={retentionText(log.olderThanRetention, months) ?? undefined}>
        {pending || log.olderThanRetention === null ? '' : log.olderThanRetention === 0 ? 'none' : log.olderThanRetention.toLocaleString('en-GB')}
      </td>
      <td>
        {missing === 0 ? (
          <Tag minimal intent="success" icon="tick">
            All there
          </Tag>
        ) : (
          <Tag minimal intent="warning" icon="warning-sign">
            {missing} missing
          </Tag>
        )}
      </td>
    </tr>
  );
}

const SPARK_WIDTH = 100;
const SPARK_HEIGHT = 22;

/** Entries per month as bars, oldest month left; its title names the busiest month. */
function Sparkline({ months }: { months: MonthCount[] }) {
  if (months.length === 0) return <span className={Classes.TEXT_MUTED}>no entries</span>;
  const heights = sparkHeights(months);
  const width = SPARK_WIDTH / months.length;
  const busiest = months.reduce((a, b) => (b.entries > a.entries ? b : a));
  const total = months.reduce((sum, m) => sum + m.entries, 0);
  const label = `${total.toLocaleString('en-GB')} entries from ${months[0]!.month} to ${months.at(-1)!.month}; busiest ${busiest.month} (${busiest.entries.toLocaleString('en-GB')})`;
  return (
    <svg className="health-sparkline" width={SPARK_WIDTH} height={SPARK_HEIGHT} role="img" aria-label={label}>
      <title>{label}</title>
      {heights.map((h, i) => (
        <rect key={months[i]!.month} x={i * width} y={SPARK_HEIGHT - Math.max(h > 0 ? 1 : 0, h * SPARK_HEIGHT)} width={Math.max(1, width - (width > 3 ? 1 : 0))} height={Math.max(h > 0 ? 1 : 0, h * SPARK_HEIGHT)} />
      ))}
    </svg>
  );
}

function MissingIndexes({ logs }: { logs: LogHealth[] }) {
  const hints = logs.flatMap((log) => log.missingIndexes.map((hint, i) => ({ key: `${log.table}:${i}`, hint })));
  if (hints.length === 0) return null;
  return (
    <section className="health-indexes" aria-label="Missing indexes">
      <h3 className={Classes.HEADING}>Missing indexes</h3>
      {hints.map(({ key, hint }) => (
        <IndexNote key={key} hint={{ reason: hint.reason, statements: hint.statements, copy: 'Copy statements' }} testId="health-missing-index" />
      ))}
    </section>
  );
}
