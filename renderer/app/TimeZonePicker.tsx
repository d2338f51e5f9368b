/**
 * The time zone every time is shown in and every date range is meant in: the system's unless the
 * user picks another (someone in New York reviewing London's changes reads London time). Zones are
 * listed with their offset now and found by city, spaces or not ("new york"), or by offset.
 */
import { Button, MenuItem } from '@blueprintjs/core';
import { Select, type ItemListRenderer, type ItemPredicate, type ItemRenderer } from '@blueprintjs/select';
import { useMemo, useState } from 'react';
import { useTypeToOpen } from '../common/type-to-open';
import { systemTimeZone } from '../format/time';
import { zoneMatches, zoneName, zoneOffset, zoneWithOffset } from '../format/zone';

function allZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return Array.from(new Set([systemTimeZone(), 'UTC', ...zones]));
}

const matches: ItemPredicate<string> = (query, zone) => zoneMatches(query, zone);

/**
 * A zone's offset now, beside "this computer" for the system's own. A component, not text worked
 * out in the item renderer: Blueprint's Select builds every item's element on each render, open
 * or closed, and an offset costs a time zone formatter (some 400 zones: a third of a second on a
 * slow machine, before the main window could first paint). As a component it is worked out only
 * when the list is open and the item is mounted.
 */
function ZoneLabel({ zone, system }: { zone: string; system: boolean }) {
  return <>{`${zoneOffset(zone)}${system ? ' · this computer' : ''}`}</>;
}

/** The closed picker's list, before it was first opened: nothing. */
const nothingListed: ItemListRenderer<string> = () => null;

export function TimeZonePicker({ value, onChange }: { value: string; onChange(zone: string): void }) {
  const system = systemTimeZone();
  const keys = useTypeToOpen();
  // Controlled only to start on the current zone: arrows must still move it.
  const [active, setActive] = useState<string | null>(value);
  // The list's elements are made once it has first been opened. Until then Blueprint's Select
  // still made an element for each of some 420 zones on every render of the closed picker (in the
  // first render of the main window, 20-30 ms on a slow machine), none of them shown.
  const [opened, setOpened] = useState(false);
  // And the zones are asked of ICU then too (5-15 ms in the first render, profiled): the closed
  // picker lists only the zone it shows.
  const zones = useMemo(() => (opened ? allZones() : [value]), [opened, value]);
  const renderZone: ItemRenderer<string> = (zone, { handleClick, handleFocus, modifiers }) =>
    modifiers.matchesPredicate ? (
      <MenuItem
        key={zone}
        text={zoneName(zone)}
        labelElement={<ZoneLabel zone={zone} system={zone === system} />}
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
      onItemSelect={(zone) => {
        keys.onQueryChange('');
        setActive(zone);
        onChange(zone);
      }}
      query={keys.query}
      onQueryChange={keys.onQueryChange}
      activeItem={active}
      onActiveItemChange={setActive}
      itemListRenderer={opened ? undefined : nothingListed}
      popoverProps={{ minimal: true, placement: 'bottom-end', onOpening: () => setOpened(true) }}
      popoverTargetProps={keys.popoverTargetProps}
      inputProps={{ placeholder: 'City, zone or offset…', 'aria-label': 'Find a time zone' , ...keys.searchBoxProps }}
      noResults={<MenuItem disabled text="No such time zone" roleStructure="listoption" />}
    >
      <Button
        variant="minimal"
        icon="time"
        endIcon="caret-down"
        text={zoneWithOffset(value)}
        title="Time zone for times and date ranges"
        aria-label={`Time zone: ${zoneWithOffset(value)}`}
        className="time-zone-picker"
      />
    </Select>
  );
}
