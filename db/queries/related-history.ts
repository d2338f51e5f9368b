/**
 * A record's whole story (GetRelatedHistoryRequest): its own log merged with the logs of its
 * family (db/queries/family.ts), newest first, paged by key. The merge, its order and its cursor
 * are Activity's (db/queries/merged-logs.ts); each log's read is kept to the family's records
 * (`Within`, db/queries/activity-reads.ts): the record's own rows by its parent key, a child's rows
 * while they named the level above as their parent, and the entry that moved it away.
 *
 * The logs of deleted records are for admins (db/queries/record-access.ts): a plain user's story
 * leaves out the children no longer in their tables (one query per child table).
 */
import type { GetRelatedHistoryRequest, GetRelatedHistoryResponse, RelatedTable } from '../../shared/contract';
import type { HistoryFilter, RecordId, Role } from '../../shared/domain';
import type { LogTableInfo } from '../schema/catalog';
import { AuditError } from '../../shared/errors';
import { toRecordId } from '../values';
import { resolveActivityFilter } from './activity-filter';
import type { Within } from './activity-reads';
import { pageSize, requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { everyRowNamesAnOwner, readFamily, type FamilyLog } from './family';
import type { BuildOptions } from './log-entries';
import { logFilterOf, openStream, positionOf, readMerged, type MergedPage, type Position } from './merged-logs';
import { presentRecords } from './record-access';

/** Levels of related records read when the request does not say. */
export const DEFAULT_DEPTH = 2;

export async function getRelatedHistory(ctx: QueryContext, req: GetRelatedHistoryRequest, role: Role): Promise<GetRelatedHistoryResponse> {
  const limit = pageSize(req.limit, 50);
  const position = req.cursor ? positionOf(req.cursor) : null;
  const story = await openRelatedStory(ctx, req, role);
  const page = await story.read(position, limit);
  return { entries: page.entries, nextCursor: page.nextCursor, family: story.family };
}

/** A record's story, checked and its family read once: pages of it from any position. */
export interface RelatedStory {
  family: RelatedTable[];
  /** The entries after `position` (null: from the newest), `limit` of them, built as `build` says. */
  read(position: Position | null, limit: number, build?: BuildOptions): Promise<MergedPage>;
}

/**
 * Checks the request, reads the family and each log's filter once; every read then merges fresh
 * streams from its position (a stream is spent by the page that reads it). Shared by the pages
 * and the export (db/export/entry-stream.ts), so a file holds exactly the entries the log shows.
 */
export async function openRelatedStory(ctx: QueryContext, req: Omit<GetRelatedHistoryRequest, 'limit' | 'cursor'>, role: Role): Promise<RelatedStory> {
  const info = requireTable(ctx, req.table);
  const id = requireRecordId(info, req.id);
  const raw = req.filter ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AuditError('bad-request', 'The log filter must be an object.');
  const filter = await resolveActivityFilter(ctx, historyPart(raw));
  if (filter.personId !== null && info.columns.byId === null) {
    throw new AuditError('bad-request', `The ${info.logTable} log does not record who made each change, so it cannot be filtered by person.`);
  }

  const { whole, neverMoved } = await storyFamily(ctx, info, id, req.depth ?? DEFAULT_DEPTH);
  const family = await readableFamily(ctx, whole, role);
  const chosen = chosenTables(ctx, family, raw.tables);
  const read = family
    .filter((member) => member.records.length > 0 && chosen.has(member.info.name))
    // A log that does not say who made a change has no entries by any one person.
    .filter((member) => (filter.personId === null && filter.performer === null) || member.info.columns.byId !== null)
    // The merge's order among entries at the same instant: by table name.
    .sort((a, b) => (a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0));
  const logs = await Promise.all(
    read.map(async (member) => {
      const codec = await timeCodec(ctx, member.info);
      const narrowed = member.records.length !== whole.find((m) => m.info.name === member.info.name)!.records.length;
      return { info: member.info, codec, logFilter: await logFilterOf(ctx, member.info, codec, filter, withinOf(member, neverMoved.get(member.info.name) === true, narrowed)) };
    }),
  );
  return {
    family: family.map(relatedTable),
    read: (position, limit, build) =>
      readMerged(ctx, logs.map((log) => openStream(log.info, log.codec, log.logFilter)), position, limit, filter, build),
  };
}

/** A record's whole family, and which of its tables' children never moved (read by their owners alone). */
interface StoryFamily {
  whole: FamilyLog[];
  neverMoved: Map<string, boolean>;
}

/** Families remembered per service, while its database is unchanged (at most this many). */
const REMEMBERED_FAMILIES = 16;
const remembered = new WeakMap<QueryContext, { version: string; families: Map<string, StoryFamily> }>();

/**
 * The family of a record and what its logs say of moves: read from the logs, the larger part of a
 * story's first page, so remembered while the database stays exactly as it was
 * (`Engine.dataVersion`: the pages that follow, an Entity or date filter, the record opened
 * again read it once). Where the engine cannot tell a change at once (PostgreSQL), it is read
 * every time.
 */
async function storyFamily(ctx: QueryContext, info: LogTableInfo, id: RecordId, depth: number): Promise<StoryFamily> {
  const version = ctx.engine.dataVersion();
  const key = JSON.stringify([info.name, typeof id, String(id), depth]);
  let memory = remembered.get(ctx);
  if (version !== null && memory?.version === version) {
    const known = memory.families.get(key);
    if (known) {
      // The most recently used last: the first is the one to forget.
      memory.families.delete(key);
      memory.families.set(key, known);
      return known;
    }
  }
  const whole = await readFamily(ctx, info, id, depth);
  // Read on the whole family (a property of the logs, not of who reads them).
  const neverMoved = new Map(await Promise.all(whole.map(async (member) => [member.info.name, await everyRowNamesAnOwner(ctx, member)] as const)));
  const family = { whole, neverMoved };
  // Asked again after the read: a change during it is not remembered as the family's.
  if (version !== null && ctx.engine.dataVersion() === version) {
    if (memory?.version !== version) {
      memory = { version, families: new Map() };
      remembered.set(ctx, memory);
    }
    memory.families.set(key, family);
    if (memory.families.size > REMEMBERED_FAMILIES) memory.families.delete(memory.families.keys().next().value!);
  }
  return family;
}

/** The log filter's own parts (the Entity filter is decided per table, not per entry). */
function historyPart(raw: HistoryFilter & { tables?: unknown }): HistoryFilter {
  return { from: raw.from, to: raw.to, timeZone: raw.timeZone, by: raw.by, made: raw.made, performedBy: raw.performedBy };
}

/** The family as `role` may read it: a plain user's without the children gone from their tables. */
async function readableFamily(ctx: QueryContext, family: FamilyLog[], role: Role): Promise<FamilyLog[]> {
  if (role !== 'user') return family;
  return Promise.all(
    family.map(async (member) => {
      if (member.relation === null) return member;
      const ids = member.records.map(toRecordId).filter((r) => r !== null);
      const present = await presentRecords(ctx, member.info, ids);
      return { ...member, records: member.records.filter((r) => present.has(String(toRecordId(r)))) };
    }),
  );
}

/** The tables of the Entity filter, each one of the family's (all of them when it names none). */
function chosenTables(ctx: QueryContext, family: readonly FamilyLog[], tables: unknown): Set<string> {
  const all = new Set(family.map((member) => member.info.name));
  if (tables === undefined || tables === null || (Array.isArray(tables) && tables.length === 0)) return all;
  if (!Array.isArray(tables)) throw new AuditError('bad-request', 'The tables to show must be a list of table names.');
  const chosen = new Set<string>();
  for (const table of tables) {
    const name = typeof table === 'string' ? ctx.catalog.tables.find((t) => t.name === table || t.name.toLowerCase() === table.toLowerCase())?.name : undefined;
    if (name === undefined || !all.has(name)) {
      throw new AuditError('bad-request', `${typeof table === 'string' ? `"${table}"` : 'That'} is not a table of this record's story (${[...all].join(', ')}).`);
    }
    chosen.add(name);
  }
  return chosen;
}

/** The rows of a family member's log that belong to the story. */
function withinOf(member: FamilyLog, neverMoved: boolean, narrowed: boolean): Within {
  return {
    records: member.records,
    owners: member.relation ? { column: member.relation.column, ids: member.owners } : null,
    ...(neverMoved ? { neverMoved: { narrowed } } : {}),
  };
}

function relatedTable(member: FamilyLog): RelatedTable {
  return {
    table: member.info.name,
    parent: member.relation?.parent ?? null,
    column: member.relation?.column ?? null,
    depth: member.depth,
    records: member.records.length,
  };
}
