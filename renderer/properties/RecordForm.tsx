/**
 * A record's fields as a read-only form. When a log entry is shown, the fields it changed are
 * boxed, with the value before the change under the field: the one thing the eye should find.
 */
import { Classes, Icon, Tooltip } from '@blueprintjs/core';
import { isOldKnown } from '../../shared/diff';
import type { FieldChange, FieldValue, LoggedTable } from '../../shared/domain';
import { CutValueActions, type FullValueOf } from '../common/CutValue';
import { useRovingFocus } from '../common/roving-focus';
import { fieldLabel, fieldText, isLongText, orderedFields } from '../format/values';
import { FieldHistoryButton, type FieldHistorySource } from './FieldHistoryButton';

export function RecordForm({
  table,
  values,
  changes,
  mode = 'changed',
  history,
  fullValueOf,
}: {
  table: LoggedTable;
  values: Record<string, FieldValue>;
  /** The fields to box, with their values before. */
  changes?: readonly FieldChange[];
  /**
   * How the boxed fields came about: `changed` shows the value before; `set` (the record's
   * creation) has no before; `removed` (the entry deleted the record) shows its last values struck
   * out; `other` (comparing two entries) shows the other entry's value. Whatever the mode, a change
   * whose old value is unknown (`oldKnown: false`) says it was first recorded, never "(empty)".
   */
  mode?: 'changed' | 'set' | 'removed' | 'other';
  /** The record whose fields' histories a small button beside each label opens (none when absent). */
  history?: FieldHistorySource;
  /** Where the whole of a value the page carried cut is read ("Show all", "Copy"). */
  fullValueOf?: FullValueOf;
}) {
  const removed = mode === 'removed';
  const changed = new Map((changes ?? []).map((c) => [c.field, c]));
  const fields = orderedFields(table.fields, values).filter((f) => f.name !== table.parentKey && f.name !== table.recordKey);
  // The fields' history buttons are one Tab stop, arrows between them (common/roving-focus.ts).
  const roving = useRovingFocus<HTMLDivElement>('.field-history-button');
  return (
    <div className={`record-form${removed ? ' removed' : ''}`} ref={roving.ref} onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
      {fields.map((f) => {
        const change = changed.get(f.name);
        const hidden = f.sensitivity === 'hidden';
        const value = values[f.name];
        const text = fieldText(value);
        return (
          <div
            key={f.name}
            className={`record-field${change ? ' changed' : ''}${hidden ? ' hidden' : ''}`}
            data-field={f.name}
            data-changed={change ? 'true' : undefined}
          >
            <label className="record-field-label" title={f.name}>
              {fieldLabel(f.name)}
              {f.sensitivity === 'masked' && (
                <Tooltip content="Sensitive: only the last four characters are shown" compact>
                  <Icon icon="eye-off" size={12} className="sensitivity" />
                </Tooltip>
              )}
              {history && !hidden && <FieldHistoryButton source={history} field={f.name} />}
            </label>
            {hidden ? (
              <div className={`record-field-value ${Classes.TEXT_MUTED}`}>
                <Icon icon="lock" size={12} /> Not shown{change ? (isOldKnown(change) ? ' (changed in this entry)' : ' (first recorded in this entry)') : ''}
              </div>
            ) : (
              <div className={`record-field-value${isLongText(value) ? ' long' : ''}${text === '' ? ' empty' : ''}`}>{text || '—'}</div>
            )}
            {!hidden && <CutValueActions value={value} request={fullValueOf?.(f.name, 'value') ?? null} />}
            {change && !hidden && (
              <div className="record-field-before">
                {!isOldKnown(change) ? (
                  // Unknown is not empty: the log holds no value before this one.
                  <>
                    <span className="before-label">first recorded</span> <span className="unknown-value">earlier value unknown</span>
                  </>
                ) : mode === 'changed' || mode === 'other' ? (
                  <>
                    <span className="before-label">{mode === 'other' ? 'other entry' : 'was'}</span> {fieldText(change.old) || '(empty)'}
                    <CutValueActions value={change.old} request={fullValueOf?.(f.name, 'before') ?? null} />
                  </>
                ) : (
                  <span className="before-label">{removed ? 'removed with the record' : 'set in this entry'}</span>
                )}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
