/**
 * Filters by how a change was made: one picker per part the logs record (Method, Application, IP
 * address, Correlation ID), offering the values found (`listHowMadeValues`: from an index or the
 * newest rows, never a whole large log) and "Any". A part the user sees masked (an IP address) is
 * shown disabled: its values cannot be listed or filtered by. Exact values: the filter compares the
 * stored value as it is.
 */
import { FormGroup, HTMLSelect } from '@blueprintjs/core';
import type { HowMadeFilter, HowMadePart, LoggedTable, RecordId } from '../../shared/domain';
import { HOW_MADE_LABELS, HOW_MADE_PARTS } from '../../shared/how-made';
import { useApi } from '../api/api-context';
import { useCall } from './use-call';

/** The parts the given tables' logs record, in display order. */
export function recordedPartsOf(tables: readonly LoggedTable[]): HowMadePart[] {
  return HOW_MADE_PARTS.filter((part) => tables.some((t) => t.howMade?.[part] !== undefined && t.howMade[part].sensitivity !== 'hidden'));
}

export function HowMadePicker({
  tables,
  value,
  onChange,
  record,
}: {
  /** The logs the filter reads (those that record none of it add no picker). */
  tables: readonly LoggedTable[];
  value: HowMadeFilter;
  onChange(value: HowMadeFilter): void;
  /** One record's log: its values only. */
  record?: { table: string; id: RecordId };
}) {
  return (
    <>
      {recordedPartsOf(tables).map((part) => (
        <PartPicker key={part} part={part} tables={tables} value={value} onChange={onChange} record={record} />
      ))}
    </>
  );
}

function PartPicker({
  part,
  tables,
  value,
  onChange,
  record,
}: {
  part: HowMadePart;
  tables: readonly LoggedTable[];
  value: HowMadeFilter;
  onChange(value: HowMadeFilter): void;
  record?: { table: string; id: RecordId };
}) {
  const api = useApi();
  const only = record ? record.table : tables.length === 1 ? tables[0]!.name : undefined;
  const key = JSON.stringify([part, only ?? null, record?.id ?? null]);
  const found = useCall(key, (signal) =>
    api.listHowMadeValues({ part, ...(only !== undefined ? { table: only } : {}), ...(record ? { recordId: record.id } : {}) }, { signal }),
  ).value;
  const chosen = value[part] ?? '';
  // A value from the address that the list does not hold is still offered: it is what is on.
  const values = [...(found?.values ?? [])];
  if (chosen !== '' && !values.includes(chosen)) values.unshift(chosen);
  const label = HOW_MADE_LABELS[part];
  const masked = found?.masked === true;
  return (
    <FormGroup label={label} className={`filter-how-made filter-how-made-${part}`}>
      <HTMLSelect
        value={chosen}
        disabled={masked}
        title={masked ? `${label} is masked for you, so it cannot be filtered by.` : found && !found.complete ? 'The values found in the newest entries' : undefined}
        aria-label={label}
        data-part={part}
        onChange={(e) => {
          const next: HowMadeFilter = { ...value };
          if (e.currentTarget.value === '') delete next[part];
          else next[part] = e.currentTarget.value;
          onChange(next);
        }}
        options={[{ value: '', label: masked ? 'Masked' : 'Any' }, ...values.map((v) => ({ value: v, label: v }))]}
      />
    </FormGroup>
  );
}
