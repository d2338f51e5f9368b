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
import { PropertiesDialog } from '../properties/PropertiesDialog';
import { DeletedRecordsList } from '../records/DeletedRecordsList';
import { RecordsList } from '../records/RecordsList';
import { useDarkTheme, useTimeZonePreference } from './preferences';
import { OpenRecordContext, type OpenRecord } from './open-record-context';
import { TableList } from './TableList';
import { TimeZonePicker } from './TimeZonePicker';
import { TimeZoneContext } from './time-zone-context';

// Rarely opened: a chunk of its own, fetched when first opened (see common/lazy-view.tsx).
const ConnectionsDialog = lazyDialog('Connections', () => import('../connections/ConnectionsDialog').then((m) => m.ConnectionsDialog));

type View = 'records' | 'deleted';

export function App() {
  const api = useApi();
  const me = useMe();
  const source = useSource();
  const [dark, toggleDark] = useDarkTheme();
  const [timeZone, setTimeZone] = useTimeZonePreference();
  const [tables, setTables] = useState<LoggedTable[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState<View>('records');
  const [opened, setOpened] = useState<{ table: LoggedTable; id: RecordId; logId?: RecordId } | null>(null);
  /** Activity across all tables instead of one table's records (admins). */
  const [activity, setActivity] = useState(false);
  // Until who the user is is known, admin views stay hidden (the data layer refuses them anyway).
  const isAdmin = me !== null && me.role !== 'user';
  const [connectionsOpen, setConnectionsOpen] = useState(false);

  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, dark);
  }, [dark]);

  useEffect(() => {
    let live = true;
    setError(null);
    api.listTables({}).then(
      (r) => {
        if (!live) return;
        setTables(r.tables);
        setSelected((s) => s ?? r.tables.find((t) => t.baseExists)?.name ?? r.tables[0]?.name ?? null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  useEffect(() => {
    document.title = source ? `${source.name} — Audit Trail Browser` : 'Audit Trail Browser';
  }, [source]);

  const table = tables?.find((t) => t.name === selected) ?? null;
  const open = useCallback((id: RecordId) => table && setOpened({ table, id }), [table]);
  const openRecord = useCallback<OpenRecord>(
    (name, id, logId) => {
      const t = tables?.find((x) => x.name === name);
      if (t) setOpened({ table: t, id, logId });
    },
    [tables],
  );
  const openFromActivity = useMemo(() => (name: string, id: RecordId) => openRecord(name, id), [openRecord]);
  // A table whose base table is gone has only deleted records.
  const shownView: View = table && !table.baseExists ? 'deleted' : isAdmin ? view : 'records';
  const showActivity = activity && isAdmin;

  return (
    <TimeZoneContext.Provider value={timeZone}>
      <OpenRecordContext.Provider value={openRecord}>
      <div className="app">
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
                onClick={() => setConnectionsOpen(true)}
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
        {error ? (
          <main className="app-main single">
            <ErrorState
              error={error}
              onRetry={() => setAttempt((n) => n + 1)}
              title={error instanceof AuditError && error.code === 'cannot-open' ? 'No database is open' : undefined}
              actions={<Button icon="database" text="Connections…" onClick={() => setConnectionsOpen(true)} />}
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
