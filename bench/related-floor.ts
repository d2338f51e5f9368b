/**
 * The floor of a record's related log, hand-written on a raw connection: one UNION ALL of the same
 * indexed queries, each log's newest `limit + 1` rows that belong with each row's predecessor found
 * by one probe on the (parent key, ByTime, ID) index: the record's own log by its parent key, each
 * child log by its relation column IN the ids of the level above (read, for a grandchild, from
 * the parent's log by its relation column), sorted across the logs (ByTime, then table, then id)
 * and limited; then the page's rows and their predecessors fetched, one query per log. No query
 * builder, no normalised values, no diff, no moved-away entries (the demo moves no child).
 */
import type { LoggedTable, TableRelation } from '../shared/domain';
import type { RawReader } from './suite';

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

interface Member {
  table: LoggedTable;
  relation: TableRelation | null;
  parent: Member | null;
}

/** The family's tables to `depth`, each once (as db/queries/family.ts reads them). */
function familyOf(tables: readonly LoggedTable[], relations: readonly TableRelation[], root: string, depth: number): Member[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const family: Member[] = [{ table: byName.get(root)!, relation: null, parent: null }];
  const seen = new Set([root]);
  let level = family;
  for (let d = 1; d <= depth; d++) {
    const next: Member[] = [];
    for (const parent of level) {
      for (const relation of relations.filter((r) => r.parent === parent.table.name && !seen.has(r.child) && byName.has(r.child))) {
        seen.add(relation.child);
        next.push({ table: byName.get(relation.child)!, relation, parent });
      }
    }
    family.push(...next);
    level = next;
  }
  return family;
}

/** The ids a member's rows must name in its relation column: the record, or the records of the level above. */
function ownersSql(member: Member): string {
  const parent = member.parent!;
  if (!parent.relation) return '?';
  return `SELECT o.${q(parent.table.parentKey)} FROM ${q(parent.table.logTable)} AS o WHERE o.${q(parent.relation.column)} IN (${ownersSql(parent)})`;
}

/** The related log's first page as `table:id`, newest first (what our page must hold, in order). */
export async function relatedFloor(
  raw: RawReader,
  tables: readonly LoggedTable[],
  relations: readonly TableRelation[],
  root: string,
  id: number,
  depth: number,
  limit: number,
): Promise<string[]> {
  const family = familyOf(tables, relations, root, depth);
  const params: unknown[] = [];
  const branches = family.map((member) => {
    const { table } = member;
    const log = q(table.logTable);
    const parent = q(table.parentKey);
    const where = member.relation ? `l.${q(member.relation.column)} IN (${ownersSql(member)})` : `l.${parent} = ?`;
    // Each branch names the record once: by parent key, or innermost in its owners.
    params.push(id);
    return `SELECT * FROM (SELECT ${literal(table.name)} AS tbl, l."ByTime" AS t, l."ID" AS id, (SELECT x."ID" FROM ${log} AS x
        WHERE x.${parent} = l.${parent} AND (x."ByTime", x."ID") < (l."ByTime", l."ID") ORDER BY x."ByTime" DESC, x."ID" DESC LIMIT 1) AS prev
      FROM ${log} AS l WHERE ${where} ORDER BY l."ByTime" DESC, l."ID" DESC LIMIT ${limit + 1}) AS ${q(`b_${table.name}`)}`;
  });
  const page = (await raw.all(`${branches.join('\nUNION ALL\n')}\nORDER BY 2 DESC, 1 ASC, 3 DESC LIMIT ${limit}`, params)) as Array<{ tbl: string; id: unknown; prev: unknown }>;
  for (const member of family) {
    const ids = page.filter((p) => p.tbl === member.table.name).flatMap((p) => (p.prev === null ? [p.id] : [p.id, p.prev]));
    if (ids.length === 0) continue;
    await raw.all(`SELECT * FROM ${q(member.table.logTable)} WHERE "ID" IN (${ids.map(() => '?').join(', ')})`, ids);
  }
  return page.map((p) => `${p.tbl}:${String(p.id)}`);
}
