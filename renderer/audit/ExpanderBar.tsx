/**
 * The expander bar above the log: collapsed it says what is shown ("1,402 entries · all dates ·
 * anyone"); opened it narrows the log by date range and Modified By (All / Mine / Person).
 * Filters apply as soon as they change; Reset puts everything back. With the record's related
 * records, an Entity filter narrows it to some of its family's tables.
 */
import { Button, Collapse, FormGroup, MenuItem, Tag } from '@blueprintjs/core';
import { MultiSelect } from '@blueprintjs/select';
import { format } from 'date-fns';
import type { ReactNode } from 'react';
import type { LoggedTable, PersonInLog, RecordId } from '../../shared/domain';
import { filteredParts, HOW_MADE_LABELS } from '../../shared/how-made';
import { useMe } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { stopEscapeWhileExpanded } from '../common/escape-innermost';
import { HowMadePicker } from '../common/HowMadePicker';
import { ModifiedByControl } from '../common/ModifiedByControl';
import { PerformedByControl } from '../common/PerformedByControl';
import { lazyPart } from '../common/lazy-view';
import { dateOfDay } from '../format/time';
import { countText as count } from '../format/values';
import { zoneWithOffset } from '../format/zone';
import { isFiltered, NO_FILTER, type LogFilter } from './log-filter';

// The date library is loaded when the range is first shown (see common/lazy-view.tsx).
const DayRangeInput = lazyPart('date range', () => import('../common/DayRangeInput').then((m) => m.DayRangeInput));

export function ExpanderBar({
  open,
  onToggle,
  filter,
  onChange,
  people,
  matching,
  total,
  actions,
  entities,
  countText,
  howMade,
}: {
  open: boolean;
  onToggle(): void;
  filter: LogFilter;
  onChange(filter: LogFilter): void;
  /** The people in this record's log, for the person picker. */
  people: PersonInLog[];
  /** Entries matching the filter (null while counting). */
  matching: number | null;
  /** Entries in the whole log. */
  total: number;
  /** Buttons at the bar's right end (Export), acting on what the filter shows. */
  actions?: ReactNode;
  /** The related log's tables, record's own first: the Entity filter shows (and counts) only with them. */
  entities?: readonly string[];
  /** What the count says, where the log is not counted (the related log: the entries read so far). */
  countText?: string;
  /** The record's own log: its table and id, for the how-made pickers (Method, …) where its log records them. */
  howMade?: { table: LoggedTable; recordId: RecordId };
}) {
  const me = useMe();
  const timeZone = useTimeZone();
  // Esc closes the Entity list, not the properties window under it.
  const filtered = isFiltered(filter, entities !== undefined);
  const by = filter.by;
  const person = by.kind === 'person' ? people.find((p) => String(p.id) === String(by.personId)) : undefined;

  const dateSummary =
    filter.from || filter.to ? `${filter.from ? shortDay(filter.from) : '…'} – ${filter.to ? shortDay(filter.to) : '…'}` : 'All dates';
  const bySummary =
    filter.by.kind === 'all' ? 'Anyone' : filter.by.kind === 'mine' ? `Mine${me?.person?.name ? ` (${me.person.name})` : ''}` : (person?.name ?? 'One person');

  return (
    <div className={`expander-bar${open ? ' open' : ''}`}>
      <div className="expander-summary">
        <Button
          minimal
          small
          icon="filter"
          rightIcon={open ? 'chevron-up' : 'chevron-down'}
          onClick={onToggle}
          aria-expanded={open}
          aria-controls="expander-filters"
          className="expander-toggle"
          text="Filter"
        />
        <Tag minimal intent={filter.from || filter.to ? 'primary' : 'none'} icon="calendar">
          {dateSummary}
        </Tag>
        <Tag minimal intent={filter.by.kind !== 'all' ? 'primary' : 'none'} icon="person">
          {bySummary}
        </Tag>
        {howMade && filteredParts(filter.made).length > 0 && (
          <Tag minimal intent="primary" icon="build" className="how-made-summary">
            {filteredParts(filter.made).map(([part, value]) => `${HOW_MADE_LABELS[part]} ${value}`).join(' · ')}
          </Tag>
        )}
        {filter.performedBy && (
          <Tag minimal intent="primary" icon={filter.performedBy === 'automation' ? 'automatic-updates' : 'people'}>
            {filter.performedBy === 'automation' ? 'Automation' : 'People'}
          </Tag>
        )}
        {entities !== undefined && (
          <Tag minimal intent={filter.tables.length > 0 ? 'primary' : 'none'} icon="diagram-tree" className="entity-summary">
            {filter.tables.length === 0 ? 'All entities' : filter.tables.join(', ')}
          </Tag>
        )}
        <span className="expander-count" data-testid="matching-count" data-state={countText === undefined && matching === null ? 'counting' : 'counted'}>
          {countText ?? (matching === null ? 'Counting…' : filtered ? `${count(matching)} of ${count(total)} entries` : `${count(total)} entries`)}
        </span>
        {filtered && !open && <Button small minimal icon="reset" text="Reset" onClick={() => onChange(NO_FILTER)} className="expander-reset" />}
        {actions && <span className="expander-actions">{actions}</span>}
      </div>
      <Collapse isOpen={open} keepChildrenMounted>
        <div className="expander-filters" id="expander-filters">
          <FormGroup label="Date range" inline className="filter-dates" helperText={`Whole days in ${zoneWithOffset(timeZone)}`}>
            <DayRangeInput from={filter.from} to={filter.to} onChange={(from, to) => onChange({ ...filter, from, to })} />
          </FormGroup>
          <FormGroup label="Modified By" inline className="filter-by">
            <ModifiedByControl value={filter.by} people={people} onChange={(by) => onChange({ ...filter, by })} />
          </FormGroup>
          <FormGroup label="Performed by" inline className="filter-performed">
            <PerformedByControl value={filter.performedBy} onChange={(performedBy) => onChange({ ...filter, performedBy })} />
          </FormGroup>
          {entities !== undefined && (
            <FormGroup label="Entity" inline className="filter-entity">
              {/* Keys from the list (a portal) bubble through here too: Esc stops at the list. */}
              <div onKeyDown={stopEscapeWhileExpanded}>
              <MultiSelect<string>
                items={[...entities]}
                selectedItems={filter.tables}
                itemRenderer={(name, { handleClick, handleFocus, modifiers }) => (
                  <MenuItem
                    key={name}
                    text={name}
                    label={name === entities[0] ? 'this record' : undefined}
                    active={modifiers.active}
                    roleStructure="listoption"
                    selected={filter.tables.includes(name)}
                    onClick={handleClick}
                    onFocus={handleFocus}
                  />
                )}
                itemPredicate={(q, name) => name.toLowerCase().includes(q.trim().toLowerCase())}
                onItemSelect={(name) => onChange({ ...filter, tables: filter.tables.includes(name) ? filter.tables.filter((t) => t !== name) : [...filter.tables, name] })}
                onRemove={(name) => onChange({ ...filter, tables: filter.tables.filter((t) => t !== name) })}
                onClear={() => onChange({ ...filter, tables: [] })}
                tagRenderer={(name) => name}
                placeholder="All entities"
                resetOnSelect
                popoverProps={{ minimal: true, placement: 'bottom-start' }}
                tagInputProps={{ tagProps: { minimal: true }, inputProps: { 'aria-label': 'Entity' } }}
                noResults={<MenuItem disabled text="No such table" roleStructure="listoption" />}
                className="entity-select"
              />
              </div>
            </FormGroup>
          )}
          {howMade && (
            <HowMadePicker tables={[howMade.table]} record={{ table: howMade.table.name, id: howMade.recordId }} value={filter.made} onChange={(made) => onChange({ ...filter, made })} />
          )}
          <Button icon="reset" text="Reset" disabled={!filtered} onClick={() => onChange(NO_FILTER)} />
        </div>
      </Collapse>
    </div>
  );
}

function shortDay(day: string): string {
  return format(dateOfDay(day), 'd MMM yyyy');
}

