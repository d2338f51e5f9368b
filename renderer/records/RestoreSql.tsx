/**
 * "Restore SQL" for a deleted record: the INSERT the data layer builds from the record's last
 * snapshot, shown for a DBA to review and copy. The app never runs it; the dialog says so.
 * Where the record's family has deleted children that went with it, "With its deleted children"
 * makes it one script that restores them too, and lists which it restores and which it leaves out.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, HTMLTable, Switch } from '@blueprintjs/core';
import { useState } from 'react';
import { useCall } from '../common/use-call';
import type { ChildLeftOut, RestoredChild } from '../../shared/contract';
import type { LoggedTable, RecordId } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { ErrorState, LoadingState } from '../common/states';
import { formatTime } from '../format/time';

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
  const [withChildren, setWithChildren] = useState(false);
  const { value: restore, error, reload } = useCall(JSON.stringify([table.name, id, withChildren]), (signal) =>
    api.getRestoreSql({ table: table.name, id, ...(withChildren ? { withChildren } : {}) }, { signal }),
  );
  // How many children there are to offer: from the first answer, kept while the switch reloads.
  const [offered, setOffered] = useState<number | null>(null);
  if (restore && offered === null && restore.deletedChildren !== null) setOffered(restore.deletedChildren);

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
        {offered !== null && offered > 0 && (
          <Switch
            className="restore-with-children"
            checked={withChildren}
            onChange={(e) => {
              setCopied(null);
              setWithChildren(e.currentTarget.checked);
            }}
            label={`With its deleted children (${offered})`}
          />
        )}
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : !restore ? (
          <LoadingState what="the restore SQL" />
        ) : (
          <>
            <Callout intent="warning" icon="warning-sign" compact>
              Audit Trail Browser never runs this {withChildren ? 'script' : 'statement'}. Review it, then run it yourself with a database
              tool if the record should come back.
              {restore.omitted.length > 0 && ` Left out: ${restore.omitted.map((o) => `${o.field} (${o.reason})`).join(', ')}.`}
            </Callout>
            {withChildren && <ChildrenLists restored={restore.children} leftOut={restore.childrenLeftOut} />}
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

/** The children the script restores (parents first, as it does), and those it leaves out with why. */
function ChildrenLists({ restored, leftOut }: { restored: RestoredChild[]; leftOut: ChildLeftOut[] }) {
  const timeZone = useTimeZone();
  return (
    <div className="restore-children">
      <HTMLTable compact striped className="restore-children-table" data-testid="restored-children" aria-label="Children the script restores">
        <thead>
          <tr>
            <th>Restores</th>
            <th>Title</th>
            <th>Of</th>
            <th>From the entry of</th>
          </tr>
        </thead>
        <tbody>
          {restored.length === 0 && (
            <tr>
              <td colSpan={4} className={Classes.TEXT_MUTED}>
                None of its deleted children went with it.
              </td>
            </tr>
          )}
          {restored.map((c) => (
            <tr key={`${c.table}\u0000${String(c.id)}`}>
              <td>
                {c.table} {String(c.id)}
              </td>
              <td className="restore-child-title">{c.title ?? ''}</td>
              <td>
                {c.parent.table} {String(c.parent.id)}
              </td>
              <td>
                {c.basedOn.changeCue}, {formatTime(c.basedOn.byTime, timeZone)}
                {c.omitted.length > 0 && <div className={Classes.TEXT_MUTED}>Left out: {c.omitted.map((o) => o.field).join(', ')}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      {leftOut.length > 0 && (
        <HTMLTable compact className="restore-children-table" data-testid="children-left-out" aria-label="Children the script leaves out">
          <thead>
            <tr>
              <th>Not restored</th>
              <th>Title</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {leftOut.map((c) => (
              <tr key={`${c.table}\u0000${String(c.id)}`}>
                <td>
                  {c.table} {String(c.id)}
                </td>
                <td className="restore-child-title">{c.title ?? ''}</td>
                <td>{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </div>
  );
}
