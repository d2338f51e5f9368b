/**
 * The entries written by the same save as one entry (same person, same time, across tables): so an
 * `Unchanged` parent entry leads to the child changes that caused it, and a child back to its parent.
 */
import { Button, Classes, Icon, Spinner } from '@blueprintjs/core';
import type { HistoryEntry, LoggedTable } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { changedFieldsText } from '../activity/activity-filter';
import { useOpenRecord } from '../app/open-record-context';
import { useCall } from '../common/use-call';
import { ChangeCueTag } from './ChangeCueTag';
import { HowMadeInline } from './HowMade';

export function ChangeSet({ table, entry }: { table: LoggedTable; entry: HistoryEntry }) {
  const api = useApi();
  const openRecord = useOpenRecord();
  const changeSet = useCall(JSON.stringify([table.name, entry.logId]), (signal) => api.getChangeSet({ table: table.name, logId: entry.logId }, { signal }));
  const failed = changeSet.error !== null;
  const others = changeSet.value?.entries.filter((e) => !(e.table === table.name && String(e.logId) === String(entry.logId))) ?? null;

  if (failed) return null;
  if (!others) {
    return (
      <div className={`change-set loading ${Classes.TEXT_MUTED}`}>
        <Spinner size={12} /> Looking for changes saved together…
      </div>
    );
  }
  if (others.length === 0) return null;
  return (
    <div className="change-set" data-testid="change-set">
      <div className="change-set-title">
        <Icon icon="link" size={12} /> Saved together with:
      </div>
      <ul>
        {others.map((o) => (
          <li key={`${o.table}:${String(o.logId)}`} data-table={o.table} data-log-id={String(o.logId)}>
            <ChangeCueTag entry={o} />
            <Button
              minimal
              small
              className="change-set-link"
              text={`${o.table} ${String(o.recordId)}${o.title ? ` (${o.title})` : ''}`}
              title={openRecord ? 'Open this record on this entry' : undefined}
              disabled={!openRecord}
              onClick={() => openRecord?.(o.table, o.recordId, o.logId)}
            />
            <span className="change-set-what">— {changedFieldsText(o)}</span>
            <HowMadeInline made={o.made} />
          </li>
        ))}
      </ul>
    </div>
  );
}
