/**
 * "Performed by: Anyone / People / Automation", beside Modified By in the log's expander bar and
 * Activity's filters. Automation accounts are those the organisation's settings name, and those
 * the data layer detects (db/queries/automation.ts); an entry whose person the log does not
 * record is neither, so People and Automation together may show fewer entries than Anyone.
 */
import { SegmentedControl } from '@blueprintjs/core';
import type { PerformedBy } from '../../shared/domain';

export function PerformedByControl({ value, onChange }: { value: PerformedBy | null; onChange(value: PerformedBy | null): void }) {
  return (
    <SegmentedControl
      small
      value={value ?? 'anyone'}
      aria-label="Performed by"
      className="performed-by"
      options={[
        { label: 'Anyone', value: 'anyone' },
        { label: 'People', value: 'person' },
        { label: 'Automation', value: 'automation' },
      ]}
      onValueChange={(v) => onChange(v === 'person' || v === 'automation' ? v : null)}
    />
  );
}
