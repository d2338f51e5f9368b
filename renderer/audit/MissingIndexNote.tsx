/**
 * Said where it matters, above a record's log: the log table lacks the index history reads need,
 * so reads scan the whole log. Offers the CREATE INDEX statement for a DBA (never run by the app).
 */
import { Button, Callout, Classes, Collapse } from '@blueprintjs/core';
import { useState } from 'react';
import type { LoggedTable } from '../../shared/domain';

export function MissingIndexNote({ table }: { table: LoggedTable }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const hint = table.missingIndex;
  if (!hint) return null;
  return (
    <Callout intent="warning" icon="time" compact className="missing-index-note" data-testid="missing-index-note">
      <div className="missing-index-text">
        <span>
          {table.logTable} has no index on {table.parentKey}, so reading a record's log scans the whole table and can be slow.
        </span>
        <Button small minimal rightIcon={open ? 'chevron-up' : 'chevron-down'} onClick={() => setOpen((o) => !o)}>
          Statement for a DBA
        </Button>
      </div>
      <Collapse isOpen={open}>
        <pre className={`${Classes.CODE_BLOCK} create-index`}>{hint.createStatement}</pre>
        <Button
          small
          icon="duplicate"
          onClick={() => navigator.clipboard.writeText(hint.createStatement).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? 'Copied' : 'Copy CREATE INDEX'}
        </Button>
      </Collapse>
    </Callout>
  );
}
