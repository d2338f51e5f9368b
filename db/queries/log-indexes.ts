/**
 * The indexes of a log table, looked up once per table entry of the catalog (a discovery) and
 * remembered: reads that choose how to read by the indexes there are (the people list, the cue
 * filter, a related log) ask on every call, and the answer changes only when a DBA adds one, which
 * the next discovery sees. A view has none.
 */
import type { TableIndex } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { isAggregateIndex, isPersonIndex } from '../schema/index-hints';
import type { QueryContext } from './context';

const known = new WeakMap<LogTableInfo, Promise<readonly TableIndex[]>>();

export function logIndexes(ctx: QueryContext, info: LogTableInfo): Promise<readonly TableIndex[]> {
  let indexes = known.get(info);
  if (!indexes) {
    indexes = info.logKind === 'view' ? Promise.resolve([]) : ctx.engine.indexes(info.logTable);
    // A failed look-up is not remembered: the next call asks again.
    indexes.catch(() => known.delete(info));
    known.set(info, indexes);
  }
  return indexes;
}

/** Whether the log has the aggregate index (time, id, person and cue: db/schema/index-hints.ts). */
export async function hasAggregateIndex(ctx: QueryContext, info: LogTableInfo): Promise<boolean> {
  return (await logIndexes(ctx, info)).some((index) => isAggregateIndex(info, index));
}

/** Whether the log has the person index (`(ByID, ByTime)`: db/schema/index-hints.ts). */
export async function hasPersonIndex(ctx: QueryContext, info: LogTableInfo): Promise<boolean> {
  return (await logIndexes(ctx, info)).some((index) => isPersonIndex(info, index));
}

/** Whether an index keeps the log's id unique (a primary key or a unique index on it alone). */
export async function hasUniqueId(ctx: QueryContext, info: LogTableInfo): Promise<boolean> {
  return (await logIndexes(ctx, info)).some((index) => index.unique && index.columns.length === 1 && index.columns[0] === info.columns.id);
}
