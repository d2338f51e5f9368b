/**
 * The record as it stood at a chosen instant: a date-and-time picked in the user's zone, the log
 * entry in force then, and that entry's snapshot as a read-only form, clearly labelled as the past;
 * below it, its children as they stood then (which existed, and what they held), a compact table
 * per related table. Always shown where the record has related tables: As of answers "how did it
 * stand?", and the contacts it had are part of that answer; they sit below the record, so the
 * record reads the same, and a record without children shows nothing more.
 */
import { Button, Callout, Classes, FormGroup, HTMLTable, Icon } from '@blueprintjs/core';
// With the chunk that draws a date input, not before the first paint.
import '@blueprintjs/datetime/lib/css/blueprint-datetime.css';
import { DateInput } from '@blueprintjs/datetime';
import { format } from 'date-fns';
import { enGB } from 'date-fns/locale';
import { useCall } from '../common/use-call';
import { isFirstRecorded } from '../../shared/diff';
import type { RelatedAsOf } from '../../shared/contract';
import type { LoggedTable, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { ErrorState, LoadingState } from '../common/states';
import { instantOf } from '../format/instant';
import { whoseEntryText, whoText } from '../format/people';
import { formatTime, formatTimeLong } from '../format/time';
import { cellText, countText, fieldLabel } from '../format/values';
import { zoneWithOffset } from '../format/zone';
import { readTypedDayTime } from '../common/typed-day';
import { useEscapeInnermost } from '../common/escape-innermost';
import { entryValues } from '../common/CutValue';
import { RecordForm } from './RecordForm';

/** The picker above the form: when to look at, and the way back to now. */
export function AsOfBar({ value, onChange, onClose }: { value: string; onChange(value: string): void; onClose(): void }) {
  const timeZone = useTimeZone();
  const escape = useEscapeInnermost();
  return (
    <div className="as-of-bar" data-testid="as-of-bar">
      <FormGroup label="As of" inline helperText={`Date and time in ${zoneWithOffset(timeZone)}`} className="as-of-input">
        <DateInput
          value={value}
          onChange={(v) => v && onChange(v)}
          timePrecision="second"
          timezone={timeZone}
          showTimezoneSelect={false}
          disableTimezoneSelect
          locale={enGB}
          formatDate={(d) => format(d, 'd MMM yyyy, HH:mm:ss')}
          parseDate={(text) => {
            // Read as the date boxes read days (typed-day.ts: the user's locale order or ISO), never Date.parse's month-first guess.
            const read = readTypedDayTime(text, navigator.language || 'en-GB');
            if ('error' in read) return null;
            const [y, mo, d] = read.day.split('-').map(Number);
            const [h, mi, s] = read.time.split(':').map(Number);
            return new Date(y!, mo! - 1, d!, h, mi, s);
          }}
          closeOnSelection={false}
          highlightCurrentDay
          minDate={new Date(1990, 0, 1)}
          maxDate={new Date(new Date().getFullYear() + 1, 11, 31)}
          inputProps={{ 'aria-label': 'As of date and time', className: 'as-of-date', onKeyDown: escape.onKeyDown }}
          popoverProps={{ placement: 'bottom-start', ...escape.popoverProps }}
        />
      </FormGroup>
      <Button icon="undo" text="Back to now" onClick={onClose} className="as-of-back" />
    </div>
  );
}

/** The record as it stood at `value` (a date-and-time from the picker). */
export function AsOfRecord({ table, id, value }: { table: LoggedTable; id: RecordId; value: string }) {
  const api = useApi();
  const timeZone = useTimeZone();
  const at = instantOf(value, timeZone);
  const { value: answer, error, reload } = useCall(at ? JSON.stringify([table.name, id, at]) : null, (signal) =>
    api.getRecordAsOf({ table: table.name, id, at: at!, related: true }, { signal }).then((res) => ({ at: at!, res })),
  );

  if (!at) return <Callout intent="warning" icon="warning-sign" compact>Pick a date and time to see the record as it stood then.</Callout>;
  if (error) return <ErrorState error={error} onRetry={reload} compact />;
  if (!answer || answer.at !== at) return <LoadingState what="the record as it stood" />;
  const { entry, exists, related = [] } = answer.res;
  const when = formatTimeLong(at, timeZone);
  const children = related.length > 0 && <RelatedAsOfTables related={related} />;
  if (!entry) {
    return (
      <>
        <Callout icon="history" className="as-of-label" data-testid="as-of-label">
          On {when} this record had no log entry yet: logging had not recorded it.
        </Callout>
        {children}
      </>
    );
  }
  const who = whoText(entry);
  return (
    <div className="as-of-record" data-log-id={String(entry.logId)}>
      <Callout intent={exists ? 'primary' : 'danger'} icon={exists ? 'history' : 'trash'} className="as-of-label" data-testid="as-of-label">
        <strong>As it stood on {when}</strong>
        <div className={Classes.TEXT_MUTED}>
          {exists && isFirstRecorded(entry) ? (
            // The first values the log holds: who set them, and what they were before, is unknown.
            <>
              <Icon icon="info-sign" size={12} /> The first values the log recorded, in {whoseEntryText(entry)} of{' '}
              {formatTimeLong(entry.byTime, timeZone, entry.storedTime)}: what they were before, and who set them, is unknown — not the record as it is now.
            </>
          ) : exists ? (
            <>
              <Icon icon="info-sign" size={12} /> From the change of {formatTimeLong(entry.byTime, timeZone, entry.storedTime)} by {who} — not the record as it is now.
            </>
          ) : (
            <>It had been deleted by then ({formatTimeLong(entry.byTime, timeZone, entry.storedTime)}, by {who}); these are its last values.</>
          )}
        </div>
      </Callout>
      {!entry.legacy && <RecordForm table={table} values={entry.snapshot} history={{ table: table.name, id }} fullValueOf={entryValues(table.name, entry)} />}
      {children}
    </div>
  );
}

/**
 * The record's related tables as they stood: per table, the records that existed then under it
 * (or under a child that existed then), with the entry in force and the values it held. The
 * column naming the record itself is left out at the first level (it is this record).
 */
function RelatedAsOfTables({ related }: { related: RelatedAsOf[] }) {
  const timeZone = useTimeZone();
  return (
    <section className="as-of-related" data-testid="as-of-related" aria-label="Related records as they stood">
      <h5 className="as-of-related-heading">Related records as they stood then</h5>
      <div className={`${Classes.TEXT_MUTED} as-of-related-note`}>
        From their logs: a related record whose log holds nothing up to then is not known here.
      </div>
      {related.map((t) => {
        const fields = [...new Set(t.records.flatMap((r) => Object.keys(r.entry.snapshot)))].filter((f) => t.depth > 1 || f !== t.column);
        return (
          <div key={t.table} className="as-of-related-table" data-table={t.table}>
            <div className="as-of-related-title">
              <strong>{t.table}</strong>{' '}
              <span className={Classes.TEXT_MUTED}>
                {t.records.length === 0 ? 'none stood then' : `${countText(t.records.length)} stood then`}
                {t.depth > 1 ? `, under the ${t.parent} records above` : ''}
              </span>
            </div>
            {t.notShown > 0 && (
              <div className={`${Classes.TEXT_MUTED} as-of-not-shown`}>
                {countText(t.notShown)} more stood then but are deleted now; only admins read the logs of deleted records.
              </div>
            )}
            {t.unknown > 0 && (
              <div className={`${Classes.TEXT_MUTED} as-of-not-shown`}>
                {countText(t.unknown)} more had a legacy entry in force then, which kept no values: whether they stood here is unknown.
              </div>
            )}
            {t.records.length > 0 && (
              <div className="as-of-related-scroll">
                <HTMLTable compact striped className="as-of-related-grid" aria-label={`${t.table} records as they stood`}>
                  <thead>
                    <tr>
                      <th>ID</th>
                      <th>Title</th>
                      <th>As of the change of</th>
                      {fields.map((f) => (
                        <th key={f}>{fieldLabel(f)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.records.map((r) => (
                      <tr key={String(r.id)} data-record-id={String(r.id)}>
                        <td>{String(r.id)}</td>
                        <td className="as-of-related-value">{r.title ?? ''}</td>
                        <td className="as-of-related-when">
                          {formatTime(r.entry.byTime, timeZone, false, r.entry.storedTime)} <span className={Classes.TEXT_MUTED}>{r.entry.changeCue}</span>
                        </td>
                        {fields.map((f) => (
                          <td key={f} className="as-of-related-value">
                            {r.entry.legacy ? <span className={Classes.TEXT_MUTED}>unknown</span> : cellText(r.entry.snapshot[f])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </HTMLTable>
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}
