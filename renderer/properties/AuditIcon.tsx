/**
 * The yellow audit icon at the properties window's top right. It is there only when the record
 * has log entries, and its tooltip says how many; clicking it shows (or hides) the log.
 */
import { Button, Tooltip } from '@blueprintjs/core';
import { countText } from '../format/values';

export function AuditIcon({ entries, active, onClick }: { entries: number; active: boolean; onClick(): void }) {
  const what = `${countText(entries)} log ${entries === 1 ? 'entry' : 'entries'}`;
  return (
    <Tooltip content={active ? `Back to the record (${what})` : `Audit log: ${what}`} placement="bottom-end" compact>
      <Button
        className={`audit-icon${active ? ' active' : ''}`}
        icon="history"
        aria-label={`Audit log (${what})`}
        aria-pressed={active}
        data-entries={entries}
        onClick={onClick}
      />
    </Tooltip>
  );
}
