/**
 * Two entries of one record side by side: each snapshot as a read-only form, the fields whose
 * values differ between them boxed in both. Older on the left, newer on the right.
 */
import { Button, Callout, H5, NonIdealState } from '@blueprintjs/core';
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
  const { value: entries, error, reload } = useCall(JSON.stringify([table.name, recordId, a, b]), (signal) =>
    api
      .getEntries({ table: table.name, id: recordId, logIds: [a, b] }, { signal })
      .then((r) => [...r.entries].sort((x, y) => (x.byTime ?? '').localeCompare(y.byTime ?? '') || String(x.logId).localeCompare(String(y.logId), undefined, { numeric: true }))),
  );

  const header = (
    <div className="compare-header">
      <H5>Comparing two entries</H5>
      <span className="compare-hint">Fields that differ are boxed</span>
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
      <div className="compare-columns">
        <CompareSide table={table} entry={older} other={newer} differing={differing} label="Older" />
        <CompareSide table={table} entry={newer} other={older} differing={differing} label="Newer" />
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
}: {
  table: LoggedTable;
  entry: HistoryEntry;
  other: HistoryEntry;
  differing: string[];
  label: string;
}) {
  const timeZone = useTimeZone();
  const who = whoText(entry);
  // Boxed with the other side's value under it ("was" reads right on the newer side; "other" on both).
  const changes: FieldChange[] = differing.map((field) => ({ field, old: other.snapshot[field] ?? null, new: entry.snapshot[field] ?? null }));
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
        <RecordForm table={table} values={entry.snapshot} changes={changes} mode="other" fullValueOf={entryValues(table.name, entry, other)} />
      )}
    </div>
  );
}
