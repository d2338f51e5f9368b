/**
 * Whether an export would hold any entry, asked before a file is made: an export of nothing says
 * so (in the dialog and on the command line) instead of saving a file with a header and no lines,
 * which reads as "exported" and looks like a complete, empty record. One page of one entry, through
 * the same calls and filter the export itself pages with, so both always agree on "nothing".
 */
import type { AuditApi, CallOptions } from './contract';
import { describeExportSource, type ExportSource } from './export-contract';

export async function hasEntriesToExport(
  api: Pick<AuditApi, 'getHistory' | 'getRelatedHistory' | 'listActivity'>,
  source: ExportSource,
  options?: CallOptions,
): Promise<boolean> {
  const page =
    source.kind === 'history'
      ? await api.getHistory({ table: source.table, id: source.id, filter: source.filter, limit: 1 }, options)
      : source.kind === 'related'
        ? await api.getRelatedHistory({ table: source.table, id: source.id, depth: source.depth, filter: source.filter, limit: 1 }, options)
        : await api.listActivity({ filter: source.filter, limit: 1 }, options);
  return page.entries.length > 0;
}

/** The sentence for an export of nothing: "Nothing to export: no entry matches Customer 1's log · … ." */
export function nothingToExportText(source: ExportSource): string {
  return `Nothing to export: no entry matches ${describeExportSource(source)}.`;
}
