/**
 * A virtualised, keyboard-driven table for lists that may hold many thousands of rows: only the
 * rows in view are in the DOM, further pages are asked for as the user nears the end, and arrow
 * keys, Page Up/Down, Home/End and Enter work as in a desktop list.
 */
import { Icon, Spinner } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { selectionAfterKey } from './list-keys';
import type { PagedList } from './use-paged-list';

export interface GridColumn<Row> {
  id: string;
  label: string;
  width: number;
  /** Takes the room the grid has beyond the columns' widths (`width` is then its least). */
  grow?: boolean;
  /** Whether clicking the header sorts by this column. */
  sortable?: boolean;
  align?: 'left' | 'right';
  render(row: Row): ReactNode;
  /** The cell's full text, for its tooltip when it is cut short. */
  title?(row: Row): string;
}

export interface GridSort {
  column: string;
  direction: 'asc' | 'desc';
}

const ROW_HEIGHT = 30;

export function DataGrid<Row>({
  label,
  columns,
  list,
  rowKey,
  selected,
  onSelect,
  onOpen,
  sort,
  onSort,
}: {
  label: string;
  columns: GridColumn<Row>[];
  /** The rows read so far, and how to read more. */
  list: Pick<PagedList<Row>, 'items' | 'hasMore' | 'loadingMore' | 'loadMore'>;
  rowKey(row: Row): string;
  selected: number;
  onSelect(index: number): void;
  onOpen(row: Row): void;
  sort?: GridSort | null;
  onSort?(sort: GridSort | null): void;
}) {
  const { items: rows, hasMore, loadingMore, loadMore: onLoadMore } = list;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  // Ask for the next page when the "more" row (or a row close to it) comes into view.
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 5) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  useEffect(() => {
    if (selected >= 0) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtualizer]);

  const least = columns.reduce((sum, c) => sum + c.width, 0);
  // A growing column fills the grid's width; below the columns' total the grid scrolls sideways.
  const width = columns.some((c) => c.grow) ? `max(100%, ${least}px)` : least;
  const template = columns.map((c) => (c.grow ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const target = selectionAfterKey(e.key, selected, rows.length, pageRows);
    if (target !== undefined) {
      e.preventDefault();
      onSelect(target);
    } else if (e.key === 'Enter' && rows[selected]) {
      e.preventDefault();
      onOpen(rows[selected]);
    }
  }

  function headerClick(column: GridColumn<Row>) {
    if (!column.sortable || !onSort) return;
    // Ascending, then descending, then back to the table's own order.
    if (sort?.column !== column.id) onSort({ column: column.id, direction: 'asc' });
    else if (sort.direction === 'asc') onSort({ column: column.id, direction: 'desc' });
    else onSort(null);
  }

  return (
    <div
      ref={scroller}
      className="data-grid"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="data-grid-header" role="row" style={{ gridTemplateColumns: template, width }}>
        {columns.map((c) => {
          const sorted = sort?.column === c.id ? sort.direction : null;
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
              className={`data-grid-cell${c.sortable ? ' sortable' : ''}${c.align === 'right' ? ' right' : ''}`}
              onClick={() => headerClick(c)}
              title={c.sortable ? `Sort by ${c.label}` : undefined}
            >
              <span className="label">{c.label}</span>
              {sorted && <Icon icon={sorted === 'asc' ? 'caret-up' : 'caret-down'} size={14} />}
            </div>
          );
        })}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }} role="rowgroup">
        {items.map((item) => {
          const row = rows[item.index];
          const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template, width };
          if (row === undefined) {
            return (
              <div key="more" className="data-grid-row more" style={style} role="row">
                <Spinner size={16} /> <span>Loading more…</span>
              </div>
            );
          }
          return (
            <div
              key={rowKey(row)}
              role="row"
              aria-selected={item.index === selected}
              data-row-key={rowKey(row)}
              className={`data-grid-row${item.index === selected ? ' selected' : ''}`}
              style={style}
              onClick={() => onSelect(item.index)}
              onDoubleClick={() => onOpen(row)}
            >
              {columns.map((c) => (
                <div key={c.id} role="gridcell" className={`data-grid-cell${c.align === 'right' ? ' right' : ''}`} title={c.title?.(row)}>
                  {c.render(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
