/**
 * A field's history, from the field itself: a small button beside its label that opens the
 * timeline of the values it held (who set what, when), newest first, read page by page. Where the
 * log first recorded a value with nothing known before it, the row says so and names the entry as
 * its person's, without crediting them with setting the value.
 */
import { Button, Classes, Icon, Popover, Spinner, Tooltip } from '@blueprintjs/core';
import { useCallback } from 'react';
import { isOldKnown } from '../../shared/diff';
import type { FieldHistoryEntry, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useOpenRecord } from '../app/open-record-context';
import { useTimeZone } from '../app/time-zone-context';
import { ChangeCueTag } from '../audit/ChangeCueTag';
import { EmptyState, ListStates } from '../common/states';
import { CutValueActions } from '../common/CutValue';
import { usePagedList } from '../common/use-paged-list';
import { formatTime, formatTimeLong } from '../format/time';
import { whoseEntryText, whoText } from '../format/people';
import { fieldLabel, fieldText } from '../format/values';

const PAGE_SIZE = 25;

export interface FieldHistorySource {
  table: string;
  id: RecordId;
}

export function FieldHistoryButton({ source, field }: { source: FieldHistorySource; field: string }) {
  return (
    <Popover
      content={<FieldHistoryPanel source={source} field={field} />}
      placement="right-start"
      popoverClassName="field-history-popover"
      lazy
    >
      <Tooltip content={`History of ${fieldLabel(field)}`} compact hoverOpenDelay={500}>
        <Button
          minimal
          small
          icon={<Icon icon="time" size={12} />}
          className="field-history-button"
          aria-label={`History of ${fieldLabel(field)}`}
          data-field-history={field}
        />
      </Tooltip>
    </Popover>
  );
}

function FieldHistoryPanel({ source, field }: { source: FieldHistorySource; field: string }) {
  const api = useApi();
  const timeZone = useTimeZone();
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal: AbortSignal) => {
      const page = await api.getFieldHistory({ table: source.table, id: source.id, field, limit: PAGE_SIZE, cursor }, { signal });
      return { items: page.entries, nextCursor: page.nextCursor };
    },
    [api, source.table, source.id, field],
  );
  const list = usePagedList(JSON.stringify([source.table, source.id, field]), fetchPage);
  return (
    <div className="field-history" data-testid="field-history" aria-label={`History of ${fieldLabel(field)}`}>
      <div className="field-history-title">
        <Icon icon="time" /> {fieldLabel(field)} over time
        <span className={Classes.TEXT_MUTED}> · newest first</span>
      </div>
      <ListStates
        list={list}
        what="the field's history"
        empty={<EmptyState icon="history" title="Never changed" description="No log entry of this record changed this field." />}
      >
        <ol className="field-history-list">
          {list.items.map((e) => (
            <FieldHistoryRow key={String(e.logId)} entry={e} timeZone={timeZone} source={source} field={field} />
          ))}
        </ol>
        {list.hasMore && (
          <div className="field-history-more">
            {list.loadingMore ? <Spinner size={16} /> : <Button small minimal icon="more" text="Older values" onClick={list.loadMore} />}
          </div>
        )}
      </ListStates>
    </div>
  );
}

function FieldHistoryRow({ entry, timeZone, source, field }: { entry: FieldHistoryEntry; timeZone: string; source: FieldHistorySource; field: string }) {
  const whole = (of: 'old' | 'new') => ({ table: source.table, id: source.id, field, logId: entry.logId, of });
  const openRecord = useOpenRecord();
  const hidden = entry.redacted === 'hidden';
  const firstRecorded = !isOldKnown(entry);
  return (
    <li className={`field-history-entry${firstRecorded ? ' first-recorded' : ''}`} data-log-id={String(entry.logId)}>
      <div className="field-history-line">
        {/* The time opens the record's log on this entry (Back returns here). */}
        <button
          type="button"
          className={`field-history-open ${Classes.POPOVER_DISMISS}`}
          title={`${formatTimeLong(entry.byTime, timeZone, entry.storedTime)} — show this entry in the log`}
          disabled={!openRecord}
          onClick={() => openRecord?.(source.table, source.id, entry.logId)}
        >
          <time dateTime={entry.byTime ?? undefined}>{formatTime(entry.byTime, timeZone, false, entry.storedTime)}</time>
        </button>
        {firstRecorded ? (
          <span className="field-history-by" title="The log holds no earlier value: who set this one is not known">
            <Icon icon="history" size={12} /> First recorded in {whoseEntryText(entry)}
          </span>
        ) : (
          <span className="field-history-by">
            <Icon icon="person" size={12} /> {whoText(entry, true)}
          </span>
        )}
        <ChangeCueTag entry={{ changeCue: entry.changeCue, changeCueText: null }} />
      </div>
      {hidden ? (
        <div className={Classes.TEXT_MUTED}>
          <Icon icon="lock" size={12} /> Value not shown
        </div>
      ) : (
        <div className="field-history-values">
          {firstRecorded ? (
            // Unknown is not empty: nothing says what the field held before.
            <span className="old unknown">earlier value unknown</span>
          ) : (
            <>
              <span className="old">{fieldText(entry.old) || '(empty)'}</span>
              <CutValueActions value={entry.old} request={whole('old')} />
            </>
          )}
          <Icon icon="arrow-right" size={12} />
          <span className="new">{fieldText(entry.new) || '(empty)'}</span>
          <CutValueActions value={entry.new} request={whole('new')} />
        </div>
      )}
    </li>
  );
}
