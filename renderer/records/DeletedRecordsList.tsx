/**
 * Records that are gone from their table while their log remains: for DBAs asking "what was in
 * it, and who deleted it?". Most recently deleted first; opening one shows its full log.
 */
import { Callout, Icon, Tooltip } from '@blueprintjs/core';
import { useCallback, useMemo, useState } from 'react';
import type { DeletedRecord, LoggedTable, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { DataGrid, type GridColumn } from '../common/DataGrid';
import { EmptyState, ListStates } from '../common/states';
import { usePagedList } from '../common/use-paged-list';
import { formatTime, formatTimeLong } from '../format/time';
import { countText, recordIdLabel } from '../format/values';
import { RestoreSqlButton } from './RestoreSql';

export function DeletedRecordsList({ table, onOpen }: { table: LoggedTable; onOpen: (id: RecordId) => void }) {
  const api = useApi();
  const timeZone = useTimeZone();
  const [selected, setSelected] = useState(0);
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal) => {
      const page = await api.listDeletedRecords({ table: table.name, limit: 200, cursor }, { signal });
      return { items: page.records, nextCursor: page.nextCursor };
    },
    [api, table.name],
  );
  const list = usePagedList(table.name, fetchPage);
  const selectedIndex = Math.min(selected, list.items.length - 1);
  const columns = useMemo((): GridColumn<DeletedRecord>[] => {
    return [
      { id: 'id', label: recordIdLabel(table), width: 120, align: 'right', render: (r) => String(r.id) },
      { id: 'title', label: 'Record', width: 260, render: (r) => r.title ?? <span className="muted">(untitled)</span>, title: (r) => r.title ?? '' },
      {
        id: 'when',
        label: 'Deleted',
        width: 170,
        render: (r) =>
          r.deletionLogged ? (
            formatTime(r.lastTime, timeZone)
          ) : (
            <Tooltip content="The row is gone but its log has no Deleted entry (deleted while logging was off); this is its last logged change." compact>
              <span className="muted">
                <Icon icon="warning-sign" size={12} /> after {formatTime(r.lastTime, timeZone)}
              </span>
            </Tooltip>
          ),
        title: (r) => formatTimeLong(r.lastTime, timeZone),
      },
      { id: 'by', label: 'Deleted by', width: 200, render: (r) => r.deletedByName ?? (r.deletionLogged ? '(unknown)' : <span className="muted">not logged</span>) },
      { id: 'entries', label: 'Log entries', width: 110, align: 'right', render: (r) => countText(r.logEntryCount) },
    ];
  }, [table, timeZone]);

  return (
    <div className="records-list">
      <Callout className="deleted-note" icon="trash" compact>
        <span>
          Records gone from {table.name} whose log remains: only the log knows them. Open one to read its log (read only).
        </span>
        {list.items[selectedIndex] && <RestoreSqlButton table={table} id={list.items[selectedIndex].id} small />}
      </Callout>
      <ListStates
        list={list}
        what="deleted records"
        empty={<EmptyState icon="tick-circle" title="No deleted records" description={`Every record in ${table.name}'s log still exists.`} />}
      >
        <DataGrid<DeletedRecord>
          label={`Deleted ${table.name} records`}
          columns={columns}
          list={list}
          rowKey={(r) => String(r.id)}
          selected={selectedIndex}
          onSelect={setSelected}
          onOpen={(r) => onOpen(r.id)}
        />
      </ListStates>
    </div>
  );
}
