/**
 * The log as a flat grid, one row per field change: when, who, field, old → new and the cue, read
 * page by page with the entries view's list (the same filter, the same pages). Enter, a
 * double-click or the row's button opens the row's entry in the entries view. With the record's
 * related records (`ownTable` given), an Entity column names each row's record, and opening a
 * related record's row opens that record on that entry (the caller decides).
 */
import { Button } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import { fieldLabel } from '../../shared/field-label';
import { summarize } from '../../shared/narrative';
import { useTimeZone } from '../app/time-zone-context';
import { DataGrid, type GridColumn } from '../common/DataGrid';
import type { PagedList } from '../common/use-paged-list';
import { changeView } from '../format/change-values';
import { whoText } from '../format/people';
import { formatTime, formatTimeLong } from '../format/time';
import { changeRows, type ChangeRow } from './change-rows';
import { ChangeCueTag } from './ChangeCueTag';
import { ChangeLine } from './ChangeValue';
import { entityText, entryKey, familyNarrative, isRelated, type LogEntry } from './family-entries';

type Row = ChangeRow<LogEntry>;

export function ChangesView({ log, onOpenEntry, ownTable }: { log: PagedList<LogEntry>; onOpenEntry(entryIndex: number): void; ownTable?: string }) {
  const timeZone = useTimeZone();
  const [selected, setSelected] = useState(0);
  const rows = useMemo(() => changeRows(log.items, ownTable === undefined ? undefined : (e) => entryKey(e, ownTable)), [log.items, ownTable]);
  const columns = useMemo(
    (): GridColumn<Row>[] => [
      {
        id: 'time',
        label: 'When',
        width: 142,
        render: (r) => formatTime(r.entry.byTime, timeZone, false, r.entry.storedTime),
        title: (r) => formatTimeLong(r.entry.byTime, timeZone, r.entry.storedTime),
      },
      { id: 'by', label: 'Modified by', width: 130, render: (r) => whoText(r.entry, true), title: (r) => whoText(r.entry, true) },
      ...(ownTable === undefined
        ? []
        : [
            {
              id: 'entity',
              label: 'Entity',
              width: 160,
              render: (r: Row) => <span className={`change-entity${isRelated(r.entry, ownTable) ? ' related' : ''}`} data-testid="change-entity">{entityText(r.entry, ownTable)}</span>,
              title: (r: Row) => entityText(r.entry, ownTable),
            },
          ]),
      { id: 'cue', label: 'Change', width: 104, render: (r) => <ChangeCueTag entry={r.entry} /> },
      {
        id: 'field',
        label: 'Field',
        width: 130,
        render: (r) => (r.change ? fieldLabel(r.change.field) : <span className="muted">—</span>),
        title: (r) => (r.change ? r.change.field : ''),
      },
      {
        id: 'change',
        label: 'Old → new',
        // Beside the Entity column it gives way, so that every column fits a 1024-pixel screen.
        width: ownTable === undefined ? 300 : 240,
        grow: true,
        render: (r) =>
          r.change ? (
            <span data-testid="change-values">
              <ChangeLine view={changeView(r.change, 'line')} />
            </span>
          ) : (
            <span className={`muted${r.entry.changeCue === 'Deleted' ? ' change-deleted' : ''}`} data-testid="change-values">
              {r.entry.changeCue === 'Deleted' ? 'Record deleted' : summarize(r.entry)}
            </span>
          ),
        title: (r) => {
          const lines = familyNarrative(r.entry, ownTable);
          if (!r.change) return lines.join('\n');
          // The change's own sentence (the narrative's lines are in field order, as the changes are).
          const at = r.entry.narrative.findIndex((line) => line.startsWith(fieldLabel(r.change!.field)));
          return at >= 0 ? (lines[at] ?? '') : '';
        },
      },
      {
        id: 'open',
        label: '',
        width: 44,
        render: (r) => (
          <Button
            small
            minimal
            icon="document-open"
            aria-label={ownTable !== undefined && isRelated(r.entry, ownTable) ? `Open ${r.entry.table} ${String(r.entry.recordId)} on this entry` : 'Open this entry'}
            title={ownTable !== undefined && isRelated(r.entry, ownTable) ? `Open ${r.entry.table} ${String(r.entry.recordId)} on this entry` : 'Open this entry'}
            className="change-open"
            onClick={(e) => {
              e.stopPropagation();
              onOpenEntry(r.entryIndex);
            }}
          />
        ),
      },
    ],
    [timeZone, onOpenEntry, ownTable],
  );
  const list = { items: rows, hasMore: log.hasMore, loadingMore: log.loadingMore, loadMore: log.loadMore };
  return (
    <div className="changes-view">
      <DataGrid<Row>
        label="Field changes, newest first"
        columns={columns}
        list={list}
        rowKey={(r) => r.key}
        selected={Math.min(selected, rows.length - 1)}
        onSelect={setSelected}
        onOpen={(r) => onOpenEntry(r.entryIndex)}
      />
    </div>
  );
}
