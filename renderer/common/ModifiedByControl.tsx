/**
 * "Modified By: All / Mine / Person", with a picker of the people who appear in the log at hand:
 * the log's expander bar and Activity filter by it alike. Mine is offered only when the signed-in
 * user maps to a person; Person only when there is someone to pick. Choosing Person opens the
 * picker and waits: the filter changes when a person is picked, never to whoever is listed first.
 */
import { Button, MenuItem, SegmentedControl, Tooltip } from '@blueprintjs/core';
import { Select, type ItemPredicate, type ItemRenderer } from '@blueprintjs/select';
import { useEffect, useRef, useState } from 'react';
import type { ModifiedBy, PersonInLog } from '../../shared/domain';
import { useMe } from '../api/api-context';
import { countText } from '../format/values';
import { useTypeToOpen } from './type-to-open';

export function ModifiedByControl({ value, people, onChange }: { value: ModifiedBy; people: PersonInLog[]; onChange(by: ModifiedBy): void }) {
  const me = useMe();
  const person = value.kind === 'person' ? people.find((p) => String(p.id) === String(value.personId)) : undefined;
  // Person chosen, nobody picked yet: the segment shows Person, the filter is still the old one.
  const [choosing, setChoosing] = useState(false);
  const picker = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Person chosen: the picker takes the focus, so the next keystroke (a name, an arrow, Enter) opens it.
    if (choosing) picker.current?.focus();
  }, [choosing]);
  // A filter changed from outside (Reset) ends the choosing.
  useEffect(() => setChoosing(false), [value]);
  const keys = useTypeToOpen();
  const shown = choosing ? 'person' : value.kind;
  return (
    <div className="filter-by-controls">
      <Tooltip
        disabled={me?.person != null}
        content={`You (${me?.osLogin ?? 'this login'}) map to no person: set personId in the settings to use Mine.`}
        compact
      >
        <SegmentedControl
          small
          value={shown}
          aria-label="Modified By"
          options={[
            { label: 'All', value: 'all' },
            { label: 'Mine', value: 'mine', disabled: me?.person == null },
            { label: 'Person', value: 'person', disabled: people.length === 0 },
          ]}
          onValueChange={(kind) => {
            setChoosing(kind === 'person' && value.kind !== 'person');
            if (kind === 'all' || kind === 'mine') onChange({ kind });
          }}
        />
      </Tooltip>
      {shown === 'person' && (
        <Select<PersonInLog>
          items={people}
          itemPredicate={filterPerson}
          itemRenderer={renderPerson}
          query={keys.query}
          onQueryChange={keys.onQueryChange}
          popoverTargetProps={keys.popoverTargetProps}
          onItemSelect={(p) => {
            keys.onQueryChange('');
            setChoosing(false);
            onChange({ kind: 'person', personId: p.id });
          }}
          noResults={<MenuItem disabled text="Nobody by that name" roleStructure="listoption" />}
          popoverProps={{ minimal: true, placement: 'bottom-start' }}
          inputProps={{ placeholder: 'Find a person…', 'aria-label': 'Find a person' , ...keys.searchBoxProps }}
        >
          <Button
            ref={picker}
            small
            icon="person"
            endIcon="caret-down"
            text={person?.name ?? 'Choose a person'}
            intent={choosing ? 'warning' : 'none'}
            className="person-picker"
            aria-label={person?.name ? `Person: ${person.name}` : 'Choose a person'}
          />
        </Select>
      )}
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
      text={p.name ?? `Person ${String(p.id)}`}
      label={p.entryCount === null ? undefined : `${countText(p.entryCount)} ${p.entryCount === 1 ? 'entry' : 'entries'}`}
      onClick={handleClick}
      onFocus={handleFocus}
      roleStructure="listoption"
    />
  ) : null;
