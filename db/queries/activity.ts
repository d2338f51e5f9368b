/**
 * Activity: every change across the logged tables, newest first, filtered and paged by key.
 *
 * Each chosen table's log is read as a stream, newest first by its own (ByTime, ID) index, and the
 * streams are merged here by (ByTime descending, table name ascending, log id descending): no
 * query ever spans tables, so each stays an indexed range scan however large the logs are. A
 * cursor holds the last entry's time, table and key, which gives every table an exact start:
 * tables sorting before the cursor's table resume strictly before its time, the cursor's own table
 * after its (ByTime, ID), tables sorting after it at its time or before.
 *
 * Times are compared across tables as exact instants (microseconds where stored; see
 * `instantKey`): only entries at the very same instant count as simultaneous, ordered by table.
 * Entries whose time cannot be read are merged where their own log orders them: rows with a NULL
 * time where the engine sorts NULL (first on PostgreSQL, last on SQLite), any other unreadable
 * value beside the readable entry just before it in its log.
 */
import { sql, type RawBuilder } from 'kysely';
import { CHANGE_CUES, cueSpellings, NAMED_CHANGE_CUES } from '../../shared/change-cue';
import type { ListActivityRequest, ListActivityResponse } from '../../shared/contract';
import { dayRangeToUtc } from '../../shared/day-range';
import type { ActivityEntry, ActivityFilter, ChangeCue, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { cursorPart, decodeCursor, encodeCursor } from '../cursor';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { instantOfDate, instantOfKey, MERGE_KEY, NEWEST_KEY, OLDEST_KEY, storedTimeKey, timeCondition, type TimeCodec } from '../time-codec';
import { pageSize, requireTable, timeCodec, type QueryContext } from './context';
import { buildEntries, newestFirst, olderThan, type LogRow } from './log-entries';
import { resolveModifiedBy } from './people';
import { previousOf } from './predecessors';
import { titleOfShown } from './shown-record';


/**
 * How many log rows one call may look at when a field filter decides in JavaScript which of them
 * count: enough to fill most pages, bounded so a rare field on a huge log cannot hold a call (and
 * the database) for minutes. Past it the call returns what it found and a cursor to go on.
 */
export const ACTIVITY_SCAN_BUDGET = 5000;

/** Rows read per table and round while a field filter is on (its matches are not known ahead). */
const FILTERED_CHUNK = 250;

/** The filter in database terms, shared by every table (times are encoded per table). */
interface ResolvedActivityFilter {
  fromUtc: Date | null;
  toUtcExclusive: Date | null;
  personId: RecordId | null;
  cues: ReadonlySet<ChangeCue> | null;
  field: string | null;
}

/** Where a page starts: just after this entry in the merged order. */
interface Position {
  /** The merge key of its time (see {@link mergeKey}): what is compared across tables. */
  time: string;
  table: string;
  /** The entry's stored ByTime and log id: the exact key within its own table. */
  rawTime: string | number | null;
  logId: string | number | null;
}

/** One table's log, read newest first a chunk at a time. */
interface Stream {
  info: LogTableInfo;
  codec: TimeCodec;
  /** The field the filter names, as this table spells it (null: no field filter). */
  field: string | null;
  buffer: LogRow[];
  /** The merge key of each buffered row's time (what the merge compares). */
  times: string[];
  next: number;
  /** The last row read from the database (the next read starts after it). */
  lastRead: LogRow | null;
  exhausted: boolean;
}

/**
 * Lists the activity page by page.
 *
 * Without a field filter a page is exact: `limit` entries (fewer only at the end) and a cursor
 * exactly when more match. With a `field` filter each entry must be diffed before it is known to
 * match, so a call looks at no more than {@link ACTIVITY_SCAN_BUDGET} log rows: when they run out
 * first, the page holds fewer entries than asked for (possibly none) and still carries a cursor to
 * continue the scan; a last page may also end with a cursor whose next page is empty. `total`
 * is null with a field filter (counting would mean diffing every row).
 */
export async function listActivity(ctx: QueryContext, req: ListActivityRequest): Promise<ListActivityResponse> {
  const limit = pageSize(req.limit, 50);
  const filter = await resolveFilter(ctx, req.filter ?? {});
  const position = req.cursor ? positionOf(req.cursor) : null;
  const infos = chooseTables(ctx, req.filter ?? {}, filter);

  const streams: Stream[] = [];
  for (const info of infos) {
    streams.push({
      info,
      codec: await timeCodec(ctx, info),
      field: filter.field === null ? null : fieldOf(info, filter.field),
      buffer: [],
      times: [],
      next: 0,
      lastRead: null,
      exhausted: false,
    });
  }

  const postFiltered = filter.field !== null;
  // Unfiltered, one more row than a page per table tells whether there is more; filtered, chunks.
  const chunk = postFiltered ? Math.max(FILTERED_CHUNK, limit + 1) : limit + 1;
  const entries: ActivityEntry[] = [];
  let scanned = 0;
  let leftOver = false;
  let last: { stream: Stream; row: LogRow; time: string } | null = null;

  while (entries.length < limit) {
    // Candidates in merged order: a page's worth, or a chunk's worth when a filter will thin them.
    const want = postFiltered ? Math.min(chunk, ACTIVITY_SCAN_BUDGET - scanned) : limit - entries.length;
    if (want <= 0) break;
    const candidates: Array<{ stream: Stream; row: LogRow; time: string }> = [];
    while (candidates.length < want) {
      await refill(ctx, streams, filter, position, chunk);
      const head = pickHead(streams);
      if (!head) break;
      candidates.push({ stream: head, row: head.buffer[head.next]!, time: head.times[head.next]! });
      head.next += 1;
    }
    if (candidates.length === 0) break;
    scanned += candidates.length;

    const built = await buildActivity(ctx, candidates);
    let i = 0;
    for (; i < built.length && entries.length < limit; i++) {
      last = candidates[i]!;
      const entry = built[i]!;
      if (matches(entry, candidates[i]!.stream, filter)) entries.push(entry);
    }
    // Stopped inside the batch (page full): the rest are read again by the next page.
    if (i < built.length) {
      leftOver = true;
      break;
    }
    if (candidates.length < want) break;
  }
  // Rows not yet handed out remain when a buffer holds more or a table may have more.
  await refill(ctx, streams, filter, position, 1);
  const more = leftOver || streams.some((s) => s.next < s.buffer.length);

  let total: number | null = null;
  if (req.withTotal && !position && !postFiltered) total = await countActivity(ctx, streams, filter);

  return {
    entries,
    total,
    nextCursor:
      more && last
        ? encodeCursor([last.time, last.stream.info.name, cursorPart(last.row[last.stream.info.columns.byTime]), cursorPart(last.row[last.stream.info.columns.id])])
        : null,
  };
}

function positionOf(cursor: string): Position {
  const [time, table, rawTime, logId] = decodeCursor(cursor, 4);
  if (typeof time !== 'string' || !(MERGE_KEY.test(time) || time === NEWEST_KEY || time === OLDEST_KEY) || typeof table !== 'string') {
    throw new AuditError('bad-request', 'The page cursor is not valid; start again from the first page.');
  }
  return { time, table, rawTime: rawTime ?? null, logId: logId ?? null };
}

function chooseTables(ctx: QueryContext, raw: ActivityFilter, filter: ResolvedActivityFilter): LogTableInfo[] {
  let infos: LogTableInfo[];
  if (raw.tables !== undefined && raw.tables !== null && (!Array.isArray(raw.tables) || raw.tables.length > 0)) {
    if (!Array.isArray(raw.tables)) throw new AuditError('bad-request', 'The tables to show must be a list of table names.');
    infos = [...new Set(raw.tables.map((t) => requireTable(ctx, t)))];
  } else {
    infos = [...ctx.catalog.tables];
  }
  // A log that does not say who made a change has no entries by any one person.
  if (filter.personId !== null) infos = infos.filter((info) => info.columns.byId !== null);
  if (filter.field !== null) {
    const field = filter.field;
    const withField = infos.filter((info) => fieldOf(info, field) !== null);
    if (withField.length === 0) {
      throw new AuditError('bad-request', `No ${raw.tables?.length ? 'chosen ' : ''}logged table has a field named "${field}".`);
    }
    infos = withField;
  }
  // The merge orders tables by name; sorting once keeps ties stable.
  return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The field as the table spells it: exactly, else ignoring case; null when it has no such field. */
export function fieldOf(info: LogTableInfo, field: string): string | null {
  if (info.fieldNames.includes(field)) return field;
  const lower = field.toLowerCase();
  return info.fieldNames.find((f) => f.toLowerCase() === lower) ?? null;
}

async function resolveFilter(ctx: QueryContext, filter: ActivityFilter): Promise<ResolvedActivityFilter> {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new AuditError('bad-request', 'The activity filter must be an object.');
  }
  const bounds = dayRangeToUtc({ from: filter.from, to: filter.to, timeZone: filter.timeZone });
  const personId = await resolveModifiedBy(ctx, filter.by);
  let cues: Set<ChangeCue> | null = null;
  if (filter.cues !== undefined && filter.cues !== null) {
    if (!Array.isArray(filter.cues) || filter.cues.some((c) => !CHANGE_CUES.includes(c))) {
      throw new AuditError('bad-request', `Change cues must be among ${CHANGE_CUES.join(', ')}.`);
    }
    // An empty list is no filter, as an empty picker means "any".
    if (filter.cues.length > 0) cues = new Set(filter.cues);
  }
  let field: string | null = null;
  if (filter.field !== undefined && filter.field !== null && filter.field !== '') {
    if (typeof filter.field !== 'string') throw new AuditError('bad-request', 'The field to filter by must be a field name.');
    field = filter.field;
  }
  return { fromUtc: bounds.fromUtc, toUtcExclusive: bounds.toUtcExclusive, personId, cues, field };
}

/** The change cue column normalised as `normalizeChangeCue` reads it (case, spaces, `_`, `-`). */
function normalisedCue(info: LogTableInfo, alias: string): RawBuilder<string> {
  const cue = column(alias, info.columns.changeCue!);
  return sql<string>`replace(replace(replace(lower(trim(CAST(${cue} AS TEXT))), ' ', ''), '_', ''), '-', '')`;
}

/** The conditions every read of one table carries: the filter, in that table's storage terms. */
function filterConditions(stream: Stream, filter: ResolvedActivityFilter, alias: string): RawBuilder<boolean>[] {
  const { info, codec } = stream;
  const byTime = column(alias, info.columns.byTime);
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.fromUtc) conditions.push(timeCondition(codec, byTime, '>=', instantOfDate(filter.fromUtc)));
  if (filter.toUtcExclusive) conditions.push(timeCondition(codec, byTime, '<', instantOfDate(filter.toUtcExclusive)));
  if (filter.personId !== null) conditions.push(sql<boolean>`${column(alias, info.columns.byId!)} = ${filter.personId}`);
  if (filter.cues) {
    if (!info.columns.changeCue) {
      // Without a cue column every entry reads as Other.
      if (!filter.cues.has('Other')) conditions.push(sql<boolean>`1 = 0`);
    } else {
      const chosen = [...filter.cues].filter((c): c is Exclude<ChangeCue, 'Other'> => c !== 'Other').flatMap((c) => cueSpellings(c));
      const norm = normalisedCue(info, alias);
      const parts: RawBuilder<boolean>[] = [];
      if (chosen.length > 0) parts.push(sql<boolean>`${norm} IN (${sql.join(chosen)})`);
      if (filter.cues.has('Other')) {
        const all = NAMED_CHANGE_CUES.flatMap((c) => cueSpellings(c));
        parts.push(sql<boolean>`(${column(alias, info.columns.changeCue)} IS NULL OR ${norm} NOT IN (${sql.join(all)}))`);
      }
      conditions.push(sql<boolean>`(${sql.join(parts, sql` OR `)})`);
    }
  }
  return conditions;
}

/**
 * Where this table resumes after the cursor's entry: its own table after the entry's key; a table
 * sorting before it (whose entries at that instant came first) strictly before the instant; a table
 * sorting after it at the instant or before. Rows without a time are in the band where their engine
 * sorts NULL, above or below every instant, and resume by the same rule within the band.
 */
function startCondition(stream: Stream, position: Position | null, alias: string): RawBuilder<boolean> | null {
  if (!position) return null;
  const { info, codec } = stream;
  if (info.name === position.table) return olderThan(info, alias, position.rawTime, position.logId);
  const before = info.name < position.table;
  const byTime = column(alias, info.columns.byTime);
  const nullBelow = info.nullTimes === 'oldest' ? sql<boolean>`${byTime} IS NULL` : null;
  if (position.time === NEWEST_KEY) {
    // Within the top band: a table before has handed out its rows without a time already.
    return before && info.nullTimes === 'newest' ? sql<boolean>`${byTime} IS NOT NULL` : null;
  }
  if (position.time === OLDEST_KEY) {
    // Within the bottom band: a table before is done; a table after has its rows without a time left.
    return !before && nullBelow ? nullBelow : sql<boolean>`1 = 0`;
  }
  const atInstant = timeCondition(codec, byTime, before ? '<' : '<=', instantOfKey(position.time));
  return nullBelow ? sql<boolean>`(${atInstant} OR ${nullBelow})` : atInstant;
}

/**
 * The merge keys of a chunk of one log's rows, in its order: a readable time's {@link instantKey};
 * a NULL time the band where the engine sorts NULL; any other unreadable value the key of the row
 * before it in the log's order (so each log's keys never rise and the merge keeps its order).
 */
function mergeKeys(stream: Stream, rows: readonly LogRow[], position: Position | null): string[] {
  const { info } = stream;
  let previous = stream.lastRead ? stream.times[stream.times.length - 1] ?? NEWEST_KEY : position?.time ?? NEWEST_KEY;
  return rows.map((row) => {
    const raw = row[info.columns.byTime];
    const readable = raw === null || raw === undefined ? null : storedTimeKey(raw);
    let key: string;
    if (readable !== null) key = readable;
    else if (raw === null || raw === undefined) key = info.nullTimes === 'oldest' ? OLDEST_KEY : NEWEST_KEY;
    else key = previous;
    previous = key;
    return key;
  });
}

/** Reads the next chunk of every stream whose buffer has run dry (all in parallel). */
async function refill(ctx: QueryContext, streams: Stream[], filter: ResolvedActivityFilter, position: Position | null, chunk: number): Promise<void> {
  await Promise.all(
    streams
      .filter((s) => s.next >= s.buffer.length && !s.exhausted)
      .map(async (stream) => {
        const { info } = stream;
        const conditions = filterConditions(stream, filter, 'l');
        const start = startCondition(stream, position, 'l');
        if (start) conditions.push(start);
        if (stream.lastRead) conditions.push(olderThan(info, 'l', stream.lastRead[info.columns.byTime], stream.lastRead[info.columns.id]));
        let query = ctx.engine.db.selectFrom(ctx.engine.table(info.logTable).as('l')).selectAll('l');
        for (const condition of conditions) query = query.where(condition);
        const rows = (await query.orderBy(newestFirst(info, 'l')).limit(chunk).execute()) as LogRow[];
        stream.buffer = rows;
        stream.times = mergeKeys(stream, rows, position);
        stream.next = 0;
        stream.exhausted = rows.length < chunk;
        if (rows.length > 0) stream.lastRead = rows[rows.length - 1]!;
      }),
  );
}

/** The stream whose next row comes first in the merged order (null when all are done). */
function pickHead(streams: Stream[]): Stream | null {
  let best: Stream | null = null;
  for (const stream of streams) {
    if (stream.next >= stream.buffer.length) continue;
    // Streams are sorted by table name, so on equal times the earlier stream already wins.
    if (!best || stream.times[stream.next]! > best.times[best.next]!) best = stream;
  }
  return best;
}

/** Activity entries for merged candidates: each table's rows diffed in one batch per table. */
async function buildActivity(ctx: QueryContext, candidates: Array<{ stream: Stream; row: LogRow }>): Promise<ActivityEntry[]> {
  const result: ActivityEntry[] = new Array(candidates.length);
  const byStream = new Map<Stream, number[]>();
  candidates.forEach((c, i) => {
    const list = byStream.get(c.stream) ?? [];
    list.push(i);
    byStream.set(c.stream, list);
  });
  await Promise.all(
    [...byStream].map(async ([stream, indexes]) => {
      const rows = indexes.map((i) => candidates[i]!.row);
      const entries = await activityEntries(ctx, stream.info, rows, stream.codec);
      indexes.forEach((i, k) => (result[i] = entries[k]!));
    }),
  );
  return result;
}

/** Rows of one log as activity entries, each diffed against its record's previous entry. */
export async function activityEntries(ctx: QueryContext, info: LogTableInfo, rows: LogRow[], codec?: TimeCodec): Promise<ActivityEntry[]> {
  const previous = await previousOf(ctx, info, rows);
  const entries = buildEntries(info, rows, previous, codec ?? (await timeCodec(ctx, info)), ctx.settings.revealSensitive === true);
  return entries.map((entry) => ({ ...entry, table: info.name, title: titleOfShown(info, entry.snapshot) }));
}

function matches(entry: ActivityEntry, stream: Stream, filter: ResolvedActivityFilter): boolean {
  // The SQL condition matches the usual spellings; this is the exact reading.
  if (filter.cues && !filter.cues.has(entry.changeCue)) return false;
  if (stream.field !== null && !entry.changes.some((c) => c.field === stream.field)) return false;
  return true;
}

async function countActivity(ctx: QueryContext, streams: Stream[], filter: ResolvedActivityFilter): Promise<number> {
  const counts = await Promise.all(
    streams.map(async (stream) => {
      let query = ctx.engine.db.selectFrom(ctx.engine.table(stream.info.logTable).as('l')).select(sql<number>`count(*)`.as('n'));
      for (const condition of filterConditions(stream, filter, 'l')) query = query.where(condition);
      return Number((await query.executeTakeFirstOrThrow()).n);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
