/**
 * The time zone every time is shown in and every date range is meant in: the system's unless the
 * user picks another (someone in New York reviewing London's changes reads London time).
 */
import { Button, MenuItem } from '@blueprintjs/core';
import { Select, type ItemPredicate, type ItemRenderer } from '@blueprintjs/select';
import { useMemo } from 'react';
import { systemTimeZone } from '../format/time';

function allZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return Array.from(new Set([systemTimeZone(), 'UTC', ...zones]));
}

const matches: ItemPredicate<string> = (query, zone) => zone.toLowerCase().replace(/_/g, ' ').includes(query.trim().toLowerCase().replace(/_/g, ' '));

export function TimeZonePicker({ value, onChange }: { value: string; onChange(zone: string): void }) {
  const zones = useMemo(allZones, []);
  const system = systemTimeZone();
  const renderZone: ItemRenderer<string> = (zone, { handleClick, handleFocus, modifiers }) =>
    modifiers.matchesPredicate ? (
      <MenuItem
        key={zone}
        text={zone.replace(/_/g, ' ')}
        label={zone === system ? 'this computer' : undefined}
        active={modifiers.active}
        selected={zone === value}
        onClick={handleClick}
        onFocus={handleFocus}
        roleStructure="listoption"
      />
    ) : null;
  return (
    <Select<string>
      items={zones}
      itemPredicate={matches}
      itemRenderer={renderZone}
      onItemSelect={onChange}
      activeItem={value}
      popoverProps={{ minimal: true, placement: 'bottom-end' }}
      inputProps={{ placeholder: 'Find a time zone…' }}
      noResults={<MenuItem disabled text="No such time zone" roleStructure="listoption" />}
    >
      <Button variant="minimal" icon="time" endIcon="caret-down" text={value.replace(/_/g, ' ')} title="Time zone for times and date ranges" aria-label={`Time zone: ${value}`} />
    </Select>
  );
}
