/**
 * "Restore SQL" for a deleted record: the INSERT the data layer builds from the record's last
 * snapshot, shown for a DBA to review and copy. The app never runs it; the dialog says so.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter } from '@blueprintjs/core';
import { useState } from 'react';
import { useCall } from '../common/use-call';
import type { LoggedTable, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { ErrorState, LoadingState } from '../common/states';

export function RestoreSqlButton({ table, id, small }: { table: LoggedTable; id: RecordId; small?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon="clipboard" small={small} className="restore-sql-button" onClick={() => setOpen(true)}>
        Restore SQL…
      </Button>
      {open && <RestoreSqlDialog table={table} id={id} onClose={() => setOpen(false)} />}
    </>
  );
}

function RestoreSqlDialog({ table, id, onClose }: { table: LoggedTable; id: RecordId; onClose(): void }) {
  const api = useApi();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const { value: restore, error, reload } = useCall(JSON.stringify([table.name, id]), (signal) => api.getRestoreSql({ table: table.name, id }, { signal }));

  const copy = () => {
    if (!restore) return;
    navigator.clipboard.writeText(restore.sql).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <Dialog isOpen onClose={onClose} title={`Restore SQL for ${table.name} ${String(id)}`} icon="clipboard" className="restore-sql-dialog">
      <DialogBody>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : !restore ? (
          <LoadingState what="the restore SQL" />
        ) : (
          <>
            <Callout intent="warning" icon="warning-sign" compact>
              Audit Trail Browser never runs this statement. Review it, then run it yourself with a database tool if the
              record should come back.
              {restore.omitted.length > 0 && ` Left out: ${restore.omitted.map((o) => `${o.field} (${o.reason})`).join(', ')}.`}
            </Callout>
            <pre className={`${Classes.CODE_BLOCK} restore-sql`} data-testid="restore-sql">
              {restore.sql}
            </pre>
          </>
        )}
      </DialogBody>
      <DialogFooter
        minimal
        actions={
          <>
            {copied === 'yes' && <span className={`${Classes.TEXT_MUTED} copied-note`}>Copied to the clipboard.</span>}
            {copied === 'failed' && <span className="copied-note">The clipboard refused; select the text and copy it.</span>}
            <Button onClick={onClose}>Close</Button>
            <Button intent="primary" icon="duplicate" disabled={!restore} onClick={copy}>
              Copy restore SQL
            </Button>
          </>
        }
      />
    </Dialog>
  );
}
