/**
 * An entry's changes at a glance: one row per field, Field | Old | New, above the record's form.
 * Long texts show the words that changed; a value the page carried cut has its whole a click away
 * ("Show all"). Also the compare view's table of differing fields (Older | Newer).
 */
import { HTMLTable } from '@blueprintjs/core';
import type { FieldChange } from '../../shared/domain';
import { fieldLabel } from '../../shared/field-label';
import { CutValueActions, type FullValueOf } from '../common/CutValue';
import { changeView } from '../format/change-values';
import { ChangeValue } from './ChangeValue';

export function ChangesTable({
  changes,
  fullValueOf,
  headings = ['Old', 'New'],
  label = 'What changed',
}: {
  changes: readonly FieldChange[];
  /** Where the whole of a cut value is read ("Show all"); the old side is `before`, the new `value`. */
  fullValueOf?: FullValueOf;
  headings?: [string, string];
  label?: string;
}) {
  if (changes.length === 0) return null;
  return (
    <HTMLTable compact bordered className="changes-table" aria-label={label} data-testid="changes-table">
      <thead>
        <tr>
          <th className="changes-field">Field</th>
          <th>{headings[0]}</th>
          <th>{headings[1]}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => {
          const view = changeView(change, 'block');
          const hidden = change.redacted === 'hidden';
          return (
            <tr key={change.field} data-field={change.field}>
              <th scope="row" className="changes-field" title={change.field}>
                {fieldLabel(change.field)}
              </th>
              <td className="changes-old">
                <ChangeValue view={view.old} side="old" />
                {!hidden && view.old.kind !== 'unknown' && <CutValueActions value={change.old} request={fullValueOf?.(change.field, 'before') ?? null} />}
              </td>
              <td className="changes-new">
                <ChangeValue view={view.new} side="new" />
                {!hidden && <CutValueActions value={change.new} request={fullValueOf?.(change.field, 'value') ?? null} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </HTMLTable>
  );
}
