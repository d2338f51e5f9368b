/**
 * What an Activity row changed, in the row: `Phone 01234 567890 → 01234 123456 · Email …`, long
 * texts as the words that changed. Entries whose changes are not edits of known values (created,
 * first recorded, deleted, unchanged, legacy) are named as such with their fields, as before.
 * The row is one line: what does not fit is cut, and the row's tooltip and its record hold it all.
 */
import { Fragment } from 'react';
import { isFirstRecorded } from '../../shared/diff';
import type { ActivityEntry } from '../../shared/domain';
import { fieldLabel } from '../../shared/field-label';
import { ChangeLine } from '../audit/ChangeValue';
import { changeView } from '../format/change-values';
import { changedFieldsText } from './activity-filter';

export function ActivityChanges({ entry }: { entry: ActivityEntry }) {
  const edits = !entry.legacy && entry.changeCue !== 'Unchanged' && entry.changeCue !== 'Deleted' && entry.changeCue !== 'Added' && !isFirstRecorded(entry) && entry.changes.length > 0;
  if (!edits) {
    return (
      <span className={`activity-fields${entry.changeCue === 'Unchanged' || entry.legacy ? ' muted' : ''}`} data-testid="changed-fields">
        {changedFieldsText(entry)}
      </span>
    );
  }
  return (
    <span className="activity-fields activity-changes" data-testid="changed-fields">
      {entry.changes.map((change, i) => (
        <Fragment key={change.field}>
          {i > 0 && <span className="change-separator"> · </span>}
          <span className="activity-change" data-field={change.field}>
            <span className="activity-change-field">{fieldLabel(change.field)}</span> <ChangeLine view={changeView(change, 'line')} />
          </span>
        </Fragment>
      ))}
    </span>
  );
}
