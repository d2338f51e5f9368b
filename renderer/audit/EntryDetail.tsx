/**
 * One log entry: who and when, its changes as a Field | Old | New table, then the record as it was
 * right after it with the changed fields boxed. A deletion is marked once (the record's last
 * values are shown plain under one banner, not each boxed as removed). In a record's related log
 * (`family`), a related record's entry names that record above all, with a button that opens it
 * on this entry; `table` is then the entry's own table.
 */
import { Button, Callout, H5, Icon } from '@blueprintjs/core';
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
import { ChangesTable } from './ChangesTable';
import { HowMadeLine } from './HowMade';
import { entityText, familyNarrative, isRelated, type LogEntry } from './family-entries';

export function EntryDetail({
  table,
  entry,
  actions,
  family,
}: {
  table: LoggedTable;
  entry: HistoryEntry | LogEntry;
  actions?: ReactNode;
  /** In a record's related log: the record's own table, and opening a related record on this entry. */
  family?: { ownTable: string; onOpenRecord(): void };
}) {
  const timeZone = useTimeZone();
  const deleted = entry.changeCue === 'Deleted';
  const mode = entry.changeCue === 'Added' ? 'set' : 'changed';
  // The first values the log holds: the entry's person made a change, but which one is unknown,
  // so the heading names the entry as theirs rather than saying the values are "by" them.
  const firstRecorded = isFirstRecorded(entry);
  const when = formatTimeLong(entry.byTime, timeZone, entry.storedTime);
  const fullValueOf = entryValues(table.name, entry);
  // The line that says what kind of entry this is ("Record created", "First recorded: …"), when
  // the narrative has one before its sentences; the sentences themselves are the table's rows.
  const narrative = familyNarrative(entry, family?.ownTable);
  const lead = (entry.changeCue === 'Added' || firstRecorded) && narrative.length > entry.changes.length ? narrative[0] : null;
  const related = family !== undefined && isRelated(entry, family.ownTable);
  return (
    <div className="entry-detail" data-log-id={String(entry.logId)} data-table={family ? table.name : undefined} data-first-recorded={firstRecorded ? 'true' : undefined}>
      {family && related && (
        <div className="entry-entity" data-testid="entry-detail-entity">
          <Icon icon="diagram-tree" size={14} />
          <span className="entry-entity-text">{entityText(entry, family.ownTable)}</span>
          <span className="entry-entity-note">a related record’s entry</span>
          <Button
            small
            icon="document-open"
            text={`Open ${table.name} ${String(entry.recordId)}`}
            title={`Open ${table.name} ${String(entry.recordId)} on this entry (Enter or double-click in the list)`}
            className="entry-entity-open"
            onClick={family.onOpenRecord}
          />
        </div>
      )}
      <div className="entry-heading">
        <ChangeCueTag entry={entry} />
        <H5>
          {firstRecorded
            ? `First recorded on ${when}, in ${whoseEntryText(entry)}`
            : `${entry.changeCue === 'Deleted' ? 'Deleted' : 'After the change'} on ${when} by ${whoText(entry)}`}
        </H5>
        {actions && <span className="entry-actions">{actions}</span>}
      </div>
      <HowMadeLine made={entry.made} />
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
      ) : deleted ? (
        <Callout intent="danger" icon="trash" title="Record deleted" className="entry-deleted" data-testid="entry-deleted">
          This entry deleted the record. Below are the values it held when it was deleted.
        </Callout>
      ) : (
        <>
          {lead && (
            <ul className="entry-narrative" aria-label="What this entry is">
              <li>
                <Icon icon={mode === 'set' ? 'add' : 'history'} size={12} /> {lead}
              </li>
            </ul>
          )}
          {entry.changes.length === 0 ? (
            <ul className="entry-narrative" aria-label="What changed">
              {narrative.map((line, i) => (
                <li key={i}>
                  <Icon icon="dot" size={12} /> {line}
                </li>
              ))}
            </ul>
          ) : (
            <ChangesTable changes={entry.changes} fullValueOf={fullValueOf} />
          )}
        </>
      )}
      {!entry.legacy && (
        <RecordForm
          table={table}
          values={entry.snapshot}
          changes={deleted ? undefined : entry.changes}
          mode={mode}
          history={{ table: table.name, id: entry.recordId }}
          fullValueOf={fullValueOf}
        />
      )}
    </div>
  );
}
