/**
 * The Activity's floor, hand-written on a raw connection: each log's next keys picked from its
 * (ByTime, ID) index alone, merged by time (then table, then id), and the page's rows fetched per
 * log with each row's previous entry joined by one probe on the (parent key, ByTime, ID) index.
 * No query builder, no normalised values, no diff: what any reader of the same page must do.
 */
import type { LoggedTable } from '../shared/domain';
import type { RawReader } from './suite';

/** A condition on the log (alias `l`) and its values, for a filtered floor. */
export interface FloorFilter {
  where(table: LoggedTable): { sql: string; params: unknown[] } | null;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Keys as the merge compares them: a driver's Date as its time, text as written (the demo writes one shape). */
function timeOf(value: unknown): number | string {
  return value instanceof Date ? value.getTime() : String(value);
}

/** The page's entries as `table:id`, newest first (what our page must hold, in order). */
export async function activityFloor(raw: RawReader, tables: readonly LoggedTable[], limit: number, filter?: FloorFilter): Promise<string[]> {
  const picked: Array<{ table: LoggedTable; t: number | string; id: unknown }> = [];
  for (const table of tables) {
    const condition = filter ? filter.where(table) : null;
    if (filter && !condition) continue;
    const rows = await raw.all(
      `SELECT l."ByTime" AS t, l."ID" AS id FROM ${q(table.logTable)} AS l ${condition ? `WHERE ${condition.sql}` : ''} ORDER BY l."ByTime" DESC, l."ID" DESC LIMIT ?`,
      [...(condition?.params ?? []), limit + 1],
    );
    for (const row of rows) picked.push({ table, t: timeOf(row.t), id: row.id });
  }
  picked.sort((a, b) => (a.t > b.t ? -1 : a.t < b.t ? 1 : a.table.name < b.table.name ? -1 : a.table.name > b.table.name ? 1 : Number(b.id) - Number(a.id)));
  const page = picked.slice(0, limit);
  for (const table of tables) {
    const ids = page.filter((p) => p.table === table).map((p) => p.id);
    if (ids.length === 0) continue;
    const log = q(table.logTable);
    const parent = q(table.parentKey);
    await raw.all(
      `SELECT e.*, p.* FROM ${log} AS e LEFT JOIN ${log} AS p ON p."ID" = (SELECT x."ID" FROM ${log} AS x
         WHERE x.${parent} = e.${parent} AND (x."ByTime", x."ID") < (e."ByTime", e."ID") ORDER BY x."ByTime" DESC, x."ID" DESC LIMIT 1)
       WHERE e."ID" IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
  }
  return page.map((p) => `${p.table.name}:${String(p.id)}`);
}

/** Entries whose stored cue is exactly this (the demo spells each cue one way). */
export function cueFloor(cue: string): FloorFilter {
  return { where: () => ({ sql: 'l."ChangeCue" = ?', params: [cue] }) };
}

/**
 * Entries that changed a field: its value differs from the record's previous entry's, or the
 * entry is an Added or Deleted holding a value. Only logs with the field take part.
 */
export function fieldFloor(field: string, engine: 'sqlite' | 'postgres'): FloorFilter {
  return {
    where(table) {
      if (!table.fields.some((f) => f.name === field)) return null;
      const log = q(table.logTable);
      const parent = q(table.parentKey);
      const previous = `(SELECT p.${q(field)} FROM ${log} AS p WHERE p.${parent} = l.${parent} AND (p."ByTime", p."ID") < (l."ByTime", l."ID") ORDER BY p."ByTime" DESC, p."ID" DESC LIMIT 1)`;
      const differs = engine === 'postgres' ? `l.${q(field)} IS DISTINCT FROM ${previous}` : `l.${q(field)} IS NOT ${previous}`;
      return { sql: `((l.${q(field)} IS NOT NULL AND l."ChangeCue" IN ('Added', 'Deleted')) OR ${differs})`, params: [] };
    },
  };
}
