/**
 * The log as a flat grid, one row per field change: when, who, field, old → new and the cue, read
 * page by page with the entries view's list (the same filter, the same pages). Enter, a
 * double-click or the row's button opens the row's entry in the entries view.
 */
import { Button } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { HistoryEntry } from '../../shared/domain';
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

export function ChangesView({ log, onOpenEntry }: { log: PagedList<HistoryEntry>; onOpenEntry(entryIndex: number): void }) {
  const timeZone = useTimeZone();
  const [selected, setSelected] = useState(0);
  const rows = useMemo(() => changeRows(log.items), [log.items]);
  const columns = useMemo(
    (): GridColumn<ChangeRow>[] => [
      {
        id: 'time',
        label: 'When',
        width: 142,
        render: (r) => formatTime(r.entry.byTime, timeZone, false, r.entry.storedTime),
        title: (r) => formatTimeLong(r.entry.byTime, timeZone, r.entry.storedTime),
      },
      { id: 'by', label: 'Modified by', width: 130, render: (r) => whoText(r.entry, true), title: (r) => whoText(r.entry, true) },
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
        width: 300,
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
        title: (r) => (r.change ? (r.entry.narrative.find((line) => line.startsWith(fieldLabel(r.change!.field))) ?? '') : r.entry.narrative.join('\n')),
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
            aria-label="Open this entry"
            title="Open this entry"
            className="change-open"
            onClick={(e) => {
              e.stopPropagation();
              onOpenEntry(r.entryIndex);
            }}
          />
        ),
      },
    ],
    [timeZone, onOpenEntry],
  );
  const list = { items: rows, hasMore: log.hasMore, loadingMore: log.loadingMore, loadMore: log.loadMore };
  return (
    <div className="changes-view">
      <DataGrid<ChangeRow>
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
