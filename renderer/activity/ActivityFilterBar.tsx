/**
 * The Activity view's filters, always open: date range (with shortcuts), Modified By (All / Mine /
 * Person), Performed by (people / automation), tables, change cues and one field; and, when a
 * finding of Review opened it, the finding's range of instants as a chip that can be removed. Each applies as soon as it changes; Reset clears all.
 */
import { Button, FormGroup, MenuItem, Tag } from '@blueprintjs/core';
import { MultiSelect, Select } from '@blueprintjs/select';
import { useMemo } from 'react';
import type { ChangeCue, LoggedTable, PersonInLog } from '../../shared/domain';
import { describeHoursOfWeek } from '../../shared/hours-of-week';
import { useTimeZone } from '../app/time-zone-context';
import { HowMadePicker } from '../common/HowMadePicker';
import { ZoneClock } from '../../shared/zone-clock';
import { ModifiedByControl } from '../common/ModifiedByControl';
import { PerformedByControl } from '../common/PerformedByControl';
import { lazyPart } from '../common/lazy-view';
import { useTypeToOpen } from '../common/type-to-open';
import { fieldLabel } from '../format/values';
import { zoneName, zoneWithOffset } from '../format/zone';
import { CUES, fieldChoices, isActivityFiltered, NO_ACTIVITY_FILTER, type ActivityViewFilter } from './activity-filter';

// The date library is loaded when the range is first shown (see common/lazy-view.tsx).
const DayRangeInput = lazyPart('date range', () => import('../common/DayRangeInput').then((m) => m.DayRangeInput));

export function ActivityFilterBar({
  filter,
  onChange,
  tables,
  people,
  withField = true,
  zone,
}: {
  filter: ActivityViewFilter;
  onChange(filter: ActivityViewFilter): void;
  tables: LoggedTable[];
  /** Everyone in the logs of the chosen tables. */
  people: PersonInLog[];
  /** Offers the field filter (Insights counts entries as stored, so it has none). */
  withField?: boolean;
  /** The zone the days are in, where it is not the one shown (Insights: the organisation's). */
  zone?: string;
}) {
  const shownZone = useTimeZone();
  const timeZone = zone ?? shownZone;
  const fieldKeys = useTypeToOpen();
  const fields = useMemo(() => fieldChoices(tables, filter.tables), [tables, filter.tables]);

  return (
    <div className="activity-filters" role="search" aria-label="Activity filters">
      <FormGroup label="Dates" labelInfo={<span className="filter-zone" title={`Whole days in ${zoneWithOffset(timeZone)}`}>(in {zoneName(timeZone)})</span>} className="filter-dates">
        <DayRangeInput from={filter.from} to={filter.to} onChange={(from, to) => onChange({ ...filter, from, to })} />
      </FormGroup>
      <FormGroup label="Modified By" className="filter-by">
        <ModifiedByControl value={filter.by} people={people} onChange={(by) => onChange({ ...filter, by })} />
      </FormGroup>
      <FormGroup label="Performed by" className="filter-performed">
        <PerformedByControl value={filter.performedBy} onChange={(performedBy) => onChange({ ...filter, performedBy })} />
      </FormGroup>
      {filter.between && (
        <FormGroup label="Between" className="filter-between">
          <Tag
            large
            intent="primary"
            icon="time"
            className="between-chip"
            data-testid="between-chip"
            title={`From ${filter.between.from} (inclusive) to ${filter.between.to} (exclusive), UTC`}
            onRemove={() => onChange({ ...filter, between: null })}
          >
            {new ZoneClock(timeZone).range(Date.parse(filter.between.from), Date.parse(filter.between.to))}
          </Tag>
        </FormGroup>
      )}
      <FormGroup label="Tables" className="filter-tables">
        <MultiSelect<string>
          items={tables.map((t) => t.name)}
          selectedItems={filter.tables}
          itemPredicate={(q, name) => name.toLowerCase().includes(q.trim().toLowerCase())}
          itemRenderer={(name, { handleClick, handleFocus, modifiers }) =>
            modifiers.matchesPredicate ? (
              <MenuItem
                key={name}
                text={name}
                active={modifiers.active}
                roleStructure="listoption"
                selected={filter.tables.includes(name)}
                onClick={handleClick}
                onFocus={handleFocus}
              />
            ) : null
          }
          onItemSelect={(name) => {
            const tablesNext = filter.tables.includes(name) ? filter.tables.filter((t) => t !== name) : [...filter.tables, name];
            onChange({ ...filter, tables: tablesNext, field: keepField(filter.field, tables, tablesNext) });
          }}
          onRemove={(name) => {
            const tablesNext = filter.tables.filter((t) => t !== name);
            onChange({ ...filter, tables: tablesNext, field: keepField(filter.field, tables, tablesNext) });
          }}
          onClear={() => onChange({ ...filter, tables: [] })}
          tagRenderer={(name) => name}
          placeholder="All tables"
          resetOnSelect
          popoverProps={{ minimal: true, placement: 'bottom-start' }}
          tagInputProps={{ tagProps: { minimal: true }, inputProps: { 'aria-label': 'Tables' } }}
          noResults={<MenuItem disabled text="No such table" roleStructure="listoption" />}
          className="tables-select"
        />
      </FormGroup>
      <FormGroup label="Change" className="filter-cues">
        <MultiSelect<ChangeCue>
          items={[...CUES]}
          selectedItems={filter.cues}
          itemRenderer={(cue, { handleClick, handleFocus, modifiers }) => (
            <MenuItem
              key={cue}
              text={cue}
              active={modifiers.active}
              roleStructure="listoption"
              selected={filter.cues.includes(cue)}
              onClick={handleClick}
              onFocus={handleFocus}
            />
          )}
          onItemSelect={(cue) =>
            onChange({ ...filter, cues: filter.cues.includes(cue) ? filter.cues.filter((c) => c !== cue) : [...filter.cues, cue] })
          }
          onRemove={(cue) => onChange({ ...filter, cues: filter.cues.filter((c) => c !== cue) })}
          onClear={() => onChange({ ...filter, cues: [] })}
          tagRenderer={(cue) => cue}
          placeholder="Any change"
          popoverProps={{ minimal: true, placement: 'bottom-start' }}
          tagInputProps={{ tagProps: { minimal: true }, inputProps: { 'aria-label': 'Change cues' } }}
          className="cues-select"
        />
      </FormGroup>
      {withField && (
      <FormGroup label="Field changed" className="filter-field">
        <Select<string | null>
          items={[null, ...fields]}
          itemPredicate={(q, name) => name === null || `${name} ${fieldLabel(name)}`.toLowerCase().includes(q.trim().toLowerCase())}
          itemRenderer={(name, { handleClick, handleFocus, modifiers }) =>
            modifiers.matchesPredicate ? (
              <MenuItem
                key={name ?? ''}
                text={name === null ? 'Any field' : fieldLabel(name)}
                label={name !== null && name !== fieldLabel(name) ? name : undefined}
                active={modifiers.active}
                roleStructure="listoption"
                selected={name === filter.field}
                onClick={handleClick}
                onFocus={handleFocus}
              />
            ) : null
          }
          onItemSelect={(name) => {
            fieldKeys.onQueryChange('');
            onChange({ ...filter, field: name });
          }}
          query={fieldKeys.query}
          onQueryChange={fieldKeys.onQueryChange}
          popoverTargetProps={fieldKeys.popoverTargetProps}
          popoverProps={{ minimal: true, placement: 'bottom-start' }}
          inputProps={{ placeholder: 'Find a field…', 'aria-label': 'Find a field' , ...fieldKeys.searchBoxProps }}
          noResults={<MenuItem disabled text="No such field" roleStructure="listoption" />}
        >
          <Button
            icon="property"
            endIcon="caret-down"
            text={filter.field === null ? 'Any field' : fieldLabel(filter.field)}
            intent={filter.field === null ? 'none' : 'primary'}
            variant={filter.field === null ? 'outlined' : 'solid'}
            className="field-picker"
            aria-label="Field changed"
          />
        </Select>
      </FormGroup>
      )}
      <HowMadePicker
        tables={filter.tables.length ? tables.filter((t) => filter.tables.includes(t.name)) : tables}
        value={filter.made}
        onChange={(made) => onChange({ ...filter, made })}
      />
      {filter.hoursOfWeek !== undefined && filter.hoursOfWeek.length > 0 && (
        <Tag
          large
          minimal
          intent="primary"
          icon="time"
          className="filter-hours"
          data-testid="filter-hours"
          onRemove={() => onChange({ ...filter, hoursOfWeek: undefined })}
          title={`Only changes made in these hours of the week, in ${zoneWithOffset(timeZone)}`}
        >
          {describeHoursOfWeek(filter.hoursOfWeek)} ({zoneName(timeZone)})
        </Tag>
      )}
      <Button icon="reset" text="Reset" className="activity-reset" disabled={!isActivityFiltered(filter)} onClick={() => onChange(NO_ACTIVITY_FILTER)} />
    </div>
  );
}

/** A chosen field stays chosen only while one of the chosen tables has it. */
function keepField(field: string | null, tables: readonly LoggedTable[], chosen: readonly string[]): string | null {
  return field !== null && fieldChoices(tables, chosen).includes(field) ? field : null;
}



