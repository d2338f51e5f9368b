/**
 * Activity (admins): every change across all logged tables, newest first, with the fields each
 * changed right in the row. For personnel reviews ("what did this person change last month?") and
 * compliance audits ("every change to this field in the last year"). Enter or a double-click opens
 * the row's record on that entry.
 */
import { Button, Classes, H2, Icon, Tag } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useCall } from '../common/use-call';
import type { ActivityEntry, LoggedTable, PersonInLog, TableRelation } from '../../shared/domain';
import type { OpenRecord } from '../app/open-record-context';
import { storyOwnerOf } from '../audit/family-entries';
import { useApi, useMe } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { ChangeCueTag } from '../audit/ChangeCueTag';
import { HowMadeInline } from '../audit/HowMade';
import { howMadeText } from '../../shared/how-made';
import { ExportButton } from '../export/ExportButton';
import { activitySpec } from '../app/saved-view-address';
import { SaveViewButton } from '../saved-views/SaveViewButton';
import { DataGrid, type GridColumn } from '../common/DataGrid';
import { EmptyState, ListStates, LoadingState } from '../common/states';
import { usePagedList } from '../common/use-paged-list';
import { formatTime, formatTimeLong } from '../format/time';
import { countText } from '../format/values';
import { activityKey, changedFieldsText, isActivityFiltered, mergePeople, toActivityFilter, type ActivityViewFilter } from './activity-filter';
import { ActivityFilterBar } from './ActivityFilterBar';
import { ActivityChanges } from './ActivityChanges';

const PAGE_SIZE = 100;
const NOBODY: PersonInLog[] = [];

export function ActivityView({
  tables,
  relations,
  filter,
  onFilterChange,
  onOpen,
}: {
  tables: LoggedTable[];
  /** Which tables' records belong to which: a child's entry can be read in its parent's story. */
  relations: readonly TableRelation[];
  /** The filter bar's choices (the address holds them). */
  filter: ActivityViewFilter;
  onFilterChange(filter: ActivityViewFilter): void;
  /** Opens a row's record on that row's entry (or, as a story, its parent's on it). */
  onOpen: OpenRecord;
}) {
  const api = useApi();
  const me = useMe();
  const timeZone = useTimeZone();
  const [selected, setSelected] = useState(0);

  // The person picker lists everyone in the chosen tables' logs (all tables when none is chosen).
  const peopleTables = filter.tables.length ? filter.tables : tables.map((t) => t.name);
  const peopleKey = peopleTables.join('\u0000');
  // A table whose people cannot be read adds nobody.
  const people =
    useCall(peopleKey, (signal) =>
      Promise.all(peopleTables.map((table) => api.listPeople({ table }, { signal }).then((r) => r.people, () => [] as PersonInLog[]))).then(mergePeople),
    ).value ?? NOBODY;

  // The first page's total is the engine's estimate on large logs ("about 5.9 million"); the
  // exact count is made only when asked for, per filter.
  const listKey = JSON.stringify([filter, timeZone]);
  const [estimated, setEstimated] = useState(false);
  const [exact, setExact] = useState<{ key: string; count: number | null } | null>(null);
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal) => {
      const page = await api.listActivity(
        { filter: toActivityFilter(filter, timeZone), limit: PAGE_SIZE, cursor, withTotal: cursor === undefined },
        { signal },
      );
      if (cursor === undefined) setEstimated(page.totalIsEstimate === true);
      return { items: page.entries, nextCursor: page.nextCursor, total: page.total };
    },
    [api, filter, timeZone],
  );
  const list = usePagedList(listKey, fetchPage);
  const exactHere = exact?.key === listKey ? exact : null;
  const countExactly = () => {
    setExact({ key: listKey, count: null });
    api.listActivity({ filter: toActivityFilter(filter, timeZone), limit: 1, exactTotal: true }).then(
      (r) => setExact((e) => (e?.key === listKey ? { key: listKey, count: r.total } : e)),
      () => setExact((e) => (e?.key === listKey ? null : e)),
    );
  };
  const shownTotal = exactHere?.count ?? list.total;
  const isEstimate = exactHere?.count == null && estimated && list.total !== null;
  // A field filter cannot be counted (each entry would have to be diffed), nor hours of the week.
  const canCount = !list.loading && filter.field === null && !filter.hoursOfWeek?.length && !exactHere && (isEstimate || (list.total === null && list.hasMore));
  const selectedIndex = Math.min(selected, list.items.length - 1);
  // A child's change (a contact's phone) often means most in its parent's story (the customer's).
  const selectedEntry = selectedIndex >= 0 ? list.items[selectedIndex] : undefined;
  const owner = selectedEntry ? storyOwnerOf(selectedEntry, relations, tables) : null;
  // With a field filter a page may hold no match yet and still go on (the data layer looks at a
  // bounded number of rows per call): keep reading until something matches or the logs end.
  const { loading, loadingMore, hasMore, items, loadMore } = list;
  useEffect(() => {
    if (!loading && !loadingMore && hasMore && items.length === 0) loadMore();
  }, [loading, loadingMore, hasMore, items.length, loadMore]);

  const recordsHowMade = tables.some((t) => t.howMade !== undefined);
  const columns = useMemo((): GridColumn<ActivityEntry>[] => {
    const who = (e: ActivityEntry) => e.byName ?? (e.byId === null ? 'Unknown' : `Person ${String(e.byId)}`);
    return [
      // With the How column the others give up a little each, so that all still fit at 1024 px.
      { id: 'time', label: 'When', width: recordsHowMade ? 140 : 150, render: (e) => formatTime(e.byTime, timeZone, false, e.storedTime), title: (e) => formatTimeLong(e.byTime, timeZone, e.storedTime) },
      {
        id: 'by',
        label: 'Modified by',
        width: 112,
        render: (e) => (
          <span className={me?.person && String(me.person.id) === String(e.byId) ? 'activity-mine' : undefined}>{who(e)}</span>
        ),
        title: who,
      },
      {
        id: 'record',
        label: 'Record',
        width: recordsHowMade ? 140 : 180,
        // The table is named in the record's cell (one column fewer: at 1024 px the changes still fit).
        render: (e) => (
          <span className="activity-record">
            <span className="activity-record-table">{e.table}</span> {e.title ?? <span className="muted">(untitled)</span>}{' '}
            <span className="activity-record-id">#{String(e.recordId)}</span>
          </span>
        ),
        title: (e) => `${e.table} ${String(e.recordId)}${e.title ? ` — ${e.title}` : ''}`,
      },
      { id: 'cue', label: 'Change', width: 108, render: (e) => <ChangeCueTag entry={e} /> },
      // How each change was made, where any log records it (method, application, IP address, …).
      ...(recordsHowMade
        ? [{ id: 'how', label: 'How', width: 70, render: (e: ActivityEntry) => <HowMadeInline made={e.made} first />, title: (e: ActivityEntry) => howMadeText(e.made) }]
        : []),
      {
        id: 'fields',
        label: 'Changes',
        width: recordsHowMade ? 180 : 190,
        grow: true,
        render: (e) => <ActivityChanges entry={e} />,
        title: (e) => (e.narrative.length ? e.narrative.join('\n') : changedFieldsText(e)),
      },
    ];
  }, [timeZone, me, recordsHowMade]);

  const changeFilter = (next: ActivityViewFilter) => {
    onFilterChange(next);
    setSelected(0);
  };

  return (
    <div className="activity-view">
      <div className="content-header activity-header">
        <H2 className={`${Classes.HEADING} activity-heading`}>
          <Icon icon="pulse" size={18} /> Activity
        </H2>
        <span className="activity-count" data-testid="activity-count" data-state={list.loading ? 'counting' : isEstimate ? 'estimated' : 'counted'}>
          {exactHere && exactHere.count === null
            ? 'Counting exactly…'
            : countLine(list.loading, shownTotal, list.items.length, list.hasMore, isActivityFiltered(filter), isEstimate)}
        </span>
        {canCount && (
          <Button minimal small icon="numerical" text="Count exactly" data-testid="activity-count-exactly" onClick={countExactly} />
        )}
        <div className="activity-toolbar">
          {owner && selectedEntry && (
            <Button
              minimal
              small
              icon="diagram-tree"
              text={`In ${owner.table} ${owner.id}’s story`}
              data-testid="activity-open-story"
              title={`Open ${owner.table} ${owner.id} with its related records, on this ${selectedEntry.table} change`}
              onClick={() => onOpen(owner.table, owner.id, selectedEntry.logId, { story: { entryTable: selectedEntry.table } })}
            />
          )}
          <SaveViewButton view={activitySpec(filter, timeZone)} />
          {/* Export what is shown (hidden for plain users by ExportButton itself). */}
          <ExportButton source={{ kind: 'activity', filter: toActivityFilter(filter, timeZone) }} />
          <Tag minimal icon="sort-desc">
            Newest first
          </Tag>
        </div>
      </div>
      <ActivityFilterBar filter={filter} onChange={changeFilter} tables={tables} people={people} />
      <ListStates
        list={list}
        what="the activity"
        empty={
          list.hasMore ? (
            <LoadingState what="older entries for a match" />
          ) : (
          <EmptyState
            icon="filter-remove"
            title="No changes match"
            description={isActivityFiltered(filter) ? 'No change in the logs matches these filters. Reset them to see all activity.' : 'The logs hold no entries.'}
          />
          )
        }
      >
        <DataGrid<ActivityEntry>
          label="Activity, newest first"
          columns={columns}
          list={list}
          rowKey={activityKey}
          selected={selectedIndex}
          onSelect={setSelected}
          onOpen={(e) => onOpen(e.table, e.recordId, e.logId)}
        />
      </ListStates>
    </div>
  );
}

/**
 * "1,204 changes match", "about 5.9 million changes" (an estimate); without a total (a field
 * filter, or a filtered read the engine cannot estimate), what is read so far.
 */
function countLine(loading: boolean, total: number | null, read: number, more: boolean, filtered: boolean, estimate: boolean): string {
  if (loading) return 'Counting…';
  if (total !== null && estimate) return `about ${roundedCount(total)} changes${filtered ? ' match' : ''}`;
  if (total !== null) return `${countText(total)} ${total === 1 ? 'change' : 'changes'}${filtered ? ' match' : ''}`;
  return `${countText(read)}${more ? '+' : ''} ${read === 1 && !more ? 'change' : 'changes'} found`;
}

/** An estimate as people say it: "5.9 million", "48 thousand", "950". */
function roundedCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} million`;
  if (n >= 1e4) return `${Math.round(n / 1e3)} thousand`;
  return countText(n >= 1000 ? Math.round(n / 100) * 100 : n);
}
