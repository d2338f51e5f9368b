/**
 * Which deleted children a restore with children puts back (GetRestoreSqlRequest.withChildren),
 * level by level down the record's family (family.ts), parents before children.
 *
 * A child of a restored parent (its log named the parent at some time) is restored when
 *
 * - its row is gone (a child whose row exists is never touched: it may have moved, or never gone);
 * - its last snapshot still names that parent (a child that moved to another parent before it went
 *   belongs to that story, not this one);
 * - and it went together with the parent: in the same change as the parent's deletion (the same
 *   person at the same instant), or after the parent's last entry before its deletion. A child
 *   deleted earlier, while the parent lived on, was removed on its own (often by the save that
 *   gave the parent its last entry: that save's `Unchanged` parent entry and the child's deletion
 *   share an instant, so "after" is strict). Where a child's deletion was not logged (its row is
 *   gone, its last entry is no deletion), its last entry is the earliest it can have gone: it is
 *   restored only when that is after the parent's last entry, and otherwise left out as unknown.
 *
 * Every child of a restored parent that is not restored is listed with one sentence saying why,
 * so the script's comments leave none out silently. The children of a record that is not restored
 * stay with it (it is listed).
 */
import type { ChildLeftOut, RestoredChild } from '../../shared/contract';
import type { RecordId } from '../../shared/domain';
import type { LogTableInfo } from '../schema/catalog';
import { instantKey, type TimeCodec } from '../time-codec';
import { toFieldValue, toRecordId } from '../values';
import { timeCodec, type QueryContext } from './context';
import { MAX_DEPTH, readFamily, recordsNaming } from './family';
import { isAllNull, snapshotOf, type LogRow } from './log-entries';
import { compareRecordIds, newestRowsOf, recordKeyOf } from './newest-rows';
import { presentRecords } from './record-access';
import { shownRecord } from './shown-record';
import { utcText } from './sql-script';

/** Rows read per record: only legacy rows (and repeated deletions) come before the ones needed. */
export const ROWS_PER_RECORD = 20;

/** A deleted child to restore: its table, id, and the row whose snapshot its INSERT is built from. */
export interface ChildToRestore {
  info: LogTableInfo;
  id: RecordId;
  title: string | null;
  parent: RestoredChild['parent'];
  source: LogRow;
}

/** What a restored record's children are compared with. */
interface RestoredParent {
  info: LogTableInfo;
  /** Its id as its log stores it (children's logs are searched for it). */
  raw: unknown;
  id: RecordId;
  /** The instant key of its last entry before its deletion (null: none readable). */
  lastAlive: string | null;
  /** Its last entry's time, readable (for the sentences). */
  lastAliveText: string | null;
  /** Its deletion, when logged: the person and instant key a child deleted with it shares. */
  deletion: { by: string | null; at: string } | null;
}

function isDeletion(info: LogTableInfo, row: LogRow): boolean {
  return snapshotOf(info, row).changeCue === 'Deleted';
}

function byOf(info: LogTableInfo, row: LogRow): string | null {
  if (!info.columns.byId) return null;
  const by = toFieldValue(row[info.columns.byId]);
  return by === null ? null : String(by);
}

function timeKeyOf(codec: TimeCodec, raw: unknown): { key: string; instant: string } | null {
  const instant = codec.decode(raw);
  return instant === null ? null : { key: instantKey(instant), instant };
}

/** A restored record as its children are judged against it, from its newest rows. */
export function restoredParent(info: LogTableInfo, raw: unknown, rows: readonly LogRow[], codec: TimeCodec): RestoredParent {
  const alive = rows.find((row) => !isDeletion(info, row));
  const lastAlive = alive ? timeKeyOf(codec, alive[info.columns.byTime]) : null;
  const last = rows[0];
  const deletedAt = last && isDeletion(info, last) ? timeKeyOf(codec, last[info.columns.byTime]) : null;
  return {
    info,
    raw,
    id: toRecordId(raw) ?? String(raw),
    lastAlive: lastAlive?.key ?? null,
    lastAliveText: lastAlive ? utcText(lastAlive.instant) : null,
    deletion: last && deletedAt ? { by: byOf(info, last), at: deletedAt.key } : null,
  };
}

/**
 * The deleted children of `info`'s record `id` (deleted, with `rows` its newest log rows) that a
 * restore with children puts back, parents first, and the family's records it leaves out.
 */
export async function deletedChildren(
  ctx: QueryContext,
  info: LogTableInfo,
  id: RecordId,
  rows: readonly LogRow[],
): Promise<{ restore: ChildToRestore[]; leftOut: ChildLeftOut[] }> {
  const reveal = ctx.settings.revealSensitive === true;
  const family = await readFamily(ctx, info, id, MAX_DEPTH);
  const restored = new Map<string, Map<string, RestoredParent>>();
  restored.set(info.name, new Map([[String(id), restoredParent(info, id, rows, await timeCodec(ctx, info))]]));
  const restore: ChildToRestore[] = [];
  const leftOut: ChildLeftOut[] = [];

  for (const member of family) {
    if (!member.relation) continue;
    const child = member.info;
    const parentTable = member.relation.parent;
    const parents = restored.get(parentTable) ?? new Map<string, RestoredParent>();
    const mine = new Map<string, RestoredParent>();
    restored.set(child.name, mine);
    if (parents.size === 0) continue;
    const candidates = (await recordsNaming(ctx, child, member.relation.column, [...parents.values()].map((p) => p.raw))).sort(compareRecordIds);
    const rowsOf = await newestRowsOf(ctx, child, candidates, ROWS_PER_RECORD);
    const present = await presentRecords(ctx, child, candidates.map((c) => toRecordId(c)).filter((c): c is RecordId => c !== null));
    const codec = await timeCodec(ctx, child);

    for (const raw of candidates) {
      const key = recordKeyOf(raw)!;
      const childId = toRecordId(raw)!;
      const its = rowsOf.get(key) ?? [];
      const last = its[0];
      const source = its.find((row) => !isAllNull(child, row));
      const title = source ? shownRecord(child, snapshotOf(child, source).values, reveal).title : null;
      const named = source ? recordKeyOf(source[member.relation.column]) : null;
      const parent = named === null ? undefined : parents.get(named);
      const skip = (reason: string) => leftOut.push({ table: child.name, id: childId, title, reason });
      if (present.has(key)) {
        skip(parent ? 'its row still exists, so it is not touched.' : `it moved to another ${parentTable} and its row still exists, so it is not touched.`);
        continue;
      }
      if (!last || !source) {
        skip('its log holds no snapshot of it (only legacy entries), so it cannot be restored from it.');
        continue;
      }
      if (!parent) {
        skip(`its last snapshot names another ${parentTable} (it had moved away before it was deleted), so it belongs to that record's story.`);
        continue;
      }
      const lastTime = timeKeyOf(codec, last[child.columns.byTime]);
      const deletion = isDeletion(child, last);
      const sameChange =
        deletion && lastTime !== null && parent.deletion !== null && parent.deletion.at === lastTime.key && parent.deletion.by === byOf(child, last);
      const afterParent = lastTime !== null && parent.lastAlive !== null && lastTime.key > parent.lastAlive;
      if (sameChange || afterParent) {
        restore.push({ info: child, id: childId, title, parent: { table: parentTable, id: parent.id }, source });
        mine.set(key, restoredParent(child, raw, its, codec));
        continue;
      }
      const parentName = `${parentTable} ${String(parent.id)}`;
      const parentLast = parent.lastAliveText === null ? 'an unreadable time' : parent.lastAliveText;
      if (lastTime === null) skip(`the time of its last entry cannot be read, so whether it went with ${parentName} is unknown.`);
      else if (deletion) skip(`it was deleted at ${utcText(lastTime.instant)}, before ${parentName}'s last change (${parentLast}): it was removed on its own.`);
      else {
        skip(
          `its deletion was not logged, and its last entry (${utcText(lastTime.instant)}) is not after ${parentName}'s last change (${parentLast}), so it may have been removed on its own.`,
        );
      }
    }
  }
  return { restore, leftOut };
}
