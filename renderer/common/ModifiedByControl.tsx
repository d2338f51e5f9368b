/**
 * "Modified By: All / Mine / Person", with a picker of the people who appear in the log at hand:
 * the log's expander bar and Activity filter by it alike. Mine is offered only when the signed-in
 * user maps to a person; Person only when there is someone to pick.
 */
import { Button, MenuItem, SegmentedControl, Tooltip } from '@blueprintjs/core';
import { Select, type ItemPredicate, type ItemRenderer } from '@blueprintjs/select';
import type { ModifiedBy, PersonInLog } from '../../shared/domain';
import { useMe } from '../api/api-context';
import { countText } from '../format/values';

export function ModifiedByControl({ value, people, onChange }: { value: ModifiedBy; people: PersonInLog[]; onChange(by: ModifiedBy): void }) {
  const me = useMe();
  const person = value.kind === 'person' ? people.find((p) => String(p.id) === String(value.personId)) : undefined;
  return (
    <div className="filter-by-controls">
      <Tooltip
        disabled={me?.person != null}
        content={`You (${me?.osLogin ?? 'this login'}) map to no person: set personId in the settings to use Mine.`}
        compact
      >
        <SegmentedControl
          small
          value={value.kind}
          aria-label="Modified By"
          options={[
            { label: 'All', value: 'all' },
            { label: 'Mine', value: 'mine', disabled: me?.person == null },
            { label: 'Person', value: 'person', disabled: people.length === 0 },
          ]}
          onValueChange={(kind) => {
            if (kind === 'all' || kind === 'mine') onChange({ kind });
            else if (people[0]) onChange({ kind: 'person', personId: person?.id ?? people[0].id });
          }}
        />
      </Tooltip>
      {value.kind === 'person' && (
        <Select<PersonInLog>
          items={people}
          itemPredicate={filterPerson}
          itemRenderer={renderPerson}
          onItemSelect={(p) => onChange({ kind: 'person', personId: p.id })}
          noResults={<MenuItem disabled text="Nobody by that name" roleStructure="listoption" />}
          popoverProps={{ minimal: true, placement: 'bottom-start' }}
          inputProps={{ placeholder: 'Find a person…' }}
        >
          <Button small icon="person" endIcon="caret-down" text={person?.name ?? 'Choose a person'} className="person-picker" />
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
