/**
 * The entries of an export read as one stream per log, for whole-log work: each log is read by
 * ONE query in the export's order (newest first by (ByTime, ID)), each row carrying its record's
 * previous entry, every value whole, streamed a batch at a time (SQLite iterates the statement,
 * PostgreSQL reads a server-side cursor: see `Engine.streamRows`), never the whole log in memory.
 * Activity merges the logs exactly as `listActivity` does (db/queries/activity-filter.ts); a
 * record's history is that record's log. Entries are built by `buildEntries` with whole values and
 * titled by `titleOfShown`, the one place masking and titles are decided, so an export holds the
 * same entries as the screens' pages, values whole.
 *
 * How the previous entry travels with its row: on PostgreSQL a `LAG()` window over (parent key,
 * ByTime, ID), the floor's own shape (the benchmark compares with it): the server sorts each log,
 * the logs in parallel, and streams it through a cursor. On SQLite a correlated seek of the
 * (parent key, ByTime, ID) index per row, read in the (ByTime, ID) index's order: no sort, so rows
 * come at once (SQLite runs on the app's own thread, and a window's sort of a whole log would hold
 * it, and every other call, until done). Measured on the scale-10 demo's Customer log (467
 * thousand rows, on a loaded machine): the plain newest-first read 31 s, with the seek 49 s, with
 * `LAG()` 104 s.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ActivityEntry, ActivityFilter, HistoryEntry, HowMadePart, Role } from '../../shared/domain';
import { HOW_MADE_PARTS } from '../../shared/how-made';
import { AuditError } from '../../shared/errors';
import { storyTables, type ExportSource } from '../../shared/export-contract';
import { cancelledError } from '../cancellation';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { NEWEST_KEY, type TimeCodec } from '../time-codec';
import {
  activityEntryMatches,
  activityFilterConditions,
  activityMergeKey,
  chooseActivityTables,
  fieldOf,
  resolveActivityFilter,
  type ResolvedActivityFilter,
} from '../queries/activity-filter';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from '../queries/context';
import { performerCondition } from '../queries/automation';
import { resolveFilter as resolveHistoryFilter } from '../queries/history';
import { buildEntries, newestFirst, olderThanRow, shownHowMadeParts, type BuildOptions, type LogRow } from '../queries/log-entries';
import { positionOf, type Position } from '../queries/merged-logs';
import { openRelatedStory } from '../queries/related-history';
import { titleOfShown } from '../queries/shown-record';
import { namedRow } from '../stream-batches';

/** An export's entries in file order, values whole, a batch at a time. */
export interface ExportEntries {
  /** Entries the export will hold (counted before the first is read), or null when unknown (a field filter). */
  total: number | null;
  /** Read it once; returning early closes every query. */
  batches: AsyncGenerator<Array<HistoryEntry | ActivityEntry>, void, undefined>;
  /** The parts of how a change was made that the exported logs record (a CSV gives each a column). */
  howMade?: HowMadePart[];
}

export interface ExportEntriesOptions {
  /** Aborting stops reading and cancels the running queries. */
  signal?: AbortSignal;
  /** Log rows read per round trip and entries handed out per batch. */
  batchSize?: number;
  /**
   * Build only what a CSV file writes (who, when, the cue, the changes): no snapshot, narrative or
   * title. Without it entries are whole, as JSON Lines writes them.
   */
  changesOnly?: boolean;
}

/** Entries per batch: round trips and per-batch work vanish, memory stays flat (values are whole). */
export const EXPORT_BATCH_SIZE = 500;

/** Alias prefix of the previous entry's columns beside each row; unlikely to clash with a real column. */
const PREVIOUS = 'audit_trail_browser_previous_';
const PREVIOUS_ID = `${PREVIOUS}id`;
const PREVIOUS_CUE = `${PREVIOUS}cue`;

/**
 * Checks the source (table, record, filter; errors come before any row is read), counts its
 * entries and returns the stream of them.
 */
export async function openExportEntries(ctx: QueryContext, source: ExportSource, options: ExportEntriesOptions = {}, role: Role = 'admin'): Promise<ExportEntries> {
  if (source === null || typeof source !== 'object' || (source.kind !== 'history' && source.kind !== 'related' && source.kind !== 'activity')) {
    throw new AuditError('bad-request', 'Say what to export: a record\'s history or the activity.');
  }
  const batchSize = options.batchSize ?? EXPORT_BATCH_SIZE;
  const build: BuildOptions = { wholeValues: true, changesOnly: options.changesOnly === true };
  if (source.kind === 'related') return openRelated(ctx, source, batchSize, build, options.signal, role);
  return source.kind === 'history'
    ? openHistory(ctx, source, batchSize, build, options.signal)
    : openActivity(ctx, source.filter ?? {}, batchSize, build, options.signal);
}

/**
 * A record's whole story, read as its pages are (db/queries/related-history.ts: the same family,
 * merge and order), a batch at a time with values whole. A story is one record's and its
 * family's, thousands of entries rather than millions: keyset pages are its floor. Not counted
 * (a related log has no total).
 */
async function openRelated(
  ctx: QueryContext,
  source: Extract<ExportSource, { kind: 'related' }>,
  batchSize: number,
  build: BuildOptions,
  signal: AbortSignal | undefined,
  role: Role,
): Promise<ExportEntries> {
  const story = await openRelatedStory(ctx, { table: source.table, id: source.id, depth: source.depth, filter: source.filter }, role);
  const infos = storyTables(story.family, source.filter?.tables).map((name) => requireTable(ctx, name));
  async function* batches(): AsyncGenerator<ActivityEntry[], void, undefined> {
    let position: Position | null = null;
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const page = await story.read(position, batchSize, build);
      if (page.entries.length > 0) yield page.entries;
      if (page.nextCursor === null) return;
      position = positionOf(page.nextCursor);
    }
  }
  return { total: null, batches: batches(), howMade: HOW_MADE_PARTS.filter((part) => infos.some((info) => shownHowMadeParts(info).includes(part))) };
}

/** A log row and its record's previous entry (null for the record's first). */
interface RowWithPrevious {
  rows: LogRow[];
  previous: Array<LogRow | null>;
}

/**
 * The columns of a log an entry is built from (db/queries/log-entries.ts reads no other), each
 * once, in the order the export's query selects them.
 */
function entryColumns(info: LogTableInfo): string[] {
  const { id, parentKey, byId, byName, byTime, changeCue } = info.columns;
  const names = [id, parentKey, byId, byName, byTime, changeCue, ...info.fieldNames, ...HOW_MADE_PARTS.map((part) => info.howMade[part]?.column ?? null)];
  return [...new Set(names.filter((name): name is string => name !== null))];
}

/**
 * One log's rows matching `conditions` (on alias `l`), newest first, each with its record's
 * previous entry in the whole log (unfiltered), a batch at a time. The engine hands each row out
 * as an array of the columns selected (no object with a key per column built by the driver); the
 * row and its previous entry are then made here, each with only the columns an entry reads.
 */
async function* logRows(
  ctx: QueryContext,
  info: LogTableInfo,
  conditions: readonly RawBuilder<boolean>[],
  batchSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<RowWithPrevious, void, undefined> {
  const { engine } = ctx;
  const { id, parentKey, changeCue } = info.columns;
  const carried = [...info.fieldNames, ...(changeCue ? [changeCue] : [])];
  // The aliases written once: each row reads its previous entry's columns by them.
  const previousAliases = carried.map((_, i) => (changeCue && i === info.fieldNames.length ? PREVIOUS_CUE : `${PREVIOUS}${i}`));
  const names = entryColumns(info);
  const log = engine.table(info.logTable);
  const where = conditions.length > 0 ? sql`WHERE ${sql.join([...conditions], sql` AND `)}` : sql``;
  // Selected in this order: the row's columns (`names`), the previous entry's id, its carried columns.
  const rowColumns = names.map((name) => column('l', name));
  let query: RawBuilder<unknown>;
  if (engine.kind === 'postgres') {
    const lag = (name: string) => sql`LAG(${column('l', name)}) OVER w`;
    const previousColumns = sql.join([sql`${lag(id)} AS ${sql.id(PREVIOUS_ID)}`, ...carried.map((name, i) => sql`${lag(name)} AS ${sql.id(previousAliases[i]!)}`)]);
    const outerPrevious = [PREVIOUS_ID, ...previousAliases].map((alias) => column('l', alias));
    query = sql`SELECT ${sql.join([...rowColumns, ...outerPrevious])} FROM (
        SELECT l.*, ${previousColumns} FROM ${log} AS l
        WINDOW w AS (PARTITION BY ${column('l', parentKey)} ORDER BY ${column('l', info.columns.byTime)}, ${column('l', id)})
      ) AS l ${where} ORDER BY ${newestFirst(info, 'l')}`;
  } else {
    const previousId = previousIdProbe(info, log);
    const previousColumns = sql.join([sql`${column('p', id)} AS ${sql.id(PREVIOUS_ID)}`, ...carried.map((name, i) => sql`${column('p', name)} AS ${sql.id(previousAliases[i]!)}`)]);
    query = sql`SELECT ${sql.join(rowColumns)}, ${previousColumns} FROM ${log} AS l
      LEFT JOIN ${log} AS p ON ${column('p', id)} = ${previousId}
      ${where} ORDER BY ${newestFirst(info, 'l')}`;
  }
  const width = names.length;
  const parentAt = names.indexOf(parentKey);
  const stream = engine.streamRows(query.compile(engine.db), { batchSize, ...(signal ? { signal } : {}) });
  // On PostgreSQL one batch is read ahead: the server sends the next while this one is built and
  // written. (SQLite reads on this thread: reading ahead would only hold a batch longer.)
  const readAhead = engine.kind === 'postgres';
  let ahead: ReturnType<typeof stream.next> | null = null;
  try {
    for (;;) {
      const read = await (ahead ?? stream.next());
      ahead = null;
      if (read.done) return;
      const batch = read.value;
      if (readAhead) {
        ahead = stream.next();
        // A read ahead that fails after the consumer has gone is nobody's error.
        ahead.catch(() => undefined);
      }
      const rows = new Array<LogRow>(batch.length);
      const previous = new Array<LogRow | null>(batch.length);
      for (let k = 0; k < batch.length; k++) {
        const values = batch[k]!;
        rows[k] = namedRow<LogRow>(names, values);
        const previousId = values[width];
        // A row without a record (NULL parent key) has no previous entry, as previousOf reads it.
        if (previousId === null || previousId === undefined || values[parentAt] === null || values[parentAt] === undefined) {
          previous[k] = null;
          continue;
        }
        const before: LogRow = { [id]: previousId };
        for (let i = 0; i < carried.length; i++) before[carried[i]!] = values[width + 1 + i];
        previous[k] = before;
      }
      yield { rows, previous };
    }
  } finally {
    // Stopped early or failed: the statement or cursor (and its connection) is closed.
    await stream.return(undefined).catch(() => undefined);
  }
}

/**
 * The id of the previous entry of the row `l` in its record's log: one seek of the (parent key,
 * ByTime, ID) index. Rows without a time sort oldest on SQLite; folding them into one condition
 * (`olderThanRow`) would leave SQLite an OR it cannot seek with, walking a record's whole log for
 * each of its rows, so the timed rows and those without a time are looked up apart: the newest
 * older timed row, else the newest row without a time before it.
 */
function previousIdProbe(info: LogTableInfo, log: RawBuilder<unknown>): RawBuilder<unknown> {
  const { id, parentKey, byTime } = info.columns;
  const sameRecord = sql`${column('q', parentKey)} = ${column('l', parentKey)}`;
  if (info.nullTimes !== 'oldest') {
    return sql`(SELECT ${column('q', id)} FROM ${log} AS q WHERE ${sameRecord} AND ${olderThanRow(info, 'q', 'l')}
      ORDER BY ${newestFirst(info, 'q')} LIMIT 1)`;
  }
  const [qt, qi, lt, li] = [column('q', byTime), column('q', id), column('l', byTime), column('l', id)];
  return sql`COALESCE(
      (SELECT ${qi} FROM ${log} AS q WHERE ${sameRecord} AND (${qt}, ${qi}) < (${lt}, ${li}) ORDER BY ${qt} DESC, ${qi} DESC LIMIT 1),
      (SELECT ${qi} FROM ${log} AS q WHERE ${sameRecord} AND ${qt} IS NULL AND (${lt} IS NOT NULL OR ${qi} < ${li}) ORDER BY ${qi} DESC LIMIT 1))`;
}

async function openHistory(
  ctx: QueryContext,
  source: Extract<ExportSource, { kind: 'history' }>,
  batchSize: number,
  build: BuildOptions,
  signal: AbortSignal | undefined,
): Promise<ExportEntries> {
  const info = requireTable(ctx, source.table);
  const recordId = requireRecordId(info, source.id);
  const codec = await timeCodec(ctx, info);
  const filter = source.filter === undefined || source.filter === null ? null : await resolveHistoryFilter(ctx, info, source.filter, codec);
  const byTime = column('l', info.columns.byTime);
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`${column('l', info.columns.parentKey)} = ${recordId}`];
  if (filter?.from) conditions.push(sql<boolean>`${byTime} ${sql.raw(filter.from.op)} ${filter.from.value}`);
  if (filter?.toExclusive) conditions.push(sql<boolean>`${byTime} ${sql.raw(filter.toExclusive.op)} ${filter.toExclusive.value}`);
  if (filter && filter.personId !== null) conditions.push(sql<boolean>`${column('l', info.columns.byId!)} = ${filter.personId}`);
  for (const m of filter?.made ?? []) conditions.push(sql<boolean>`${column('l', m.column)} = ${m.value}`);
  if (filter?.performer) conditions.push(performerCondition(column('l', info.columns.byId!), filter.performer));
  const total = await countRows(ctx, info, conditions);
  const reveal = ctx.settings.revealSensitive === true;

  async function* batches(): AsyncGenerator<HistoryEntry[], void, undefined> {
    for await (const { rows, previous } of logRows(ctx, info, conditions, batchSize, signal)) {
      yield buildEntries(info, rows, previous, codec, reveal, build);
    }
  }
  return { total, batches: batches(), howMade: shownHowMadeParts(info) };
}

async function countRows(ctx: QueryContext, info: LogTableInfo, conditions: readonly RawBuilder<boolean>[]): Promise<number> {
  let query = ctx.engine.db.selectFrom(ctx.engine.table(info.logTable).as('l')).select(sql<number>`count(*)`.as('n'));
  for (const condition of conditions) query = query.where(condition);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** One log of the activity, read as it merges: its next entries, their merge keys, and the rest to come. */
interface ActivityLog {
  info: LogTableInfo;
  rows: AsyncGenerator<RowWithPrevious, void, undefined>;
  entries: ActivityEntry[];
  keys: string[];
  next: number;
  /** The merge key of the last row read (what an unreadable time after it takes). */
  lastKey: string;
  done: boolean;
}

async function openActivity(
  ctx: QueryContext,
  raw: ActivityFilter,
  batchSize: number,
  build: BuildOptions,
  signal: AbortSignal | undefined,
): Promise<ExportEntries> {
  const filter = await resolveActivityFilter(ctx, raw);
  const infos = chooseActivityTables(ctx, raw, filter);
  const plans: Array<{ info: LogTableInfo; codec: TimeCodec; conditions: RawBuilder<boolean>[] }> = [];
  for (const info of infos) {
    const codec = await timeCodec(ctx, info);
    plans.push({ info, codec, conditions: await activityFilterConditions(ctx, info, codec, filter, 'l') });
  }
  // With a field filter an entry must be diffed to know whether it counts (an hour-of-week filter
  // placed on the zone's clock): no total up front.
  const total = filter.field !== null || filter.hoursOfWeek !== null ? null : (await Promise.all(plans.map((p) => countRows(ctx, p.info, p.conditions)))).reduce((a, b) => a + b, 0);
  const reveal = ctx.settings.revealSensitive === true;

  async function* batches(): AsyncGenerator<ActivityEntry[], void, undefined> {
    const logs: ActivityLog[] = plans.map(({ info, conditions }) => ({
      info,
      rows: logRows(ctx, info, conditions, batchSize, signal),
      entries: [],
      keys: [],
      next: 0,
      lastKey: NEWEST_KEY,
      done: false,
    }));
    const codecs = new Map(plans.map((p) => [p.info, p.codec]));
    try {
      // Every log holds its next entries (or is done) before each pick.
      await Promise.all(logs.map((l) => refill(l, codecs.get(l.info)!, filter, reveal, build)));
      let out: ActivityEntry[] = [];
      for (;;) {
        // Logs are in table-name order, so on equal keys the first one found wins, as in listActivity.
        let head: ActivityLog | null = null;
        for (const l of logs) {
          if (l.next < l.entries.length && (!head || l.keys[l.next]! > head.keys[head.next]!)) head = l;
        }
        if (!head) break;
        out.push(head.entries[head.next]!);
        head.next += 1;
        if (head.next >= head.entries.length && !head.done) await refill(head, codecs.get(head.info)!, filter, reveal, build);
        if (out.length >= batchSize) {
          yield out;
          out = [];
          if (signal?.aborted) throw cancelledError();
        }
      }
      if (out.length > 0) yield out;
    } finally {
      await Promise.all(logs.map((l) => l.rows.return(undefined)));
    }
  }
  return { total, batches: batches(), howMade: HOW_MADE_PARTS.filter((part) => infos.some((info) => shownHowMadeParts(info).includes(part))) };
}

/** Reads a log's next batch: entries built whole and titled, merge keys taken, the filter's exact reading applied. */
async function refill(log: ActivityLog, codec: TimeCodec, filter: ResolvedActivityFilter, reveal: boolean, build: BuildOptions): Promise<void> {
  log.entries = [];
  log.keys = [];
  log.next = 0;
  // A batch may hold no entry the filter keeps (a field filter): read on until one does or the log ends.
  while (log.entries.length === 0) {
    const read = await log.rows.next();
    if (read.done) {
      log.done = true;
      return;
    }
    const { info } = log;
    const { rows, previous } = read.value;
    const built = buildEntries(info, rows, previous, codec, reveal, build);
    const field = filter.field === null ? null : fieldOf(info, filter.field);
    for (let i = 0; i < rows.length; i++) {
      const key = activityMergeKey(info, rows[i]![info.columns.byTime], log.lastKey);
      log.lastKey = key;
      // The built entry becomes the activity entry (nothing else holds it): its table and title
      // added last, where a copy would put them, without copying every entry.
      const entry = built[i]! as ActivityEntry;
      entry.table = info.name;
      entry.title = build.changesOnly ? null : titleOfShown(info, entry.snapshot);
      if (!activityEntryMatches(entry, filter, field)) continue;
      log.entries.push(entry);
      log.keys.push(key);
    }
  }
}
