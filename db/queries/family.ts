/**
 * A record's family: the record, the records that belong to it (db/schema/relations.ts), theirs in
 * turn, to a depth. Read from the logs, not the base tables, so that children since deleted or
 * moved are found: a child belongs to the family when any of its log rows names a member of the
 * level above in the relation's column (its snapshot said so at that time).
 *
 * Each table comes in once, at the shallowest depth it is reached (a table reachable two ways, or
 * a cycle of relations, is not read twice). A level is one indexed query per relation
 * (`SELECT DISTINCT parent key … WHERE column IN (owners)`); the index hint for it is the child
 * log's `(column, ByTime, ID)` (db/schema/index-hints.ts).
 */
import { sql } from 'kysely';
import type { RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { column } from '../engine';
import type { LogTableInfo, Relation } from '../schema/catalog';
import { childrenOf } from '../schema/relations';
import type { QueryContext } from './context';
import { listSlots, listValues, paddedListSize } from './activity-reads';
import { runCompiled } from './compiled';
import { logIndexes } from './log-indexes';

/** The deepest a family is read (children's children's children). */
export const MAX_DEPTH = 3;
/** Past this many records of one table in a family, it is not read together (one sentence says so). */
export const MAX_FAMILY_RECORDS = 10_000;

/** One table of a family. */
export interface FamilyLog {
  info: LogTableInfo;
  /** How its records belong to the level above (null: the record's own table). */
  relation: Relation | null;
  /** 0 for the record's own table, 1 for its children, … */
  depth: number;
  /**
   * The ids of the level above that its log rows must name in `relation.column` for the row to
   * belong (empty for the record's own table).
   */
  owners: unknown[];
  /** Its records that ever belonged (the record itself for its own table), as its log stores them. */
  records: unknown[];
  /**
   * Its log rows that name one of `owners` (those without a record included), counted as its
   * records were listed; null for the record's own table.
   */
  namingRows: number | null;
}

/** The family of `id` in `info`'s table, to `depth` levels below it (0: the record alone). */
export async function readFamily(ctx: QueryContext, info: LogTableInfo, id: RecordId, depth: number): Promise<FamilyLog[]> {
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_DEPTH) {
    throw new AuditError('bad-request', `The depth of related records must be a whole number from 0 to ${MAX_DEPTH}.`);
  }
  const family: FamilyLog[] = [{ info, relation: null, depth: 0, owners: [], records: [id], namingRows: null }];
  const seen = new Set([info.name]);
  let level = family;
  for (let d = 1; d <= depth && level.length > 0; d++) {
    // A level's tables are read at once (on a server, in parallel), in a fixed order.
    const reads: Array<Promise<FamilyLog>> = [];
    for (const parent of level) {
      for (const relation of childrenOf(ctx.catalog, parent.info.name)) {
        if (seen.has(relation.child)) continue;
        const child = ctx.catalog.tables.find((t) => t.name === relation.child);
        if (!child) continue;
        seen.add(child.name);
        reads.push(
          namingOwners(ctx, child, relation.column, parent.records).then(({ records, rows }) => ({
            info: child,
            relation,
            depth: d,
            owners: parent.records,
            records,
            namingRows: rows,
          })),
        );
      }
    }
    const next = await Promise.all(reads);
    family.push(...next);
    level = next.filter((member) => member.records.length > 0);
  }
  return family;
}

/** The records of `child` whose log rows ever named one of `owners` in `columnName`. */
export async function recordsNaming(ctx: QueryContext, child: LogTableInfo, columnName: string, owners: readonly unknown[]): Promise<unknown[]> {
  return (await namingOwners(ctx, child, columnName, owners)).records;
}

/**
 * The records of `child` whose log rows ever named one of `owners`, and how many rows did (rows
 * without a record included): one pass over the column's index, grouped by record, so the count
 * {@link everyRowNamesAnOwner} compares costs no second pass.
 */
async function namingOwners(ctx: QueryContext, child: LogTableInfo, columnName: string, owners: readonly unknown[]): Promise<{ records: unknown[]; rows: number }> {
  if (owners.length === 0) return { records: [], rows: 0 };
  const log = ctx.engine.table(child.logTable);
  const key = column('l', child.columns.parentKey);
  const values: Record<string, unknown> = {};
  listValues('own', owners, values);
  // One group more than the records allowed, and the group of rows without a record. Compiled
  // once per table, column and padded list size: a story's first page asks several of these.
  const groups = await runCompiled<{ k: unknown; n: unknown }>(
    ctx.engine,
    `family:${child.logTable}:${columnName}:${paddedListSize(owners.length)}`,
    (slot) => ({
      compile: () =>
        sql<{ k: unknown; n: unknown }>`SELECT ${key} AS k, count(*) AS n FROM ${log} AS l
          WHERE ${column('l', columnName)} IN (${listSlots('own', owners.length, slot)})
          GROUP BY ${key} LIMIT ${sql.lit(MAX_FAMILY_RECORDS + 2)}`.compile(ctx.engine.db),
    }),
    values,
  );
  const records = groups.filter((g) => g.k !== null && g.k !== undefined).map((g) => g.k);
  if (records.length > MAX_FAMILY_RECORDS) {
    throw new AuditError(
      'bad-request',
      `More than ${MAX_FAMILY_RECORDS.toLocaleString('en')} ${child.name} records belong here, too many to read as one story; read them in Activity, filtered to ${child.name}.`,
    );
  }
  return { records, rows: groups.reduce((sum, g) => sum + Number(g.n), 0) };
}

/**
 * Whether every log row of a family member's records names one of its owners: no child ever
 * moved to another parent or lost its parent. Asked only where an index leads with the column
 * (the app suggests (column, ByTime, ID, record id)); two counts read from indexes alone: the rows
 * naming an owner (counted as the family was read: `namingRows`), and all rows of the records
 * (the history index). Equal counts let the related log read the child's
 * rows by the owner column alone, in time order from its index, instead of reading every row of
 * every child to find the newest (db/queries/activity-reads.ts, `Within.neverMoved`).
 */
export async function everyRowNamesAnOwner(ctx: QueryContext, member: FamilyLog): Promise<boolean> {
  if (member.relation === null || member.records.length === 0 || member.namingRows === null) return false;
  // Without an index leading with the column, reading by it would read the whole log: the
  // records' own (parent key) index serves better, whatever the answer.
  const relation = member.relation;
  if (!(await logIndexes(ctx, member.info)).some((index) => index.columns[0] === relation.column)) return false;
  const log = ctx.engine.table(member.info.logTable);
  const key = member.info.columns.parentKey;
  const values: Record<string, unknown> = {};
  listValues('rec', member.records, values);
  const [row] = await runCompiled<{ all: unknown }>(
    ctx.engine,
    `family-rows:${member.info.logTable}:${paddedListSize(member.records.length)}`,
    (slot) => ({
      compile: () =>
        sql<{ all: unknown }>`SELECT count(*) AS ${sql.id('all')} FROM ${log} AS l
          WHERE ${column('l', key)} IN (${listSlots('rec', member.records.length, slot)})`.compile(ctx.engine.db),
    }),
    values,
  );
  return row !== undefined && member.namingRows === Number(row.all);
}

