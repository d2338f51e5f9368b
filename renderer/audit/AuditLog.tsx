/**
 * A record's audit log: the expander bar, then either the entries newest first beside the
 * selected entry (its changes table and its record with the changed fields boxed), or the Changes
 * view (one row per field change, a row opens its entry). The first entry is selected as soon as
 * it arrives.
 */
import { Button, SegmentedControl } from '@blueprintjs/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LoggedTable, PersonInLog, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { ExportButton } from '../export/ExportButton';
import { useTimeZone } from '../app/time-zone-context';
import { EmptyState, ListStates } from '../common/states';
import { useCall } from '../common/use-call';
import { usePagedList } from '../common/use-paged-list';
import { ChangesView } from './ChangesView';
import { CompareEntries } from './CompareEntries';
import { EntryDetail } from './EntryDetail';
import { MissingIndexNote } from './MissingIndexNote';
import { ExpanderBar } from './ExpanderBar';
import { LogEntryList } from './LogEntryList';
import { isFiltered, NO_FILTER, toHistoryFilter, type LogFilter } from './log-filter';

const PAGE_SIZE = 50;
const NOBODY: PersonInLog[] = [];

export function AuditLog({
  table,
  recordId,
  totalEntries,
  focusLogId,
}: {
  table: LoggedTable;
  recordId: RecordId;
  totalEntries: number;
  /** Select this entry once it is read (the log is read page by page until it is found). */
  focusLogId?: RecordId;
}) {
  const api = useApi();
  const timeZone = useTimeZone();
  const [filter, setFilter] = useState<LogFilter>(NO_FILTER);
  const [expanded, setExpanded] = useState(false);
  const [selected, setSelected] = useState(0);
  /** The entry compared with the selected one (Ctrl/Cmd-click, or "Compare with previous"). */
  const [compared, setCompared] = useState<number | null>(null);
  /** Entries (one row per entry, beside the selected one) or Changes (one row per field change). */
  const [view, setView] = useState<'entries' | 'changes'>('entries');

  // Without them (a failure), the person picker offers nobody.
  const people: PersonInLog[] =
    useCall(JSON.stringify([table.name, recordId]), (signal) => api.listPeople({ table: table.name, recordId }, { signal })).value?.people ?? NOBODY;

  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal) => {
      const page = await api.getHistory(
        {
          table: table.name,
          id: recordId,
          filter: toHistoryFilter(filter, timeZone),
          limit: PAGE_SIZE,
          cursor,
          // Only the first page counts: later pages keep the count the bar already shows.
          withTotal: cursor === undefined && isFiltered(filter),
        },
        { signal },
      );
      return { items: page.entries, nextCursor: page.nextCursor, total: page.total };
    },
    [api, table.name, recordId, filter, timeZone],
  );
  const log = usePagedList(JSON.stringify([table.name, recordId, filter, timeZone]), fetchPage);

  const changeFilter = (next: LogFilter) => {
    setFilter(next);
    setSelected(0);
    setCompared(null);
  };
  const select = (index: number) => {
    setSelected(index);
    setCompared(null);
  };
  const openEntry = useCallback((index: number) => {
    setSelected(index);
    setCompared(null);
    setView('entries');
  }, []);

  const focus = useRef(focusLogId);
  const { items, hasMore, loadingMore, loadMore } = log;
  useEffect(() => {
    if (focus.current === undefined) return;
    const index = items.findIndex((e) => String(e.logId) === String(focus.current));
    if (index >= 0) {
      focus.current = undefined;
      setSelected(index);
    } else if (hasMore) {
      if (!loadingMore) loadMore();
    } else if (items.length > 0) focus.current = undefined;
  }, [items, hasMore, loadingMore, loadMore]);
  const matching = isFiltered(filter) ? (log.loading ? null : log.total) : totalEntries;
  const entry = log.items[Math.min(selected, log.items.length - 1)];

  return (
    <div className="audit-log">
      <MissingIndexNote table={table} />
      <ExpanderBar
        open={expanded}
        onToggle={() => setExpanded((o) => !o)}
        filter={filter}
        onChange={changeFilter}
        people={people}
        matching={matching}
        total={totalEntries}
        actions={
            <>
                <SegmentedControl
                  size="small"
                  className="log-view-switch"
                  aria-label="Show the log as"
                  value={view}
                  onValueChange={(value) => setView(value === 'changes' ? 'changes' : 'entries')}
                  options={[
                    { label: 'Entries', value: 'entries', icon: 'list' },
                    { label: 'Changes', value: 'changes', icon: 'th-list' },
                  ]}
                />
                <ExportButton source={{ kind: 'history', table: table.name, id: recordId, filter: toHistoryFilter(filter, timeZone) }} />
            </>
        }
      />
      <div className="audit-log-body">
        <ListStates
          list={log}
          what="the log"
          empty={
            <EmptyState
              icon="filter-remove"
              title="No entries match"
              description="No change to this record matches the date range and Modified By chosen. Reset the filter to see the whole log."
            />
          }
        >
          {view === 'changes' ? (
            <ChangesView log={log} onOpenEntry={openEntry} />
          ) : (
            <>
              <LogEntryList
                entries={log.items}
                selected={Math.min(selected, log.items.length - 1)}
                onSelect={select}
                compared={compared}
                onCompare={setCompared}
                hasMore={log.hasMore}
                loadingMore={log.loadingMore}
                onLoadMore={log.loadMore}
                autoFocus
              />
              {entry && compared !== null && log.items[compared] ? (
                <CompareEntries table={table} recordId={recordId} logIds={[entry.logId, log.items[compared].logId]} onClose={() => setCompared(null)} />
              ) : (
                entry && (
                  <EntryDetail
                    table={table}
                    entry={entry}
                    actions={
                      <Button
                        small
                        minimal
                        icon="comparison"
                        text="Compare with previous"
                        title="Or Ctrl/Cmd-click another entry in the list to compare it with this one"
                        disabled={!log.items[Math.min(selected, log.items.length - 1) + 1]}
                        onClick={() => setCompared(Math.min(selected, log.items.length - 1) + 1)}
                      />
                    }
                  />
                )
              )}
            </>
          )}
        </ListStates>
      </div>
    </div>
  );
}
