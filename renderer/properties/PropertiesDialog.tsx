/**
 * A record's properties window: its fields as a read-only form, and, when the record has a log,
 * the yellow audit icon at the top right that turns the window into the record's audit log.
 * A deleted record opens with its log showing: its last snapshot is all that is left of it.
 * Where the record's table has related records, the log offers them too (off until the user turns
 * them on for the table; then remembered: app/preferences.ts).
 */
import { useReturnFocus } from '../common/return-focus';
import { Button, Classes, Dialog, H4, Icon, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { useCall } from '../common/use-call';
import type { LoggedTable } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import type { RecordAddress } from '../app/address';
import { relatedPreferred, rememberRelated } from '../app/preferences';
import type { MoveOptions } from '../app/use-address';
import { NO_FILTER } from '../audit/log-filter';
import { useApi } from '../api/api-context';
import { AuditLog } from '../audit/AuditLog';
import { useTimeZone } from '../app/time-zone-context';
import { lazyPart } from '../common/lazy-view';
import { ErrorState, LoadingState } from '../common/states';
import { nowIn } from '../format/instant';
import { RestoreSqlButton } from '../records/RestoreSql';
import { AuditIcon } from './AuditIcon';
import { recordValues } from '../common/CutValue';
import { RecordForm } from './RecordForm';

// As of… is loaded, with its date library, when first chosen (see common/lazy-view.tsx).
const AsOfBar = lazyPart('as-of time', () => import('./AsOfView').then((m) => m.AsOfBar));
const AsOfRecord = lazyPart('record as of that time', () => import('./AsOfView').then((m) => m.AsOfRecord));

export function PropertiesDialog({
  table,
  tables,
  hasRelated,
  address,
  onAddress,
  onClose,
}: {
  table: LoggedTable;
  /** Every logged table (a related record's entry is shown with its own table's fields). */
  tables: readonly LoggedTable[];
  /** Whether the table's records have related records (`listTables().relations`). */
  hasRelated: boolean;
  /** Which record, and whether its log shows (with which entry and filter): from the address. */
  address: RecordAddress;
  onAddress(next: RecordAddress, options?: MoveOptions): void;
  onClose(): void;
}) {
  const { id } = address;
  const api = useApi();
  const timeZone = useTimeZone();
  /** The date-and-time the as-of view shows (null: the record as it is now). */
  useReturnFocus();
  const [asOf, setAsOf] = useState<string | null>(null);
  const { value: record, error, reload } = useCall(JSON.stringify([table.name, id]), (signal) =>
    api.getRecord({ table: table.name, id }, { signal }).then((r) => r.record),
  );
  // A deleted record opens on its log: its last snapshot is all that is left of it. A record with
  // no log has no log to show, whatever the address says.
  const hasLog = record !== null && record.logEntryCount > 0;
  const showLog = hasLog && address.log;
  const related = hasRelated && address.related;
  useEffect(() => {
    if (record && !record.exists && record.logEntryCount > 0 && !address.log) onAddress(openedLog(address, table.name, hasRelated), { replace: true });
  }, [record, address, onAddress, table.name, hasRelated]);
  const toggleLog = () =>
    onAddress(address.log ? { ...address, log: false, entry: null, entryTable: null, related: false, filter: NO_FILTER } : openedLog(address, table.name, hasRelated));
  const switchRelated = (on: boolean) => {
    rememberRelated(table.name, on);
    onAddress({ ...address, log: true, related: on, entry: null, entryTable: null, filter: { ...address.filter, tables: [] } });
  };

  const heading = record?.title ?? `${table.name} ${String(id)}`;
  /** What the window shows: the record, or (on its log with them) the record and its related records. */
  const shown = showLog && related ? `${table.name} ${String(id)} and its related records` : `${table.name} ${String(id)}`;
  return (
    <Dialog
      isOpen
      onClose={onClose}
      className={`properties-dialog${showLog ? ' with-log' : ''}${asOf !== null && !showLog ? ' as-of-mode' : ''}`}
      aria-label={showLog && related ? `${heading}: ${shown}` : `Properties of ${heading}`}
      canOutsideClickClose={false}
    >
      <div className={`${Classes.DIALOG_HEADER} properties-header`}>
        <Icon icon={record && !record.exists ? 'trash' : 'document'} size={18} />
        <div className="properties-title">
          <H4 className={Classes.HEADING}>{heading}</H4>
          <span className={`${Classes.TEXT_MUTED} properties-subtitle`} data-testid="properties-subtitle">
            {shown}
          </span>
          {record && !record.exists && (
            <Tag intent="danger" minimal icon="trash">
              Deleted — last logged snapshot
            </Tag>
          )}
          {record && !record.exists && <RestoreSqlButton table={table} id={id} small />}
          <Tag minimal icon="lock">
            Read only
          </Tag>
        </div>
        {record && record.logEntryCount > 0 && !showLog && asOf === null && (
          <Button small minimal icon="calendar" text="As of…" className="as-of-button" onClick={() => setAsOf(nowIn(timeZone))} />
        )}
        {record && record.logEntryCount > 0 && <AuditIcon entries={record.logEntryCount} active={showLog} onClick={toggleLog} />}
        <Button minimal icon="cross" aria-label="Close" onClick={onClose} />
      </div>
      <div className={`${Classes.DIALOG_BODY} properties-body`}>
        {error ? (
          // A stale address (a record deleted without a log, a mistyped id) says so, over the view it came from.
          error instanceof AuditError && error.code === 'not-found' ? (
            <ErrorState error={error} title="No such record" />
          ) : (
            <ErrorState error={error} onRetry={reload} />
          )
        ) : !record ? (
          <LoadingState what="the record" />
        ) : showLog ? (
          <AuditLog
            table={table}
            recordId={id}
            totalEntries={record.logEntryCount}
            filter={address.filter}
            onFilterChange={(filter) => onAddress({ ...address, log: true, filter, entry: null })}
            entry={address.entry}
            entryTable={address.entryTable}
            onEntryChange={(entry, entryTable) => onAddress({ ...address, log: true, entry, entryTable }, { replace: true })}
            related={hasRelated ? related : null}
            onRelatedChange={switchRelated}
            tables={tables}
          />
        ) : asOf !== null ? (
          <div className="properties-form as-of">
            <AsOfBar value={asOf} onChange={setAsOf} onClose={() => setAsOf(null)} />
            <AsOfRecord table={table} id={id} value={asOf} />
          </div>
        ) : (
          <div className="properties-form">
            {record.logEntryCount === 0 && (
              <p className={`${Classes.TEXT_MUTED} no-log-note`}>
                <Icon icon="info-sign" size={12} /> This record has no log entries: it has not changed since logging began.
              </p>
            )}
            <RecordForm table={table} values={record.values} history={record.logEntryCount > 0 ? { table: table.name, id } : undefined} fullValueOf={recordValues(table.name, id)} />
          </div>
        )}
      </div>
    </Dialog>
  );
}

/** The record's log as the user last chose it for the table: with its related records or not. */
function openedLog(address: RecordAddress, table: string, hasRelated: boolean): RecordAddress {
  return { ...address, log: true, related: hasRelated && relatedPreferred(table) };
}
