/**
 * A record's audit log: the expander bar, then either the entries newest first beside the
 * selected entry (its changes table and its record with the changed fields boxed), or the Changes
 * view (one row per field change, a row opens its entry). The first entry is selected as soon as
 * it arrives. Where the record's table has related records, a switch reads the record's log with
 * theirs (`getRelatedHistory`): each entry then names its record (the Entity column), the Entity
 * filter narrows it to some of the family's tables, and a related record's entry opens that record.
 */
import { Button, Callout, SegmentedControl, Switch } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RelatedTable } from '../../shared/contract';
import type { LoggedTable, PersonInLog, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { useApi } from '../api/api-context';
import { ExportButton } from '../export/ExportButton';
import { useOpenRecord } from '../app/open-record-context';
import { useTimeZone } from '../app/time-zone-context';
import { EmptyState, ListStates } from '../common/states';
import { lazyPart } from '../common/lazy-view';
import { useCall } from '../common/use-call';
import { usePagedList } from '../common/use-paged-list';
import { ChangesView } from './ChangesView';
import { CompareEntries } from './CompareEntries';
import { EntryDetail } from './EntryDetail';
import { MissingIndexNote } from './MissingIndexNote';
import { ExpanderBar } from './ExpanderBar';
import { logSpec } from '../app/saved-view-address';
import { SaveViewButton } from '../saved-views/SaveViewButton';
import { LogEntryList } from './LogEntryList';
import { isEntry, isRelated, mergeFamily, sameRecord, tableOf, type LogEntry } from './family-entries';
import { isFiltered, toHistoryFilter, toRelatedFilter, type LogFilter } from './log-filter';
import { countText } from '../format/values';

// The timeline strip: its own chunk, shown once the first page is in (see LogTimeline.tsx).
const LogTimeline = lazyPart('timeline', () => import('./LogTimeline').then((m) => m.LogTimeline));

const PAGE_SIZE = 50;
/** The page size while looking for an entry deep in the log (the contract's largest). */
const SEEK_PAGE_SIZE = 1000;
const NOBODY: PersonInLog[] = [];
const NO_FAMILY: RelatedTable[] = [];

export function AuditLog({
  table,
  recordId,
  totalEntries,
  filter,
  onFilterChange,
  entry: wanted,
  entryTable: wantedTable,
  onEntryChange,
  related,
  onRelatedChange,
  tables,
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
  /** The table whose log holds `entry` (null: the record's own). */
  entryTable: string | null;
  /** The user selected another entry (`entryTable`: a related record's table, null the record's own). */
  onEntryChange(logId: string, entryTable: string | null): void;
  /**
   * Whether the log shows the record's related records' entries too; null where its table has no
   * related records (no switch is offered).
   */
  related: boolean | null;
  onRelatedChange?(on: boolean): void;
  /** Every logged table (a related record's entry is shown with its own table's fields). */
  tables: readonly LoggedTable[];
}) {
  const api = useApi();
  const timeZone = useTimeZone();
  const openRecord = useOpenRecord();
  const withRelated = related === true;
  const [expanded, setExpanded] = useState(() => isFiltered(filter, withRelated));
  /** The related log's tables as its pages name them (the Entity filter's choices). */
  const [family, setFamily] = useState<RelatedTable[]>(NO_FAMILY);
  const [selected, setSelected] = useState(0);
  /** The entry compared with the selected one (Ctrl/Cmd-click, or "Compare with previous"). */
  const [compared, setCompared] = useState<number | null>(null);
  /** Entries (one row per entry, beside the selected one) or Changes (one row per field change). */
  const [view, setView] = useState<'entries' | 'changes'>('entries');

  // Without them (a failure), the person picker offers nobody.
  const ownPeople: PersonInLog[] =
    useCall(JSON.stringify([table.name, recordId]), (signal) => api.listPeople({ table: table.name, recordId }, { signal })).value?.people ?? NOBODY;

  /** True while the wanted entry is not among the entries read: pages are then read large. */
  const seeking = useRef(wanted !== null);
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal): Promise<{ items: LogEntry[]; nextCursor: string | null; total: number | null }> => {
      if (withRelated) {
        const page = await api.getRelatedHistory(
          {
            table: table.name,
            id: recordId,
            filter: toRelatedFilter(filter, timeZone),
            limit: seeking.current ? SEEK_PAGE_SIZE : PAGE_SIZE,
            cursor,
          },
          { signal },
        );
        if (cursor === undefined) setFamily((known) => mergeFamily(known, page.family));
        // Not counted: the related log says how many entries it has read.
        return { items: page.entries, nextCursor: page.nextCursor, total: null };
      }
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
    [api, table.name, recordId, filter, timeZone, withRelated],
  );
  // The record's own log ignores the Entity filter: it is no part of its query.
  const query = withRelated ? filter : { ...filter, tables: [] };
  const log = usePagedList<LogEntry>(JSON.stringify([table.name, recordId, query, timeZone, withRelated]), fetchPage);
  const ownTable = withRelated ? table.name : undefined;
  // The timeline waits for the log's first page, and then stays while the filter changes.
  const [firstPageIn, setFirstPageIn] = useState(false);
  useEffect(() => {
    if (!log.loading) setFirstPageIn(true);
  }, [log.loading]);
  /** The logged table an entry is shown with (a related record's own). */
  const tableFor = (entry: LogEntry): LoggedTable => tables.find((t) => t.name === tableOf(entry, table.name)) ?? table;

  // In the related log, the person picker offers the record's own people and everyone in the
  // entries read (a related record's editor need not be in the record's own log).
  const people = useMemo((): PersonInLog[] => {
    if (!withRelated) return ownPeople;
    const known = new Map(ownPeople.map((p) => [String(p.id), p]));
    for (const e of log.items) {
      if (e.byId !== null && !known.has(String(e.byId))) known.set(String(e.byId), { id: e.byId, name: e.byName, login: null, entryCount: null, lastTime: e.byTime });
    }
    return [...known.values()];
  }, [withRelated, ownPeople, log.items]);

  const changeFilter = (next: LogFilter) => {
    onFilterChange(next);
    setSelected(0);
    setCompared(null);
  };
  const select = (index: number) => {
    setSelected(index);
    setCompared(null);
    const chosen = log.items[index];
    if (chosen) onEntryChange(String(chosen.logId), isRelated(chosen, table.name) ? chosen.table : null);
  };
  /** A related record's entry opens that record on it (Back returns here). */
  const openRelated = (index: number): boolean => {
    const chosen = log.items[index];
    if (!chosen || !openRecord || !isRelated(chosen, table.name)) return false;
    openRecord(chosen.table, chosen.recordId, chosen.logId);
    return true;
  };
  // A row of the Changes view opens its entry (and the address says which, as for any selection);
  // a related record's row opens that record on it.
  const openEntry = (index: number) => {
    if (openRelated(index)) return;
    select(index);
    setView('entries');
  };
  /** Compare only entries of one record: a related log's neighbours may be other records'. */
  const compare = (index: number) => {
    const a = log.items[Math.min(selected, log.items.length - 1)];
    const b = log.items[index];
    if (a && b && sameRecord(a, b, table.name)) setCompared(index);
    else select(index);
  };

  // The wanted entry (from the address: opened from Activity, a change set, Back) is selected
  // once read; the log is read on until it is. When the log ends without it, say so once.
  const [missing, setMissing] = useState<string | null>(null);
  const { items, hasMore, loading, loadingMore, loadMore, error } = log;
  // An entry the record's log lacks (a stale or mistyped address) is known at once, without
  // reading the whole log to find that out.
  const notOnFirstPage = wanted !== null && !loading && !items.some((e) => isEntry(e, table.name, wanted, wantedTable));
  useEffect(() => {
    // (A related record's entry is checked by reading on: its record is not known here.)
    if (!notOnFirstPage || wanted === null || wantedTable !== null) return;
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
  }, [notOnFirstPage, wanted, wantedTable, api, table.name, recordId]);
  useEffect(() => {
    if (wanted === null) {
      seeking.current = false;
      setSelected(0);
      return;
    }
    const index = items.findIndex((e) => isEntry(e, table.name, wanted, wantedTable));
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
  }, [wanted, wantedTable, table.name, items, hasMore, loading, loadingMore, loadMore, error, missing]);

  const filtered = isFiltered(filter, withRelated);
  const matching = filtered ? (log.loading ? null : log.total) : totalEntries;
  const current = Math.min(selected, log.items.length - 1);
  const entry = log.items[current];
  /** The entry "Compare with previous" compares with: the same record's next older one read. */
  const previous = entry ? log.items.findIndex((e, i) => i > current && sameRecord(e, entry, table.name)) : -1;
  // The related log is not counted: it says how many entries are read, and that more follow.
  const relatedCount = withRelated
    ? log.loading
      ? 'Reading…'
      : `${countText(log.items.length)}${log.hasMore ? '+' : ''} ${filtered ? 'matching ' : ''}${log.items.length === 1 && !log.hasMore ? 'entry' : 'entries'}`
    : undefined;
  const entities = withRelated ? (family.length > 0 ? family.map((t) => t.table) : [table.name]) : undefined;
  const missingText = (id: string) =>
    wantedTable !== null
      ? `${wantedTable}’s entry ${id} is not among the entries ${filtered ? 'this filter keeps' : 'of this record’s related records'}, so the newest entry is shown.`
      : filtered
        ? `Entry ${id} is not among the entries this filter keeps, so the newest of them is shown.`
        : `This record's log has no entry ${id}, so its newest entry is shown.`;

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
        entities={entities}
        countText={relatedCount}
        howMade={withRelated ? undefined : { table, recordId }}
        actions={
            <>
                {related !== null && (
                  <Switch
                    role="switch"
                    className="related-switch"
                    checked={withRelated}
                    label="With related records"
                    title={`Also show the changes of the records that belong to this ${table.name} (remembered for ${table.name})`}
                    onChange={(e) => {
                      setSelected(0);
                      setCompared(null);
                      onRelatedChange?.(e.currentTarget.checked);
                    }}
                  />
                )}
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
                <SaveViewButton iconOnly view={logSpec(table.name, recordId, withRelated, filter, timeZone)} />
                {/* The export writes what is shown: with related records, the whole story, each line naming its record. */}
                <ExportButton
                  source={
                    withRelated
                      ? { kind: 'related', table: table.name, id: recordId, filter: toRelatedFilter(filter, timeZone) }
                      : { kind: 'history', table: table.name, id: recordId, filter: toHistoryFilter(filter, timeZone) }
                  }
                />
            </>
        }
      />
      {!withRelated && totalEntries > 1 && firstPageIn && (
        <LogTimeline table={table.name} recordId={recordId} selected={filter} onPeriod={(from, to) => changeFilter({ ...filter, from, to })} />
      )}
      {missing !== null && missing === wanted && (
        <Callout intent="warning" icon="warning-sign" className="missing-entry-note" data-testid="missing-entry">
          {missingText(missing)}
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
              description={
                withRelated
                  ? 'No change to this record or its related records matches the dates, Modified By and Entity chosen. Reset the filter to see the whole log.'
                  : 'No change to this record matches the date range and Modified By chosen. Reset the filter to see the whole log.'
              }
            />
          }
        >
          {view === 'changes' ? (
            <ChangesView log={log} onOpenEntry={openEntry} ownTable={ownTable} />
          ) : (
            <>
              <LogEntryList
                entries={log.items}
                selected={current}
                onSelect={select}
                compared={compared}
                onCompare={compare}
                hasMore={log.hasMore}
                loadingMore={log.loadingMore}
                onLoadMore={log.loadMore}
                autoFocus
                ownTable={ownTable}
                onOpen={withRelated ? (index) => void openRelated(index) : undefined}
              />
              {entry && compared !== null && log.items[compared] ? (
                <CompareEntries table={tableFor(entry)} recordId={entry.recordId} logIds={[entry.logId, log.items[compared].logId]} onClose={() => setCompared(null)} />
              ) : (
                entry && (
                  <EntryDetail
                    table={tableFor(entry)}
                    entry={entry}
                    family={ownTable !== undefined ? { ownTable, onOpenRecord: () => void openRelated(current) } : undefined}
                    actions={
                      <Button
                        small
                        minimal
                        icon="comparison"
                        text="Compare with previous"
                        title="Or Ctrl/Cmd-click another entry in the list to compare it with this one"
                        disabled={previous < 0}
                        onClick={() => setCompared(previous)}
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
