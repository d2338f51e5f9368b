/**
 * A virtualised, keyboard-driven table for lists that may hold many thousands of rows: only the
 * rows in view are in the DOM, further pages are asked for as the user nears the end, and arrow
 * keys, Page Up/Down, Home/End and Enter work as in a desktop list (End reads on to the last row of
 * the whole list). Sortable headers are buttons to the keyboard too (Tab, Enter or Space). Copying
 * is not opening: Ctrl+C copies the selected row's cells (tab-separated) or the text selected.
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
  /** The cell's full text, for its tooltip when it is cut short (and for copying the row). */
  title?(row: Row): string;
}

export interface GridSort {
  column: string;
  direction: 'asc' | 'desc';
}

const ROW_HEIGHT = 30;

/**
 * A header sorted from the keyboard, to focus again once the grid is back: a new sort reads the
 * list again, and the grid is shown anew when the first page arrives.
 */
let headerToFocus: { grid: string; column: string; at: number } | null = null;

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

  useEffect(() => {
    // On mount only: the grid shown anew after the sort's first page (a stale wish is dropped).
    const wish = headerToFocus;
    if (wish?.grid !== label || performance.now() - wish.at > 10_000) return;
    headerToFocus = null;
    scroller.current?.querySelector<HTMLElement>(`[role="columnheader"][data-column="${CSS.escape(wish.column)}"]`)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const least = columns.reduce((sum, c) => sum + c.width, 0);
  // A growing column fills the grid's width; below the columns' total the grid scrolls sideways.
  const width = columns.some((c) => c.grow) ? `max(100%, ${least}px)` : least;
  const template = columns.map((c) => (c.grow ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // Keys on a header are the header's (Enter sorts); the rows' keys are for the grid itself.
    if ((e.target as HTMLElement).getAttribute('role') === 'columnheader') return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && !window.getSelection()?.toString()) {
      const row = rows[selected];
      if (row !== undefined) {
        e.preventDefault();
        void navigator.clipboard?.writeText(columns.map((c) => c.title?.(row) ?? cellText(e.currentTarget, rowKey(row), c.id)).join('\t'));
      }
      return;
    }
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
              onKeyDown={(e) => {
                if (c.sortable && (e.key === 'Enter' || e.key === ' ')) {
                  e.preventDefault();
                  headerToFocus = { grid: label, column: c.id, at: performance.now() };
                  headerClick(c);
                }
              }}
              tabIndex={c.sortable && onSort ? 0 : undefined}
              data-column={c.id}
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
                <div key={c.id} role="gridcell" data-column={c.id} className={`data-grid-cell${c.align === 'right' ? ' right' : ''}`} title={c.title?.(row)}>
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

/** A cell's text as shown, for copying a row whose column gives no title. */
function cellText(grid: HTMLElement, key: string, column: string): string {
  const row = Array.from(grid.querySelectorAll<HTMLElement>('.data-grid-row')).find((r) => r.dataset.rowKey === key);
  return row?.querySelector<HTMLElement>(`[data-column="${CSS.escape(column)}"]`)?.innerText ?? '';
}
