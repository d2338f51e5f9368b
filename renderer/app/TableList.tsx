/**
 * The logged tables, found by introspection, with their record counts: the main window's left side.
 * One Tab stop for the whole list (arrows move between tables; common/roving-focus.ts).
 */
import { Classes, Icon, Menu, MenuDivider, MenuItem, Tooltip } from '@blueprintjs/core';
import type { LoggedTable } from '../../shared/domain';
import { useRovingFocus } from '../common/roving-focus';
import { countText as count } from '../format/values';


export function TableList({
  tables,
  selected,
  onSelect,
}: {
  tables: LoggedTable[];
  selected: string | null;
  onSelect: (name: string) => void;
}) {
  const roving = useRovingFocus<HTMLUListElement>('.bp6-menu-item');
  return (
    <Menu className="table-list" aria-label="Logged tables" ulRef={roving.ref} onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
      <MenuDivider title="Logged tables" />
      {tables.map((t) => (
        <MenuItem
          key={t.name}
          data-table={t.name}
          active={t.name === selected}
          icon={t.baseExists ? 'th' : 'th-disconnect'}
          onClick={() => onSelect(t.name)}
          text={
            <Tooltip
              content={`${count(t.logRowCount)} log entries in ${t.logTable}${t.baseExists ? '' : '; the table itself is gone'}${
                t.missingIndex ? `; no index on ${t.parentKey}, so reading a record's log is slow` : ''
              }`}
              placement="right"
              hoverOpenDelay={600}
              compact
            >
              <span>
                {t.name}
                {t.missingIndex && <Icon icon="time" intent="warning" size={12} className="missing-index-icon" aria-label="No history index" />}
              </span>
            </Tooltip>
          }
          labelElement={
            t.recordCount === null ? (
              <Icon icon="trash" className={Classes.TEXT_MUTED} title="Table removed: only its log remains" />
            ) : (
              <span className="count">{count(t.recordCount)}</span>
            )
          }
        />
      ))}
    </Menu>
  );
}
