/**
 * The main window: the logged tables on the left, the selected table's records (or its deleted
 * records) in the centre, and a record's properties window over them when one is opened. The
 * database button in the navbar opens Connections, to switch to another database.
 */
import { Alignment, Button, Classes, Icon, Menu, MenuItem, Navbar, NavbarDivider, NavbarGroup, NavbarHeading, Tab, Tabs, Tag, Tooltip } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LoggedTable, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { ActivityView } from '../activity/ActivityView';
import { useApi, useMe, useSource } from '../api/api-context';
import { lazyDialog } from '../common/lazy-view';
import { EmptyState, ErrorState, LoadingState } from '../common/states';
import { useCall } from '../common/use-call';
import { PropertiesDialog } from '../properties/PropertiesDialog';
import { DeletedRecordsList } from '../records/DeletedRecordsList';
import { RecordsList } from '../records/RecordsList';
import { useDarkTheme, useTimeZonePreference } from './preferences';
import { OpenRecordContext, useOpenRecord, type OpenRecord } from './open-record-context';
import { TableList } from './TableList';
import { TimeZonePicker } from './TimeZonePicker';
import { TimeZoneContext } from './time-zone-context';

// Rarely opened: a chunk of its own, fetched when first opened (see common/lazy-view.tsx).
const ConnectionsDialog = lazyDialog('Connections', () => import('../connections/ConnectionsDialog').then((m) => m.ConnectionsDialog));

type View = 'records' | 'deleted';

/**
 * Below the navbar: the logged tables on the left, and the selected table's records (or deleted
 * records, or the activity across tables) in the centre; or why there is nothing to show.
 */
function Workspace({
  tables,
  error,
  onRetry,
  onConnections,
  onOpen,
}: {
  /** Null until they are read. */
  tables: LoggedTable[] | null;
  error: Error | null;
  onRetry(): void;
  onConnections(): void;
  onOpen(table: LoggedTable, id: RecordId): void;
}) {
  const me = useMe();
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState<View>('records');
  /** Activity across all tables instead of one table's records (admins). */
  const [activity, setActivity] = useState(false);
  // Until who the user is is known, admin views stay hidden (the data layer refuses them anyway).
  const isAdmin = me !== null && me.role !== 'user';
  const openRecord = useOpenRecord();

  // The first table whose records exist is selected once the tables are known.
  useEffect(() => {
    if (tables) setSelected((s) => s ?? tables.find((t) => t.baseExists)?.name ?? tables[0]?.name ?? null);
  }, [tables]);

  const table = tables?.find((t) => t.name === selected) ?? null;
  const open = useCallback((id: RecordId) => table && onOpen(table, id), [table, onOpen]);
  const openFromActivity = useMemo(() => (name: string, id: RecordId) => openRecord?.(name, id), [openRecord]);
  // A table whose base table is gone has only deleted records.
  const shownView: View = table && !table.baseExists ? 'deleted' : isAdmin ? view : 'records';
  const showActivity = activity && isAdmin;

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
              <MenuItem
                icon="pulse"
                text="Activity"
                data-view="activity"
                active={showActivity}
                onClick={() => setActivity(true)}
                title="Every change across all logged tables, newest first"
              />
            </Menu>
          )}
          <TableList
            tables={tables}
            selected={showActivity ? null : selected}
            onSelect={(name) => {
              setSelected(name);
              setActivity(false);
            }}
          />
        </aside>
        <section className="app-content" aria-label={showActivity ? 'Activity' : table ? `${table.name}` : 'Records'}>
          {showActivity ? (
            <ActivityView tables={tables} onOpen={openFromActivity} />
          ) : table && (
            <>
              <div className="content-header">
                <h2 className={Classes.HEADING}>{table.name}</h2>
                <Tabs id="view" selectedTabId={shownView} onChange={(v) => setView(v as View)} className="view-tabs">
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
  const [opened, setOpened] = useState<{ table: LoggedTable; id: RecordId; logId?: RecordId } | null>(null);
  const [connectionsOpen, setConnectionsOpen] = useState(false);
  const api = useApi();
  const listed = useCall('tables', (signal) => api.listTables({}, { signal }));
  const tables = listed.value?.tables ?? null;
  const openConnections = useCallback(() => setConnectionsOpen(true), []);
  const openTable = useCallback((table: LoggedTable, id: RecordId) => setOpened({ table, id }), []);
  const openRecord = useCallback<OpenRecord>(
    (name, id, logId) => {
      const t = tables?.find((x) => x.name === name);
      if (t) setOpened({ table: t, id, logId });
    },
    [tables],
  );

  return (
    <TimeZoneContext.Provider value={timeZone}>
      <OpenRecordContext.Provider value={openRecord}>
      <div className="app">
        <AppNavbar onConnections={openConnections} timeZone={timeZone} setTimeZone={setTimeZone} />
        <Workspace tables={tables} error={listed.error} onRetry={listed.reload} onConnections={openConnections} onOpen={openTable} />
        {opened && (
          <PropertiesDialog
            key={`${opened.table.name}:${String(opened.id)}:${String(opened.logId ?? '')}`}
            table={opened.table}
            id={opened.id}
            focusLogId={opened.logId}
            onClose={() => setOpened(null)}
          />
        )}
        {connectionsOpen && <ConnectionsDialog onClose={() => setConnectionsOpen(false)} />}
      </div>
      </OpenRecordContext.Provider>
    </TimeZoneContext.Provider>
  );
}
