/**
 * Two entries of one record compared: first the fields that differ as a Field | Older | Newer
 * table (long texts as the words that differ), then each snapshot as a read-only form, older on
 * the left, newer on the right, with only the differing fields by default (boxed) and every field
 * on request, the differing ones first.
 */
import { Button, Callout, H5, NonIdealState, Switch } from '@blueprintjs/core';
import { useState } from 'react';
import { useCall } from '../common/use-call';
import type { FieldChange, HistoryEntry, LoggedTable, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { ErrorState, LoadingState } from '../common/states';
import { whoText } from '../format/people';
import { formatTimeLong } from '../format/time';
import { fieldLabel } from '../format/values';
import { entryValues } from '../common/CutValue';
import { RecordForm } from '../properties/RecordForm';
import { ChangesTable } from './ChangesTable';
import { ChangeCueTag } from './ChangeCueTag';
import { differingFields } from './compare';

export function CompareEntries({
  table,
  recordId,
  logIds,
  onClose,
}: {
  table: LoggedTable;
  recordId: RecordId;
  /** The two entries, in any order. */
  logIds: [RecordId, RecordId];
  onClose(): void;
}) {
  const api = useApi();
  const [a, b] = logIds;
  const [allFields, setAllFields] = useState(false);
  const { value: entries, error, reload } = useCall(JSON.stringify([table.name, recordId, a, b]), (signal) =>
    api
      .getEntries({ table: table.name, id: recordId, logIds: [a, b] }, { signal })
      .then((r) => [...r.entries].sort((x, y) => (x.byTime ?? '').localeCompare(y.byTime ?? '') || String(x.logId).localeCompare(String(y.logId), undefined, { numeric: true }))),
  );

  const header = (
    <div className="compare-header">
      <H5>Comparing two entries</H5>
      <span className="compare-hint">{allFields ? 'Every field; those that differ first, boxed' : 'Only the fields that differ'}</span>
      <Switch className="compare-all" checked={allFields} label="Show all fields" onChange={(e) => setAllFields(e.currentTarget.checked)} />
      <Button small icon="cross" text="Close compare" onClick={onClose} className="compare-close" />
    </div>
  );
  if (error) return <div className="compare-entries">{header}<ErrorState error={error} onRetry={reload} compact /></div>;
  if (!entries) return <div className="compare-entries">{header}<LoadingState what="the two entries" /></div>;
  const [older, newer] = entries;
  if (!older || !newer) {
    return (
      <div className="compare-entries">
        {header}
        <NonIdealState icon="search" title="Entries not found" description="These log entries could not be read." />
      </div>
    );
  }
  // A legacy entry kept no values: its empty snapshot is unknown, not empty, so nothing can be said
  // to differ from it (boxing every field "against (empty)" would invent changes).
  const legacy = older.legacy ? 'older' : newer.legacy ? 'newer' : null;
  const differing = legacy ? [] : differingFields(older.snapshot, newer.snapshot);
  return (
    <div className="compare-entries" data-testid="compare">
      {header}
      <div className="compare-summary" data-testid="compare-summary">
        {older.legacy && newer.legacy
          ? 'Both are legacy entries: the log kept no values for them, so there is nothing to compare.'
          : legacy
            ? `The ${legacy} entry is a legacy entry: the log kept no values for it, so what differs is unknown.`
            : differing.length === 0
              ? 'The two snapshots hold the same values.'
              : `${differing.length === 1 ? 'One field differs' : `${differing.length} fields differ`}: ${differing.map(fieldLabel).join(', ')}`}
      </div>
      {differing.length > 0 && (
        <ChangesTable
          changes={differing.map((field) => ({ field, old: older.snapshot[field] ?? null, new: newer.snapshot[field] ?? null, ...redactedOf(table, field) }))}
          headings={['Older', 'Newer']}
          label="Fields that differ"
          fullValueOf={entryValues(table.name, newer, older)}
        />
      )}
      <div className="compare-columns">
        <CompareSide table={table} entry={older} other={newer} differing={differing} label="Older" allFields={allFields} />
        <CompareSide table={table} entry={newer} other={older} differing={differing} label="Newer" allFields={allFields} />
      </div>
    </div>
  );
}

function CompareSide({
  table,
  entry,
  other,
  differing,
  label,
  allFields,
}: {
  table: LoggedTable;
  entry: HistoryEntry;
  other: HistoryEntry;
  differing: string[];
  label: string;
  /** Every field (the differing ones first), or only the differing ones. */
  allFields: boolean;
}) {
  const timeZone = useTimeZone();
  const who = whoText(entry);
  // Boxed with the other side's value under it ("was" reads right on the newer side; "other" on both).
  const changes: FieldChange[] = differing.map((field) => ({ field, old: other.snapshot[field] ?? null, new: entry.snapshot[field] ?? null }));
  // The differing fields first; the others only when asked for.
  const differs = new Set(differing);
  const firstFields = table.fields.filter((f) => differs.has(f.name));
  const shownTable: LoggedTable = { ...table, fields: allFields ? [...firstFields, ...table.fields.filter((f) => !differs.has(f.name))] : firstFields };
  const shownValues = allFields ? entry.snapshot : Object.fromEntries(Object.entries(entry.snapshot).filter(([field]) => differs.has(field)));
  return (
    <div className="compare-side" data-log-id={String(entry.logId)}>
      <div className="compare-side-heading">
        <span className="compare-side-label">{label}</span>
        <ChangeCueTag entry={entry} />
        <span>
          {formatTimeLong(entry.byTime, timeZone, entry.storedTime)} · {who}
        </span>
      </div>
      {entry.legacy ? (
        <Callout intent="warning" icon="history" compact>
          A legacy entry: the log kept no values for it.
        </Callout>
      ) : (
        <RecordForm
          table={shownTable}
          values={shownValues}
          changes={changes}
          mode="other"
          fullValueOf={entryValues(table.name, entry, other)}
        />
      )}
    </div>
  );
}

/** A field's sensitivity as a change's `redacted` (the compare table shows what the forms show). */
function redactedOf(table: LoggedTable, field: string): Pick<FieldChange, 'redacted'> {
  const sensitivity = table.fields.find((f) => f.name === field)?.sensitivity ?? 'none';
  return sensitivity === 'none' ? {} : { redacted: sensitivity };
}
