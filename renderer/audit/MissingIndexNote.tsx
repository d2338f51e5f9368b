/**
 * Said where it matters: above a record's log when the log table lacks the index history reads
 * need (reads then scan the whole log), above a searched record list when the table has no
 * search index (a search then reads every record), and above Review and Insights when logs lack
 * the aggregate index (their time index without the person and the cue: every row of the period
 * is then read). Offers the statements for a DBA (never run by the app).
 */
import { Button, Callout, Classes, Collapse } from '@blueprintjs/core';
import { useState } from 'react';
import type { LoggedTable } from '../../shared/domain';
import { aggregateHint } from './aggregate-hint';

/** What is slow, and the statements that would make it fast; null when nothing is missing. */
function hintFor(table: LoggedTable, read: 'history' | 'search'): { reason: string; statements: string; copy: string } | null {
  if (read === 'history') {
    const missing = table.missingIndex;
    if (!missing) return null;
    return {
      reason: `${table.logTable} has no index on ${table.parentKey}, so reading a record's log scans the whole table and can be slow.`,
      statements: missing.createStatement,
      copy: 'Copy CREATE INDEX',
    };
  }
  const search = table.indexHints.find((h) => h.read === 'search');
  return search ? { reason: search.reason, statements: search.statements, copy: 'Copy statements' } : null;
}

/** Above Review and Insights: the aggregate index missing from some logs (nothing when none lacks it). */
export function AggregateIndexNote({ tables, what }: { tables: readonly LoggedTable[]; what: string }) {
  const hint = aggregateHint(tables, what);
  return hint ? <IndexNote hint={hint} testId="aggregate-index-note" /> : null;
}

export function MissingIndexNote({ table, read = 'history' }: { table: LoggedTable; read?: 'history' | 'search' }) {
  const hint = hintFor(table, read);
  if (!hint) return null;
  return <IndexNote hint={hint} testId={`missing-index-note${read === 'history' ? '' : `-${read}`}`} />;
}

/** One missing index: what is slow without it, and its statements to show and copy (log health lists them too). */
export function IndexNote({ hint, testId }: { hint: { reason: string; statements: string; copy: string }; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <Callout intent="warning" icon="time" compact className="missing-index-note" data-testid={testId}>
      <div className="missing-index-text">
        <span>{hint.reason}</span>
        <Button small minimal rightIcon={open ? 'chevron-up' : 'chevron-down'} onClick={() => setOpen((o) => !o)}>
          {hint.statements.includes('\n') ? 'Statements for a DBA' : 'Statement for a DBA'}
        </Button>
      </div>
      <Collapse isOpen={open}>
        <pre className={`${Classes.CODE_BLOCK} create-index`}>{hint.statements}</pre>
        <Button small icon="duplicate" onClick={() => navigator.clipboard.writeText(hint.statements).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? 'Copied' : hint.copy}
        </Button>
      </Collapse>
    </Callout>
  );
}
