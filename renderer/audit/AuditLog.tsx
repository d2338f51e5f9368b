/**
 * A record's audit log: the expander bar, then either the entries newest first beside the
 * selected entry (its changes table and its record with the changed fields boxed), or the Changes
 * view (one row per field change, a row opens its entry). The first entry is selected as soon as
 * it arrives.
 */
import { Button, Callout, SegmentedControl } from '@blueprintjs/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LoggedTable, PersonInLog, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
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
import { isFiltered, toHistoryFilter, type LogFilter } from './log-filter';

const PAGE_SIZE = 50;
/** The page size while looking for an entry deep in the log (the contract's largest). */
const SEEK_PAGE_SIZE = 1000;
const NOBODY: PersonInLog[] = [];

export function AuditLog({
  table,
  recordId,
  totalEntries,
  filter,
  onFilterChange,
  entry: wanted,
  onEntryChange,
}: {
  table: LoggedTable;
  recordId: RecordId;
  totalEntries: number;
  /** The expander bar's filter (the address holds it). */
  filter: LogFilter;
  onFilterChange(filter: LogFilter): void;
  /**
   * The selected entry's log id (the address holds it; null: the newest). When it is not on the
   * pages read, the log is read on, in large pages, until it is.
   */
  entry: string | null;
  /** The user selected another entry. */
  onEntryChange(logId: string): void;
}) {
  const api = useApi();
  const timeZone = useTimeZone();
  const [expanded, setExpanded] = useState(() => isFiltered(filter));
  const [selected, setSelected] = useState(0);
  /** The entry compared with the selected one (Ctrl/Cmd-click, or "Compare with previous"). */
  const [compared, setCompared] = useState<number | null>(null);
  /** Entries (one row per entry, beside the selected one) or Changes (one row per field change). */
  const [view, setView] = useState<'entries' | 'changes'>('entries');

  // Without them (a failure), the person picker offers nobody.
  const people: PersonInLog[] =
    useCall(JSON.stringify([table.name, recordId]), (signal) => api.listPeople({ table: table.name, recordId }, { signal })).value?.people ?? NOBODY;

  /** True while the wanted entry is not among the entries read: pages are then read large. */
  const seeking = useRef(wanted !== null);
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal) => {
      const page = await api.getHistory(
        {
          table: table.name,
          id: recordId,
          filter: toHistoryFilter(filter, timeZone),
          limit: seeking.current ? SEEK_PAGE_SIZE : PAGE_SIZE,
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
    onFilterChange(next);
    setSelected(0);
    setCompared(null);
  };
  const select = (index: number) => {
    setSelected(index);
    setCompared(null);
    const chosen = log.items[index];
    if (chosen) onEntryChange(String(chosen.logId));
  };
  // A row of the Changes view opens its entry (and the address says which, as for any selection).
  const openEntry = (index: number) => {
    select(index);
    setView('entries');
  };

  // The wanted entry (from the address: opened from Activity, a change set, Back) is selected
  // once read; the log is read on until it is. When the log ends without it, say so once.
  const [missing, setMissing] = useState<string | null>(null);
  const { items, hasMore, loading, loadingMore, loadMore, error } = log;
  // An entry the record's log lacks (a stale or mistyped address) is known at once, without
  // reading the whole log to find that out.
  const notOnFirstPage = wanted !== null && !loading && !items.some((e) => String(e.logId) === wanted);
  useEffect(() => {
    if (!notOnFirstPage || wanted === null) return;
    const controller = new AbortController();
    api.getEntries({ table: table.name, id: recordId, logIds: [wanted] }, { signal: controller.signal }).then(
      () => undefined,
      (failure: unknown) => {
        if (failure instanceof AuditError && (failure.code === 'not-found' || failure.code === 'bad-request')) {
          seeking.current = false;
          setMissing(wanted);
          setSelected(0);
        }
      },
    );
    return () => controller.abort();
  }, [notOnFirstPage, wanted, api, table.name, recordId]);
  useEffect(() => {
    if (wanted === null) {
      seeking.current = false;
      setSelected(0);
      return;
    }
    const index = items.findIndex((e) => String(e.logId) === wanted);
    if (index >= 0) {
      seeking.current = false;
      setSelected((s) => (s === index ? s : index));
    } else if (loading || error || missing === wanted) {
      // Wait for the first page (or a retry).
    } else if (hasMore) {
      seeking.current = true;
      if (!loadingMore) loadMore();
    } else {
      seeking.current = false;
      setMissing(wanted);
      setSelected(0);
    }
  }, [wanted, items, hasMore, loading, loadingMore, loadMore, error, missing]);

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
      {missing !== null && missing === wanted && (
        <Callout intent="warning" icon="warning-sign" className="missing-entry-note" data-testid="missing-entry">
          {isFiltered(filter)
            ? `Entry ${missing} is not among the entries this filter keeps, so the newest of them is shown.`
            : `This record's log has no entry ${missing}, so its newest entry is shown.`}
        </Callout>
      )}
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
