/**
 * The expander bar above the log: collapsed it says what is shown ("1,402 entries · all dates ·
 * anyone"); opened it narrows the log by date range and Modified By (All / Mine / Person).
 * Filters apply as soon as they change; Reset puts everything back.
 */
import { Button, Collapse, FormGroup, MenuItem, SegmentedControl, Tag, Tooltip } from '@blueprintjs/core';
import { Select, type ItemPredicate, type ItemRenderer } from '@blueprintjs/select';
import { format } from 'date-fns';
import type { ReactNode } from 'react';
import type { PersonInLog } from '../../shared/domain';
import { useMe } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { DayRangeInput } from '../common/DayRangeInput';
import { dateOfDay } from '../format/time';
import { countText as count } from '../format/values';
import { isFiltered, NO_FILTER, type LogFilter } from './log-filter';

export function ExpanderBar({
  open,
  onToggle,
  filter,
  onChange,
  people,
  matching,
  total,
  actions,
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
}) {
  const me = useMe();
  const timeZone = useTimeZone();
  const filtered = isFiltered(filter);
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
        <span className="expander-count" data-testid="matching-count" data-state={matching === null ? 'counting' : 'counted'}>
          {matching === null ? 'Counting…' : filtered ? `${count(matching)} of ${count(total)} entries` : `${count(total)} entries`}
        </span>
        {filtered && !open && <Button small minimal icon="reset" text="Reset" onClick={() => onChange(NO_FILTER)} className="expander-reset" />}
        {actions && <span className="expander-actions">{actions}</span>}
      </div>
      <Collapse isOpen={open} keepChildrenMounted>
        <div className="expander-filters" id="expander-filters">
          <FormGroup label="Date range" inline className="filter-dates" helperText={`Whole days in ${timeZone}`}>
            <DayRangeInput from={filter.from} to={filter.to} onChange={(from, to) => onChange({ ...filter, from, to })} />
          </FormGroup>
          <FormGroup label="Modified By" inline className="filter-by">
            <div className="filter-by-controls">
              <Tooltip
                disabled={me?.person != null}
                content={`You (${me?.osLogin ?? 'this login'}) map to no person: set personId in the settings to use Mine.`}
                compact
              >
                <SegmentedControl
                  small
                  value={filter.by.kind}
                  aria-label="Modified By"
                  options={[
                    { label: 'All', value: 'all' },
                    { label: 'Mine', value: 'mine', disabled: me?.person == null },
                    { label: 'Person', value: 'person', disabled: people.length === 0 },
                  ]}
                  onValueChange={(kind) => {
                    if (kind === 'all' || kind === 'mine') onChange({ ...filter, by: { kind } });
                    else if (people[0]) onChange({ ...filter, by: { kind: 'person', personId: person?.id ?? people[0].id } });
                  }}
                />
              </Tooltip>
              {filter.by.kind === 'person' && (
                <PersonPicker people={people} selected={person ?? null} onSelect={(p) => onChange({ ...filter, by: { kind: 'person', personId: p.id } })} />
              )}
            </div>
          </FormGroup>
          <Button icon="reset" text="Reset" disabled={!filtered} onClick={() => onChange(NO_FILTER)} />
        </div>
      </Collapse>
    </div>
  );
}

const filterPerson: ItemPredicate<PersonInLog> = (query, p) =>
  `${p.name ?? ''} ${p.login ?? ''} ${p.id}`.toLowerCase().includes(query.trim().toLowerCase());

const renderPerson: ItemRenderer<PersonInLog> = (p, { handleClick, handleFocus, modifiers }) =>
  modifiers.matchesPredicate ? (
    <MenuItem
      key={String(p.id)}
      active={modifiers.active}
      disabled={modifiers.disabled}
      text={p.name ?? `Person ${p.id}`}
      label={`${count(p.entryCount)} ${p.entryCount === 1 ? 'entry' : 'entries'}`}
      onClick={handleClick}
      onFocus={handleFocus}
      roleStructure="listoption"
    />
  ) : null;

function PersonPicker({ people, selected, onSelect }: { people: PersonInLog[]; selected: PersonInLog | null; onSelect(p: PersonInLog): void }) {
  return (
    <Select<PersonInLog>
      items={people}
      itemPredicate={filterPerson}
      itemRenderer={renderPerson}
      onItemSelect={onSelect}
      noResults={<MenuItem disabled text="Nobody by that name in this log" roleStructure="listoption" />}
      popoverProps={{ minimal: true, placement: 'bottom-start' }}
      inputProps={{ placeholder: 'Find a person…' }}
    >
      <Button small icon="person" rightIcon="caret-down" text={selected?.name ?? 'Choose a person'} className="person-picker" />
    </Select>
  );
}

function shortDay(day: string): string {
  return format(dateOfDay(day), 'd MMM yyyy');
}

