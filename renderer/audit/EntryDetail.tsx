/** The record as it was right after one log entry, with the fields that entry changed boxed. */
import { Callout, H5, Icon } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import type { HistoryEntry, LoggedTable } from '../../shared/domain';
import { useTimeZone } from '../app/time-zone-context';
import { formatTimeLong } from '../format/time';
import { entryValues } from '../common/CutValue';
import { RecordForm } from '../properties/RecordForm';
import { ChangeCueTag } from './ChangeCueTag';
import { ChangeSet } from './ChangeSet';

export function EntryDetail({ table, entry, actions }: { table: LoggedTable; entry: HistoryEntry; actions?: ReactNode }) {
  const timeZone = useTimeZone();
  const who = entry.byName ?? (entry.byId === null ? 'someone unknown' : `person ${String(entry.byId)}`);
  const mode = entry.changeCue === 'Deleted' ? 'removed' : entry.changeCue === 'Added' || !entry.previousKnown ? 'set' : 'changed';
  return (
    <div className="entry-detail" data-log-id={String(entry.logId)}>
      <div className="entry-heading">
        <ChangeCueTag entry={entry} />
        <H5>
          {entry.changeCue === 'Deleted' ? 'Deleted' : 'After the change'} on {formatTimeLong(entry.byTime, timeZone)} by {who}
        </H5>
        {actions && <span className="entry-actions">{actions}</span>}
      </div>
      <ChangeSet table={table} entry={entry} />
      {entry.legacy ? (
        <Callout intent="warning" icon="history" compact>
          A legacy entry: this older installation logged who and when, but not the record's values, so what changed is
          not known.
        </Callout>
      ) : entry.changeCue === 'Unchanged' ? (
        <Callout icon="link" compact>
          Nothing in this record changed: it was saved together with a related record in the same save.
        </Callout>
      ) : entry.changeCue === 'Deleted' ? (
        <Callout intent="danger" icon="trash" compact>
          This entry deleted the record. The values below are its last snapshot, as they were removed.
        </Callout>
      ) : (
        <ul className="entry-narrative" aria-label="What changed">
          {entry.narrative.map((line, i) => (
            <li key={i}>
              <Icon icon={i === 0 && mode === 'set' ? 'add' : 'dot'} size={12} /> {line}
            </li>
          ))}
        </ul>
      )}
      {!entry.legacy && <RecordForm table={table} values={entry.snapshot} changes={entry.changes} mode={mode} history={{ table: table.name, id: entry.recordId }} fullValueOf={entryValues(table.name, entry)} />}
    </div>
  );
}
