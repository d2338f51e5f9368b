/**
 * The main window: the logged tables on the left, the selected table's records (or its deleted
 * records) in the centre, and a record's properties window over them when one is opened. The
 * database button in the navbar opens Connections, to switch to another database.
 */
import { Alignment, Button, Callout, Classes, Icon, type IconName, Menu, MenuItem, Navbar, NavbarDivider, NavbarGroup, NavbarHeading, Tab, Tabs, Tag, Tooltip } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { LoggedTable, RecordId, ReviewFinding, TableRelation } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { NO_ACTIVITY_FILTER, type ActivityViewFilter } from '../activity/activity-filter';
import { ActivityView } from '../activity/ActivityView';
import { useApi, useFirstCall, useMe, useSource } from '../api/api-context';
import { lazyDialog, lazyPart } from '../common/lazy-view';
import { NO_INSIGHTS_FILTER, type InsightsViewFilter } from '../insights/insights-filter';
import { EmptyState, ErrorState, LoadingState } from '../common/states';
import { useCall } from '../common/use-call';
import { NO_FILTER } from '../audit/log-filter';
import { PropertiesDialog } from '../properties/PropertiesDialog';
import { DeletedRecordsList } from '../records/DeletedRecordsList';
import { RecordsList } from '../records/RecordsList';
import { ReviewView } from '../review/ReviewView';
import { SavedViewList } from '../saved-views/SavedViewList';
import { SavedViewsProvider } from '../saved-views/saved-views-context';
import { relatedPreferred, useDarkTheme, useTimeZonePreference } from './preferences';
import { fitAddress, formatAddress, hasDates, type Address, type MainView, type RecordAddress } from './address';
import { OpenRecordContext, type OpenRecord } from './open-record-context';
import { TableList } from './TableList';
import { TimeZonePicker } from './TimeZonePicker';
import { TimeZoneContext } from './time-zone-context';
import { useAddress, type MoveOptions } from './use-address';

const NO_RELATIONS: readonly TableRelation[] = [];

/** The sidebar's admin views, in order, each opened unfiltered. */
const ADMIN_VIEWS: ReadonlyArray<{ start: MainView; icon: IconName; text: string; title: string }> = [
  { start: { kind: 'activity', filter: NO_ACTIVITY_FILTER }, icon: 'pulse', text: 'Activity', title: 'Every change across all logged tables, newest first' },
  { start: { kind: 'review', from: null, to: null }, icon: 'search-template', text: 'Review', title: 'What deserves a look: bulk changes, mass deletions, off-hours work, …' },
  { start: { kind: 'insights', filter: NO_INSIGHTS_FILTER }, icon: 'timeline-bar-chart', text: 'Insights', title: 'Charts: changes over time, the most active people, hour × weekday' },
  { start: { kind: 'health' }, icon: 'dashboard', text: 'Log health', title: "Each log's rows, age, growth, size, rows past retention and missing indexes" },
];

// Rarely opened: a chunk of its own, fetched when first opened (see common/lazy-view.tsx).
const LogHealthView = lazyPart('log health', () => import('../health/LogHealthView').then((m) => m.LogHealthView));
const ConnectionsDialog = lazyDialog('Connections', () => import('../connections/ConnectionsDialog').then((m) => m.ConnectionsDialog));
// Insights and its charting library: a chunk of their own, loaded when Insights is first opened.
const InsightsView = lazyPart('Insights', () => import('../insights/InsightsView').then((m) => m.InsightsView));

/**
 * Below the navbar: the logged tables on the left, and the selected table's records (or deleted
 * records, or the activity across tables) in the centre; or why there is nothing to show.
 */
function Workspace({
  tables,
  relations,
  error,
  onRetry,
  onConnections,
  onOpen,
  view,
  onView,
}: {
  /** Null until they are read. */
  tables: LoggedTable[] | null;
  /** Which tables' records belong to which (Activity opens a child's entry in its parent's story). */
  relations: readonly TableRelation[];
  error: Error | null;
  onRetry(): void;
  onConnections(): void;
  onOpen: OpenRecord;
  /** What the address says to show (fitted to the tables once they are known). */
  view: MainView;
  /** Shows another view; `zone`: the zone its days and hours are meant in (else the address's). */
  onView(view: MainView, zone?: string): void;
}) {
  const me = useMe();
  // Until who the user is is known, admin views stay hidden (the data layer refuses them anyway).
  const isAdmin = me !== null && me.role !== 'user';

  const table = (view.kind === 'table' && tables?.find((t) => t.name === view.table)) || null;
  const open = useCallback((id: RecordId) => table && onOpen(table.name, id), [table, onOpen]);
  // A table whose base table is gone has only deleted records.
  const shownView = table && !table.baseExists ? 'deleted' : isAdmin && view.kind === 'table' ? view.tab : 'records';
  /** The admin view shown (admins only), null for a table's. */
  const adminView = (isAdmin && ADMIN_VIEWS.find((v) => v.start.kind === view.kind)) || null;
  const openFinding = useCallback(
    (f: ReviewFinding) =>
      onView({
        kind: 'activity',
        filter: {
          ...NO_ACTIVITY_FILTER,
          between: { from: f.from, to: f.to },
          by: f.by === null ? { kind: 'all' } : { kind: 'person', personId: f.by },
          tables: f.tables,
          cues: f.cues,
          field: f.fields.length === 1 ? f.fields[0]! : null,
        },
      }),
    [onView],
  );
  const activityFilter = view.kind === 'activity' ? view.filter : NO_ACTIVITY_FILTER;
  const changeActivityFilter = useCallback((filter: ActivityViewFilter) => onView({ kind: 'activity', filter }), [onView]);
  const changeInsightsFilter = useCallback((filter: InsightsViewFilter, zone: string) => onView({ kind: 'insights', filter }, zone), [onView]);
  const openActivity = useCallback((filter: ActivityViewFilter, zone: string) => onView({ kind: 'activity', filter }, zone), [onView]);

  return (
    <>
    {error ? (
      <main className="app-main single">
        <ErrorState
          error={error}
          onRetry={onRetry}
          title={error instanceof AuditError && error.code === 'cannot-open' ? 'No database is open' : undefined}
          actions={<Button icon="database" text="Connections…" onClick={onConnections} />}
        />
      </main>
    ) : !tables ? (
      <main className="app-main single">
        <LoadingState what="the logged tables" />
      </main>
    ) : tables.length === 0 ? (
      <main className="app-main single">
        <EmptyState icon="th-disconnect" title="No logged tables" description="This database has no audit log tables to read." />
      </main>
    ) : (
      <main className="app-main">
        <aside className="app-sidebar">
          {isAdmin && (
            <Menu className="activity-menu" aria-label="Views">
              {ADMIN_VIEWS.map((v) => (
                <MenuItem
                  key={v.start.kind}
                  icon={v.icon}
                  text={v.text}
                  data-view={v.start.kind}
                  active={adminView === v}
                  onClick={() => adminView !== v && onView(v.start)}
                  title={v.title}
                />
              ))}
            </Menu>
          )}
          <SavedViewList />
          <TableList
            tables={tables}
            selected={adminView ? null : (table?.name ?? null)}
            onSelect={(name) => {
              const chosen = tables.find((t) => t.name === name);
              if (chosen && (chosen.name !== table?.name || adminView)) onView({ kind: 'table', table: chosen.name, tab: chosen.baseExists ? 'records' : 'deleted' });
            }}
          />
        </aside>
        <section className="app-content" aria-label={adminView?.text ?? (table ? `${table.name}` : 'Records')}>
          {adminView && view.kind === 'review' ? (
            <ReviewView tables={tables} from={view.from} to={view.to} onPeriod={(from, to) => onView({ kind: 'review', from, to })} onOpenFinding={openFinding} />
          ) : adminView && view.kind === 'health' ? (
            <LogHealthView />
          ) : adminView && view.kind === 'insights' ? (
            <InsightsView tables={tables} filter={view.filter} onFilterChange={changeInsightsFilter} onOpenActivity={openActivity} />
          ) : adminView && view.kind === 'activity' ? (
            <ActivityView tables={tables} relations={relations} filter={activityFilter} onFilterChange={changeActivityFilter} onOpen={onOpen} />
          ) : table && (
            <>
              <div className="content-header">
                <h2 className={Classes.HEADING}>{table.name}</h2>
                <Tabs id="view" selectedTabId={shownView} onChange={(v) => onView({ kind: 'table', table: table.name, tab: v === 'deleted' ? 'deleted' : 'records' })} className="view-tabs">
                  <Tab id="records" title="Records" icon="th" disabled={!table.baseExists} />
                  {isAdmin && <Tab id="deleted" title="Deleted records" icon="trash" />}
                </Tabs>
              </div>
              {shownView === 'records' ? (
                <RecordsList key={table.name} table={table} onOpen={open} />
              ) : !isAdmin ? (
                <EmptyState icon="lock" title="Only its log remains" description={`${table.name} is gone from the database; reading deleted records is for admins.`} />
              ) : (
                <DeletedRecordsList key={table.name} table={table} onOpen={open} />
              )}
            </>
          )}
        </section>
      </main>
    )}
    </>
  );
}

/** The navbar: the app's name, the database being read (click: Connections), who "Mine" is, the time zone and the theme. */
function AppNavbar({ onConnections, timeZone, setTimeZone }: { onConnections(): void; timeZone: string; setTimeZone(zone: string): void }) {
  const me = useMe();
  const source = useSource();
  const [dark, toggleDark] = useDarkTheme();
  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, dark);
  }, [dark]);
  useEffect(() => {
    document.title = source ? `${source.name} — Audit Trail Browser` : 'Audit Trail Browser';
  }, [source]);
  return (
    <Navbar className="app-navbar">
      <NavbarGroup align={Alignment.START}>
        <NavbarHeading className="app-title">
          <span className="app-logo" aria-hidden>
            <Icon icon="history" />
          </span>
          Audit Trail Browser
        </NavbarHeading>
        <NavbarDivider />
        <Tooltip content={source ? `${source.location} — click to switch databases` : 'Choose a database'} compact>
          <Button
            variant="minimal"
            icon="database"
            endIcon="caret-down"
            className="source-button"
            text={source?.name ?? 'Choose a database'}
            aria-label={`Connections (reading ${source?.name ?? 'no database'})`}
            onClick={onConnections}
          />
        </Tooltip>
        <Tag minimal icon="lock" className="read-only-tag">
          Read only
        </Tag>
      </NavbarGroup>
      <NavbarGroup align={Alignment.END}>
        <Tooltip content={me?.person ? `"Mine" means ${me.person.name ?? `person ${String(me.person.id)}`}` : `${me?.osLogin ?? 'You'} map to no person, so "Mine" is unavailable`} compact>
          <Tag minimal icon="person" className="me-tag">
            {me?.person?.name ?? me?.osLogin ?? '…'}
          </Tag>
        </Tooltip>
        <NavbarDivider />
        <TimeZonePicker value={timeZone} onChange={setTimeZone} />
        <Tooltip content={dark ? 'Light theme' : 'Dark theme'} compact>
          <Button minimal icon={dark ? 'flash' : 'moon'} aria-label="Toggle dark theme" onClick={toggleDark} />
        </Tooltip>
      </NavbarGroup>
    </Navbar>
  );
}

export function App() {
  const [timeZone, setTimeZone] = useTimeZonePreference();
  const { address, problems, navigate, dismissProblems } = useAddress();
  const [connectionsOpen, setConnectionsOpen] = useState(false);
  const api = useApi();
  const me = useMe();
  const firstTables = useFirstCall('tables');
  const listed = useCall('tables', (signal) => firstTables?.take(signal) ?? api.listTables({}, { signal }));
  const tables = listed.value?.tables ?? null;
  const relations = listed.value?.relations;
  /** Whether a table's records have related records (the properties window then offers its switch). */
  const hasRelated = useCallback((name: string) => (relations ?? []).some((r) => r.parent === name), [relations]);
  const openConnections = useCallback(() => setConnectionsOpen(true), []);
  const isAdmin = me === null ? null : me.role !== 'user';

  // The address's dates are days in its zone: opening it shows them in that zone.
  useEffect(() => {
    if (address.zone !== null) setTimeZone(address.zone);
  }, [address.zone, setTimeZone]);
  /** Moves to another address, its dates (if any) meant in the zone shown. */
  const go = useCallback(
    (next: Address, options?: MoveOptions) => navigate({ ...next, zone: hasDates(next) ? (next.zone ?? timeZone) : null }, options),
    [navigate, timeZone],
  );
  const chooseZone = useCallback(
    (zone: string) => {
      setTimeZone(zone);
      if (address.zone !== null) navigate({ ...address, zone }, { replace: true });
    },
    [setTimeZone, address, navigate],
  );

  // A stale or foreign address (a table this database does not log, an admin view for a user)
  // gives way to the nearest sensible view, once the tables are known, and says so.
  useEffect(() => {
    if (!tables) return;
    const fitted = fitAddress(address, tables, isAdmin);
    if (fitted.problems.length > 0 || formatAddress(fitted.address) !== formatAddress(address)) navigate(fitted.address, { replace: true, problems: fitted.problems });
  }, [tables, isAdmin, address, navigate]);

  const openRecord = useCallback<OpenRecord>(
    (name, id, logId, options) => {
      // Opened on an entry: on its log, with the related records where the user chose them for the
      // table, or as a story (a parent opened on its child's entry) always with them.
      const record: RecordAddress = {
        table: name,
        id: String(id),
        log: logId !== undefined,
        entry: logId === undefined ? null : String(logId),
        entryTable: options?.story?.entryTable ?? null,
        related: options?.story !== undefined || (logId !== undefined && hasRelated(name) && relatedPreferred(name)),
        filter: NO_FILTER,
      };
      go({ ...address, record });
    },
    [go, address, hasRelated],
  );
  const changeView = useCallback((view: MainView, zone?: string) => go({ ...address, view, record: null, zone: zone ?? address.zone }), [go, address]);
  const changeRecord = useCallback((record: RecordAddress, options?: MoveOptions) => go({ ...address, record }, options), [go, address]);
  const closeRecord = useCallback(() => go({ ...address, record: null }), [go, address]);
  const opened = address.record;
  const openedTable = opened && tables?.find((t) => t.name === opened.table);

  return (
    <TimeZoneContext.Provider value={timeZone}>
      <OpenRecordContext.Provider value={openRecord}>
      <SavedViewsProvider here={formatAddress(address)}>
      <div className="app">
        <AppNavbar onConnections={openConnections} timeZone={timeZone} setTimeZone={chooseZone} />
        {problems.length > 0 && (
          <Callout intent="warning" icon="warning-sign" className="address-notice" data-testid="address-notice">
            <div className="address-notice-text">
              {problems.map((p) => (
                <p key={p}>{p}</p>
              ))}
            </div>
            <Button minimal small icon="cross" aria-label="Dismiss" onClick={dismissProblems} />
          </Callout>
        )}
        <Workspace
          tables={tables}
          relations={relations ?? NO_RELATIONS}
          error={listed.error}
          onRetry={listed.reload}
          onConnections={openConnections}
          onOpen={openRecord}
          view={address.view}
          onView={changeView}
        />
        {opened && openedTable && (
          <PropertiesDialog
            key={`${opened.table}:${opened.id}`}
            table={openedTable}
            tables={tables ?? []}
            hasRelated={hasRelated(openedTable.name)}
            address={opened}
            onAddress={changeRecord}
            onClose={closeRecord}
          />
        )}
        {connectionsOpen && <ConnectionsDialog onClose={() => setConnectionsOpen(false)} />}
      </div>
      </SavedViewsProvider>
      </OpenRecordContext.Provider>
    </TimeZoneContext.Provider>
  );
}
