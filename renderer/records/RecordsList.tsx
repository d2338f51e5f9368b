/** A table's current records: searchable, sortable by any shown field, read page by page. */
import { Button, InputGroup, Tag } from '@blueprintjs/core';
import { useCallback, useMemo, useState } from 'react';
import type { LoggedTable, RecordId, RecordView } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { DataGrid, type GridColumn, type GridSort } from '../common/DataGrid';
import { EmptyState, ListStates } from '../common/states';
import { usePagedList } from '../common/use-paged-list';
import { cellText, countText, fieldLabel, recordIdLabel } from '../format/values';
import { MissingIndexNote } from '../audit/MissingIndexNote';
import { useDebounced, useStillBusy } from './use-debounced';

export function RecordsList({ table, onOpen }: { table: LoggedTable; onOpen: (id: RecordId) => void }) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<GridSort | null>(null);
  const [selected, setSelected] = useState(0);
  const query = useDebounced(search.trim(), 250);

  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal) => {
      const page = await api.listRecords(
        {
          table: table.name,
          search: query || undefined,
          sort: sort ? { field: sort.column, direction: sort.direction } : undefined,
          limit: 200,
          cursor,
        },
        { signal },
      );
      return { items: page.records, nextCursor: page.nextCursor };
    },
    [api, table.name, query, sort],
  );
  const listKey = JSON.stringify([table.name, query, sort]);
  const list = usePagedList(listKey, fetchPage);
  // A search without an index reads every record: after a moment, say it is still at work (a
  // newer search aborts it: usePagedList cancels the superseded call).
  const stillSearching = useStillBusy(list.loading && query !== '', listKey, 700);

  const columns = useMemo(() => recordColumns(table), [table]);

  return (
    <div className="records-list">
      <div className="toolbar">
        <InputGroup
          leftIcon="search"
          placeholder={`Search ${table.name}…`}
          aria-label={`Search ${table.name}`}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setSelected(0);
          }}
          rightElement={search ? <Button minimal icon="cross" aria-label="Clear search" onClick={() => setSearch('')} /> : undefined}
          className="search"
        />
        <span className="toolbar-note" role="status">
          {stillSearching ? `Still searching ${table.name}…` : list.loading ? '' : recordCountText(table, query, list.items.length, list.hasMore)}
        </span>
        <span className="toolbar-hint">Double-click or press Enter to open a record</span>
      </div>
      {query && <MissingIndexNote table={table} read="search" />}
      <ListStates
        list={list}
        what="records"
        empty={
          query ? (
            <EmptyState icon="search" title="No records match" description={`Nothing in ${table.name} contains “${query}”.`} />
          ) : (
            <EmptyState icon="th" title={`${table.name} has no records`} description="Its deleted records may still be in the log: see Deleted records." />
          )
        }
      >
        <DataGrid<RecordView>
          label={`${table.name} records`}
          columns={columns}
          list={list}
          rowKey={(r) => String(r.id)}
          selected={Math.min(selected, list.items.length - 1)}
          onSelect={setSelected}
          onOpen={(r) => onOpen(r.id)}
          sort={sort}
          onSort={(next) => {
            setSort(next);
            setSelected(0);
          }}
        />
      </ListStates>
    </div>
  );
}

/** "274 records", or with a search "12 matching records" ("200+" while more pages are unread). */
function recordCountText(table: LoggedTable, query: string, loaded: number, hasMore: boolean): string {
  if (!query && table.recordCount !== null) return `${countText(table.recordCount)} records`;
  const n = `${countText(loaded)}${hasMore ? '+' : ''}`;
  return `${n} matching ${loaded === 1 && !hasMore ? 'record' : 'records'}`;
}

function recordColumns(table: LoggedTable): GridColumn<RecordView>[] {
  const key: GridColumn<RecordView> = {
    id: table.recordKey ?? 'id',
    label: recordIdLabel(table),
    width: 80,
    sortable: table.recordKey !== null,
    align: 'right',
    render: (r) => String(r.id),
  };
  const fields = table.fields
    .filter((f) => f.sensitivity !== 'hidden' && f.name !== table.recordKey)
    .map(
      (f): GridColumn<RecordView> => ({
        id: f.name,
        label: fieldLabel(f.name),
        width: table.titleFields.includes(f.name) ? 220 : 160,
        // Masked columns cannot be sorted: the order would give their values away.
        sortable: f.sensitivity === 'none',
        render: (r) =>
          f.sensitivity === 'masked' && r.values[f.name] ? (
            <Tag minimal icon="eye-off" className="masked">
              {cellText(r.values[f.name])}
            </Tag>
          ) : (
            cellText(r.values[f.name])
          ),
        title: (r) => cellText(r.values[f.name]),
      }),
    );
  return [key, ...fields];
}
