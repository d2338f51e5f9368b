/** The record as it was right after one log entry, with the fields that entry changed boxed. */
import { Callout, H5, Icon } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import { isFirstRecorded } from '../../shared/diff';
import type { HistoryEntry, LoggedTable } from '../../shared/domain';
import { useTimeZone } from '../app/time-zone-context';
import { whoseEntryText, whoText } from '../format/people';
import { formatTimeLong } from '../format/time';
import { entryValues } from '../common/CutValue';
import { RecordForm } from '../properties/RecordForm';
import { ChangeCueTag } from './ChangeCueTag';
import { ChangeSet } from './ChangeSet';

export function EntryDetail({ table, entry, actions }: { table: LoggedTable; entry: HistoryEntry; actions?: ReactNode }) {
  const timeZone = useTimeZone();
  const mode = entry.changeCue === 'Deleted' ? 'removed' : entry.changeCue === 'Added' ? 'set' : 'changed';
  // The first values the log holds: the entry's person made a change, but which one is unknown,
  // so the heading names the entry as theirs rather than saying the values are "by" them.
  const firstRecorded = isFirstRecorded(entry);
  const when = formatTimeLong(entry.byTime, timeZone, entry.storedTime);
  return (
    <div className="entry-detail" data-log-id={String(entry.logId)} data-first-recorded={firstRecorded ? 'true' : undefined}>
      <div className="entry-heading">
        <ChangeCueTag entry={entry} />
        <H5>
          {firstRecorded
            ? `First recorded on ${when}, in ${whoseEntryText(entry)}`
            : `${entry.changeCue === 'Deleted' ? 'Deleted' : 'After the change'} on ${when} by ${whoText(entry)}`}
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
              <Icon icon={i > 0 ? 'dot' : mode === 'set' ? 'add' : firstRecorded ? 'history' : 'dot'} size={12} /> {line}
            </li>
          ))}
        </ul>
      )}
      {!entry.legacy && <RecordForm table={table} values={entry.snapshot} changes={entry.changes} mode={mode} history={{ table: table.name, id: entry.recordId }} fullValueOf={entryValues(table.name, entry)} />}
    </div>
  );
}
