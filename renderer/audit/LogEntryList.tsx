/**
 * The record's log, newest first: one row per entry with its time, who, the change cue and a one
 * line summary. Virtualised, read page by page as the user scrolls, moved through with the keys.
 * With the record's related records (`ownTable` given), each row also names its entity
 * ("Contact · Jane Smith"), and Enter or a double-click opens a related record's entry.
 */
import { Icon, Spinner, Tag } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { summarize } from '../../shared/narrative';
import { useTimeZone } from '../app/time-zone-context';
import { useListEnd } from '../common/list-end';
import { selectionAfterKey } from '../common/list-keys';
import { whoText } from '../format/people';
import { formatTime, formatTimeLong } from '../format/time';
import { ChangeCueTag } from './ChangeCueTag';
import { HowMadeInline } from './HowMade';
import { entityText, entryKey, familyNarrative, isRelated, tableOf, type LogEntry } from './family-entries';

const ROW_HEIGHT = 72;

export function LogEntryList({
  entries,
  selected,
  onSelect,
  hasMore,
  loadingMore,
  onLoadMore,
  autoFocus,
  compared,
  onCompare,
  ownTable,
  onOpen,
}: {
  entries: LogEntry[];
  selected: number;
  onSelect(index: number): void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  autoFocus?: boolean;
  /** The entry being compared with the selected one (marked in the list). */
  compared?: number | null;
  /** Ctrl/Cmd-click: compare this entry with the selected one. */
  onCompare?(index: number): void;
  /** The record's table, when the list holds its related records' entries too (the Entity column shows). */
  ownTable?: string;
  /** Enter or a double-click on an entry (opens a related record's entry on its own record). */
  onOpen?(index: number): void;
}) {
  const timeZone = useTimeZone();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= entries.length - 3) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, entries.length, onLoadMore]);

  useEffect(() => {
    if (selected >= 0) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtualizer]);

  useEffect(() => {
    // Not while a filter is being chosen: the list is mounted again when the filter changes, and
    // the focus stays in the control the user is in (Esc there closes its list, not the window).
    if (autoFocus && !document.activeElement?.closest('.expander-bar')) scroller.current?.focus();
  }, [autoFocus]);

  // End is the oldest entry of the whole log, reading the remaining pages (common/list-end.ts).
  const end = useListEnd({ count: entries.length, hasMore, loadingMore, loadMore: onLoadMore, onSelect });
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    end.cancel();
    if (e.key === 'Enter' && onOpen && selected >= 0 && selected < entries.length) {
      e.preventDefault();
      onOpen(selected);
      return;
    }
    if (e.key === 'End' && hasMore) {
      e.preventDefault();
      end.goToEnd();
      return;
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const target = selectionAfterKey(e.key, selected, entries.length, page);
    if (target === undefined) return;
    e.preventDefault();
    onSelect(target);
  }

  const active = entries[selected];
  const rowId = (entry: LogEntry) => (ownTable !== undefined && isRelated(entry, ownTable) ? `log-entry-${encodeURIComponent(entry.table)}-${String(entry.logId)}` : `log-entry-${String(entry.logId)}`);
  return (
    <div
      ref={scroller}
      className="log-entry-list"
      role="listbox"
      aria-label="Audit log entries, newest first"
      aria-activedescendant={active ? rowId(active) : undefined}
      tabIndex={0}
      aria-busy={end.pending || undefined}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const entry = entries[item.index];
          const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
          if (!entry) {
            return (
              <div key="more" className="log-entry more" style={style}>
                <Spinner size={16} /> Loading older entries…
              </div>
            );
          }
          const classes = [
            'log-entry',
            item.index === selected ? 'selected' : '',
            item.index === compared ? 'compared' : '',
            entry.changeCue === 'Unchanged' ? 'unchanged' : '',
            entry.changeCue === 'Deleted' ? 'deleted' : '',
            entry.legacy ? 'legacy' : '',
          ].join(' ');
          const entity = ownTable !== undefined ? entityText(entry, ownTable) : null;
          return (
            <div
              key={ownTable !== undefined ? entryKey(entry, ownTable) : String(entry.logId)}
              id={rowId(entry)}
              role="option"
              aria-selected={item.index === selected}
              data-log-id={String(entry.logId)}
              data-table={ownTable !== undefined ? tableOf(entry, ownTable) : undefined}
              className={classes}
              style={style}
              onClick={(e) => (onCompare && (e.ctrlKey || e.metaKey) && item.index !== selected ? onCompare(item.index) : onSelect(item.index))}
              onDoubleClick={onOpen ? () => onOpen(item.index) : undefined}
            >
              <div className="log-entry-line">
                <time dateTime={entry.byTime ?? undefined} title={formatTimeLong(entry.byTime, timeZone, entry.storedTime)} className="log-entry-time">
                  {formatTime(entry.byTime, timeZone, looksSimultaneous(entries, item.index, timeZone), entry.storedTime)}
                </time>
                <span className="log-entry-tags">
                  {entry.legacy && (
                    <Tag minimal intent="warning" icon="history" round title="A legacy entry: the log kept no values">
                      Legacy
                    </Tag>
                  )}
                  <ChangeCueTag entry={entry} />
                </span>
              </div>
              <div className="log-entry-line">
                <span className="log-entry-by">
                  <Icon icon="person" size={12} /> {whoText(entry, true)}
                </span>
                <HowMadeInline made={entry.made} />
                {entity !== null && (
                  <span className={`log-entry-entity${ownTable !== undefined && isRelated(entry, ownTable) ? ' related' : ''}`} title={entity} data-testid="entry-entity">
                    <Icon icon={ownTable !== undefined && isRelated(entry, ownTable) ? 'diagram-tree' : 'document'} size={12} /> <span className="log-entry-entity-text">{entity}</span>
                  </span>
                )}
              </div>
              <div className="log-entry-summary" title={familyNarrative(entry, ownTable).join('\n')}>
                {summarize(entry)}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * Whether an entry's time, as the list shows it (to the minute), is the same as a neighbour's:
 * then both are shown to the second and its fraction, so the order the log states can be seen.
 */
function looksSimultaneous(entries: readonly LogEntry[], index: number, timeZone: string): boolean {
  const shown = (i: number): string | null => {
    const entry = entries[i];
    return entry && entry.byTime !== null ? formatTime(entry.byTime, timeZone) : null;
  };
  const own = shown(index);
  return own !== null && (shown(index - 1) === own || shown(index + 1) === own);
}
