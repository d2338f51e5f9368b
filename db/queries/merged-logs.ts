/**
 * Logs merged into one stream, newest first, filtered and paged by key: one merge for every reader
 * of several logs at once (Activity, db/queries/activity.ts; a record's related log,
 * db/queries/related-history.ts), so both order and page the same way.
 *
 * Each log is read as a stream, newest first by its own index, and the streams are merged here by
 * (ByTime descending, table name ascending, log id descending): no query ever spans tables, so each
 * stays an indexed range scan however large the logs are. A cursor holds the last entry's time,
 * table and key, which gives every table an exact start: tables sorting before the cursor's table
 * resume strictly before its time, the cursor's own table after its (ByTime, ID), tables sorting
 * after it at its time or before.
 *
 * A page is read at the floor (db/queries/activity-reads.ts): the keys of each log's next rows are
 * picked from its index, merged, and only the page's rows are then fetched, each with its
 * record's previous entry, in one query per log. Filters are decided in SQL (the cue by its stored
 * spellings, db/queries/stored-cues.ts; the field by comparing with the previous entry), and
 * JavaScript's exact reading confirms each entry, reading on where SQL took a row too many.
 *
 * Times are compared across tables as exact instants (microseconds where stored; see
 * `instantKey`): only entries at the very same instant count as simultaneous, ordered by table.
 * Entries whose time cannot be read are merged where their own log orders them: rows with a NULL
 * time where the engine sorts NULL (first on PostgreSQL, last on SQLite), any other unreadable
 * value beside the readable entry just before it in its log.
 */
import type { ActivityEntry, ChangeCue } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { cursorPart, decodeCursor, encodeCursor } from '../cursor';
import type { LogTableInfo } from '../schema/catalog';
import { instantOfKey, MERGE_KEY, NEWEST_KEY, OLDEST_KEY, storedTimeKey, type TimeCodec } from '../time-codec';
import { activityEntryMatches, fieldOf, type ResolvedActivityFilter } from './activity-filter';
import { fetchWithPrevious, pickKeys, type LogFilter, type NullStart, type TimedStart, type Within } from './activity-reads';
import type { QueryContext } from './context';
import { hoursOfWeekLogFilter } from './hours-of-week';
import { storedShape } from './insights/slot-sql';
import { buildEntries, type BuildOptions, type LogRow } from './log-entries';
import { titleOfShown } from './shown-record';
import { howMadeColumnsOf } from './how-made-filter';
import { cueMatch, storedCues } from './stored-cues';

/** Where a page starts: just after this entry in the merged order. */
export interface Position {
  /** The merge key of its time (see {@link mergeKeys}): what is compared across tables. */
  time: string;
  table: string;
  /** The entry's stored ByTime and log id: the exact key within its own table. */
  rawTime: string | number | null;
  logId: string | number | null;
}

/** One table's log, its keys picked newest first a batch at a time. */
export interface Stream {
  info: LogTableInfo;
  codec: TimeCodec;
  /** The filter in this log's storage terms. */
  filter: LogFilter;
  /** Picked keys (ByTime and ID under the log's own column names). */
  buffer: LogRow[];
  /** The merge key of each buffered row's time (what the merge compares). */
  times: string[];
  next: number;
  /** The last key picked (the next pick starts after it). */
  lastRead: LogRow | null;
  exhausted: boolean;
}

/** A picked key in merged order, waiting to be fetched. */
interface Candidate {
  stream: Stream;
  key: LogRow;
  time: string;
}

/** A merged page: its entries, and the cursor of the next page exactly when more match. */
export interface MergedPage {
  entries: ActivityEntry[];
  nextCursor: string | null;
}

/** A stream over one log with its filter, not yet read. Streams must be sorted by table name. */
export function openStream(info: LogTableInfo, codec: TimeCodec, filter: LogFilter): Stream {
  return { info, codec, filter, buffer: [], times: [], next: 0, lastRead: null, exhausted: false };
}

/** The position a cursor names (a bad cursor gets one sentence). */
export function positionOf(cursor: string): Position {
  const [time, table, rawTime, logId] = decodeCursor(cursor, 4);
  if (typeof time !== 'string' || !(MERGE_KEY.test(time) || time === NEWEST_KEY || time === OLDEST_KEY) || typeof table !== 'string') {
    throw new AuditError('bad-request', 'The page cursor is not valid; start again from the first page.');
  }
  return { time, table, rawTime: rawTime ?? null, logId: logId ?? null };
}

/**
 * One page of the merged logs after `position`: `limit` entries (fewer only at the end) that
 * `filter` keeps by its exact reading, and a cursor exactly when more match.
 */
export async function readMerged(
  ctx: QueryContext,
  streams: Stream[],
  position: Position | null,
  limit: number,
  filter: ResolvedActivityFilter,
  build: BuildOptions = {},
): Promise<MergedPage> {
  const entries: ActivityEntry[] = [];
  let leftOver = false;
  let last: Candidate | null = null;

  while (entries.length < limit) {
    const want = limit - entries.length;
    // One more key than wanted per log tells whether there is more. Where SQL may keep rows that
    // JavaScript then drops (rare: odd spellings, values equal only to the diff), another round
    // reads on from where this one stopped.
    const batch = want + 1;
    const candidates: Candidate[] = [];
    while (candidates.length < want) {
      await refill(ctx, streams, position, batch);
      const head = pickHead(streams);
      if (!head) break;
      candidates.push({ stream: head, key: head.buffer[head.next]!, time: head.times[head.next]! });
      head.next += 1;
    }
    if (candidates.length === 0) break;

    const built = await buildActivity(ctx, candidates, build);
    let i = 0;
    for (; i < built.length && entries.length < limit; i++) {
      last = candidates[i]!;
      const entry = built[i];
      if (entry && activityEntryMatches(entry, filter, candidates[i]!.stream.filter.field?.name ?? null)) entries.push(entry);
    }
    // Stopped inside the batch (page full): the rest are read again by the next page.
    if (i < built.length) {
      leftOver = true;
      break;
    }
    if (candidates.length < want) break;
  }
  // Rows not yet handed out remain when a buffer holds more or a table may have more.
  await refill(ctx, streams, position, 1);
  const more = leftOver || streams.some((s) => s.next < s.buffer.length);
  return {
    entries,
    nextCursor:
      more && last
        ? encodeCursor([last.time, last.stream.info.name, cursorPart(last.key[last.stream.info.columns.byTime]), cursorPart(last.key[last.stream.info.columns.id])])
        : null,
  };
}

/**
 * The filter in one log's storage terms (its time shape, its stored cue spellings), kept to the
 * rows `within` names (null: the whole log).
 */
export async function logFilterOf(
  ctx: QueryContext,
  info: LogTableInfo,
  codec: TimeCodec,
  filter: ResolvedActivityFilter,
  within: Within | null = null,
): Promise<LogFilter> {
  const hasCue = info.columns.changeCue !== null;
  const stored = hasCue && (filter.cues || filter.field !== null) ? await storedCues(ctx, info) : null;
  // Without a cue column every entry reads as Other: only whether Other is wanted matters.
  const cues = filter.cues ? (hasCue ? cueMatch(stored, filter.cues) : ({ chosen: [...filter.cues], kind: 'in', values: [], withNull: filter.cues.has('Other'), withLong: false } as const)) : null;
  return {
    from: filter.from ? codec.bound(filter.from, '>=') : null,
    toExclusive: filter.toExclusive ? codec.bound(filter.toExclusive, '<') : null,
    personId: filter.personId,
    made: howMadeColumnsOf(info, filter.made, ctx.settings.revealSensitive === true),
    performer: filter.performer,
    cues: cues && { ...cues, chosen: [...cues.chosen], values: [...cues.values] },
    field: filter.field === null ? null : { name: fieldOf(info, filter.field)!, addedOrDeleted: hasCue ? cueMatch(stored, ADDED_OR_DELETED) : null },
    within,
    hoursOfWeek: filter.hoursOfWeek ? hoursOfWeekLogFilter(filter.hoursOfWeek, codec, await storedShape(ctx, info)) : null,
  };
}

/** The cues whose entries list every non-empty field as changed, whatever the previous entry held. */
const ADDED_OR_DELETED: ReadonlySet<ChangeCue> = new Set(['Added', 'Deleted']);

/**
 * Where a log resumes after the page's position: its own table after the entry's key; a table
 * sorting before it (whose entries at that instant came first) strictly before the instant; a
 * table sorting after it at the instant or before. Rows without a time are in the band where their
 * engine sorts NULL, above or below every instant, and resume by the same rule within the band.
 * Within a call, a log resumes after the last key picked from it.
 */
function startOf(stream: Stream, position: Position | null): { timed: TimedStart; nulls: NullStart } {
  const { info, codec } = stream;
  const nullsNewest = info.nullTimes === 'newest';
  const after = stream.lastRead
    ? { time: stream.lastRead[info.columns.byTime], id: stream.lastRead[info.columns.id] }
    : position && position.table === info.name
      ? { time: position.rawTime, id: position.logId }
      : null;
  if (after) {
    if (after.time === null || after.time === undefined) return { timed: nullsNewest ? 'all' : 'none', nulls: { below: after.id } };
    return { timed: { after: [after.time, after.id] }, nulls: nullsNewest ? 'none' : 'all' };
  }
  if (!position) return { timed: 'all', nulls: 'all' };
  const before = info.name < position.table;
  if (position.time === NEWEST_KEY) {
    // Within the top band: a table before has handed out its rows without a time already.
    return { timed: 'all', nulls: nullsNewest && before ? 'none' : 'all' };
  }
  if (position.time === OLDEST_KEY) {
    // Within the bottom band: a table before is done; a table after has its rows without a time left.
    return { timed: 'none', nulls: !nullsNewest && !before ? 'all' : 'none' };
  }
  const bound = codec.bound(instantOfKey(position.time), before ? '<' : '<=');
  return { timed: { bound }, nulls: nullsNewest ? 'none' : 'all' };
}

/**
 * The merge keys of a batch of one log's keys, in its order: a readable time's {@link instantKey};
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

/** Picks the next keys of every stream whose buffer has run dry (all in parallel). */
async function refill(ctx: QueryContext, streams: Stream[], position: Position | null, batch: number): Promise<void> {
  await Promise.all(
    streams
      .filter((s) => s.next >= s.buffer.length && !s.exhausted)
      .map(async (stream) => {
        const rows = await pickKeys(ctx, { info: stream.info, filter: stream.filter, ...startOf(stream, position), limit: batch });
        stream.times = mergeKeys(stream, rows, position);
        stream.buffer = rows;
        stream.next = 0;
        stream.exhausted = rows.length < batch;
        if (rows.length > 0) stream.lastRead = rows[rows.length - 1]!;
      }),
  );
}

/** The stream whose next key comes first in the merged order (null when all are done). */
function pickHead(streams: Stream[]): Stream | null {
  let best: Stream | null = null;
  for (const stream of streams) {
    if (stream.next >= stream.buffer.length) continue;
    // Streams are sorted by table name, so on equal times the earlier stream already wins.
    if (!best || stream.times[stream.next]! > best.times[best.next]!) best = stream;
  }
  return best;
}

/**
 * Activity entries for merged candidates: each log's rows fetched with their previous entries in
 * one query and diffed. A row gone since it was picked (a replica refreshed in between) is left
 * out (undefined).
 */
async function buildActivity(ctx: QueryContext, candidates: readonly Candidate[], build: BuildOptions): Promise<Array<ActivityEntry | undefined>> {
  const result: Array<ActivityEntry | undefined> = new Array(candidates.length);
  const byStream = new Map<Stream, number[]>();
  candidates.forEach((c, i) => {
    const list = byStream.get(c.stream) ?? [];
    list.push(i);
    byStream.set(c.stream, list);
  });
  const reveal = ctx.settings.revealSensitive === true;
  await Promise.all(
    [...byStream].map(async ([stream, indexes]) => {
      const { info } = stream;
      const ids = indexes.map((i) => candidates[i]!.key[info.columns.id]);
      const { rows, previous } = await fetchWithPrevious(ctx, info, ids);
      const built = buildEntries(info, rows, previous, stream.codec, reveal, build);
      const byId = new Map<string, ActivityEntry>();
      // A CSV export's entry has no snapshot to title it by, and writes no title.
      const titled = (k: number) => (build.changesOnly ? null : titleOfShown(info, built[k]!.snapshot));
      rows.forEach((row, k) => byId.set(String(row[info.columns.id]), { ...built[k]!, table: info.name, title: titled(k) }));
      indexes.forEach((i, k) => (result[i] = byId.get(String(ids[k]))));
    }),
  );
  return result;
}
