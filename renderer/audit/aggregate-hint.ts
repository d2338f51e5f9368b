/**
 * The aggregate index's note (db/schema/index-hints.ts, hint `review`): the logs whose time index
 * lacks the person and the cue, so that Review and Insights read every entry of a period from the
 * table, said once for all of them with every statement a DBA would run. Pure, for its test.
 */
import type { LoggedTable } from '../../shared/domain';

/** The logs whose time index lacks the person and the cue, as one note: which, and every statement. */
export function aggregateHint(tables: readonly Pick<LoggedTable, 'logTable' | 'indexHints'>[], what: string): { reason: string; statements: string; copy: string } | null {
  const missing = tables.flatMap((t) => t.indexHints.filter((h) => h.read === 'review').map((h) => ({ log: t.logTable, statements: h.statements })));
  if (missing.length === 0) return null;
  const logs = missing.map((m) => m.log);
  const named = logs.length === 1 ? logs[0]! : `${logs.slice(0, -1).join(', ')} and ${logs[logs.length - 1]!}`;
  return {
    reason: `${what} reads every entry of the period from ${named}: ${logs.length === 1 ? 'its time index lacks' : 'their time indexes lack'} the person or the change cue, so a long period can be slow.`,
    statements: missing.map((m) => m.statements).join('\n'),
    copy: 'Copy statements',
  };
}
