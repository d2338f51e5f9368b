/**
 * The aggregate reads every kind of finding is made from, one GROUP BY per log over a range of
 * `ByTime` (a range read on the `(ByTime, ID)` index; no entry is loaded): entries per person,
 * minute (or quarter hour) and change cue, with the first and last stored time of each group.
 * Times are bucketed by db/time-codec.ts's `epochSecondsSql` (never by comparing stored text), and
 * bounds are written in each log's own storage shape (`timeCondition`). An entry whose time cannot
 * be read lands in no bucket: it is counted per table as unreadable, never dropped silently.
 */
import { sql, type RawBuilder } from 'kysely';
import { normalizeChangeCue } from '../../../shared/change-cue';
import type { ChangeCue, RecordId } from '../../../shared/domain';
import { column } from '../../engine';
import type { LogTableInfo } from '../../schema/catalog';
import { bucketSql, decodeTime, storedMillis, timeCondition, type Instant, type TimeCodec } from '../../time-codec';
import { toRecordId } from '../../values';
import { timeCodec, type QueryContext } from '../context';
import { hasAggregateIndex } from '../log-indexes';
import { namedRow } from '../../stream-batches';

/** A half-open range of instants (null: unbounded). */
export interface Span {
  from: Instant | null;
  toExclusive: Instant | null;
}

/** Entries of one person, table and cue in one bucket of time. */
export interface Bucket {
  table: string;
  /** Null where the log does not record who (never credited to anyone). */
  by: RecordId | null;
  /** The name the log recorded (the latest in the bucket), for people the Person table lacks. */
  byName: string | null;
  /** Seconds since the epoch of the bucket's start. */
  start: number;
  cue: ChangeCue;
  count: number;
  /** The first and last entry's times (ms since the epoch, and the exact instant). */
  firstMs: number;
  lastMs: number;
  readonly first: Instant;
  readonly last: Instant;
}

/**
 * A bucket as read: its times placed in milliseconds at once, their exact instants written only
 * when asked for (a whole history holds millions of buckets, and few of them end up in a finding).
 */
class ReadBucket implements Bucket {
  private firstText: Instant | undefined;
  private lastText: Instant | undefined;
  constructor(
    readonly table: string,
    readonly by: RecordId | null,
    readonly byName: string | null,
    readonly start: number,
    readonly cue: ChangeCue,
    readonly count: number,
    readonly firstMs: number,
    readonly lastMs: number,
    private readonly firstStored: unknown,
    private readonly lastStored: unknown,
  ) {}

  get first(): Instant {
    return (this.firstText ??= decodeTime(this.firstStored)!);
  }

  get last(): Instant {
    return (this.lastText ??= decodeTime(this.lastStored)!);
  }
}

export interface Buckets {
  buckets: Bucket[];
  /** Entries in the range whose time could not be read, per table. */
  unreadable: Map<string, number>;
}

/**
 * Buckets held column by column: a whole history's quarter hours are well over a million buckets
 * (people's entries seldom share a quarter hour), and an object each, with its times, kept the
 * garbage collector busier than the reads themselves. Each kind reads the columns it needs, and
 * makes {@link Bucket}s (`pick`) only of the few it keeps.
 */
/** The buckets a {@link BucketColumns} makes room for at first (then twice as many each time). */
const INITIAL_BUCKETS = 1024;

export class BucketColumns {
  /** Per bucket: its table (an index into `tables`) and person (an index into `people`; -1: not recorded). */
  get table(): Int32Array {
    return this.tableOf;
  }
  get person(): Int32Array {
    return this.personAt;
  }
  /** Per bucket: its start (seconds since the epoch), its entries, and its first and last entry's times (ms). */
  get start(): Float64Array {
    return this.startAt;
  }
  get count(): Float64Array {
    return this.countOf;
  }
  get firstMs(): Float64Array {
    return this.firstAt;
  }
  get lastMs(): Float64Array {
    return this.lastAt;
  }
  // Numbers in typed arrays grown by doubling: a million pushes onto a dozen plain arrays cost
  // more than the reads that made them. Only the first `length` places hold buckets.
  private tableOf = new Int32Array(INITIAL_BUCKETS);
  private personAt = new Int32Array(INITIAL_BUCKETS);
  private startAt = new Float64Array(INITIAL_BUCKETS);
  private countOf = new Float64Array(INITIAL_BUCKETS);
  private firstAt = new Float64Array(INITIAL_BUCKETS);
  private lastAt = new Float64Array(INITIAL_BUCKETS);
  private size = 0;
  private readonly firstStored: unknown[] = [];
  private readonly lastStored: unknown[] = [];
  /** The names the log recorded, by bucket, where there are any (only a log read without a Person table has them). */
  private readonly byName = new Map<number, string>();
  /** The cues other than Other, by bucket (only buckets read by cue have them). */
  private readonly cue = new Map<number, ChangeCue>();
  readonly tables: string[] = [];
  /** The people, each once, in the order first met. */
  readonly people: RecordId[] = [];
  private readonly personIndex = new Map<unknown, number>();

  get length(): number {
    return this.size;
  }

  /** Index of a person id as read (interned: a person's buckets share one index). */
  personOf(raw: unknown): number {
    if (raw === null || raw === undefined) return -1;
    const key = typeof raw === 'object' ? String(raw) : raw;
    let index = this.personIndex.get(key);
    if (index === undefined) {
      const id = toRecordId(raw);
      index = id === null ? -1 : this.people.push(id) - 1;
      this.personIndex.set(key, index);
    }
    return index;
  }

  push(table: number, person: number, byName: string | null, start: number, cue: ChangeCue, count: number, firstMs: number, lastMs: number, first: unknown, last: unknown): void {
    if (this.size === this.startAt.length) this.grow();
    const i = this.size++;
    this.tableOf[i] = table;
    this.personAt[i] = person;
    this.startAt[i] = start;
    this.countOf[i] = count;
    this.firstAt[i] = firstMs;
    this.lastAt[i] = lastMs;
    if (byName !== null) this.byName.set(i, byName);
    if (cue !== 'Other') this.cue.set(i, cue);
    this.firstStored.push(first);
    this.lastStored.push(last);
  }

  private grow(): void {
    const capacity = this.startAt.length * 2;
    const grown = <T extends Int32Array | Float64Array>(old: T, make: new (n: number) => T): T => {
      const next = new make(capacity);
      next.set(old);
      return next;
    };
    this.tableOf = grown(this.tableOf, Int32Array);
    this.personAt = grown(this.personAt, Int32Array);
    this.startAt = grown(this.startAt, Float64Array);
    this.countOf = grown(this.countOf, Float64Array);
    this.firstAt = grown(this.firstAt, Float64Array);
    this.lastAt = grown(this.lastAt, Float64Array);
  }

  /** The person of bucket `i` (null: not recorded). */
  by(i: number): RecordId | null {
    const p = this.personAt[i]!;
    return p < 0 ? null : this.people[p]!;
  }

  /** Bucket `i` as an object. */
  bucket(i: number): Bucket {
    return new ReadBucket(
      this.tables[this.tableOf[i]!]!,
      this.by(i),
      this.byName.get(i) ?? null,
      this.startAt[i]!,
      this.cue.get(i) ?? 'Other',
      this.countOf[i]!,
      this.firstAt[i]!,
      this.lastAt[i]!,
      this.firstStored[i],
      this.lastStored[i],
    );
  }

  /** The buckets `keep` keeps, as objects. */
  pick(keep: (i: number) => boolean): Bucket[] {
    const kept: Bucket[] = [];
    for (let i = 0; i < this.length; i++) if (keep(i)) kept.push(this.bucket(i));
    return kept;
  }
}

/** The conditions that keep a log's rows within a span, in its storage shape. */
export function spanConditions(codec: TimeCodec, byTime: RawBuilder<unknown>, span: Span): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (span.from) conditions.push(timeCondition(codec, byTime, '>=', span.from));
  if (span.toExclusive) conditions.push(timeCondition(codec, byTime, '<', span.toExclusive));
  return conditions;
}

function where(conditions: RawBuilder<boolean>[]): RawBuilder<unknown> {
  return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}

/** Longer stored cues than this are read as Other (only padding could make one a cue). */
const CUE_CHARS = 64;

/** Which logs the buckets are read from, and how they are grouped. */
export interface BucketOptions {
  /** Only these logs (else every log). */
  tables?: readonly LogTableInfo[];
  /** A condition on each log (alias `l`); null leaves that log out. */
  extra?: (info: LogTableInfo) => RawBuilder<boolean> | null;
  /** Group by change cue too (each bucket's `cue`); else every bucket's cue is `Other`. */
  byCue?: boolean;
}

/**
 * Entries per person, `seconds`-long bucket and change cue over a span, in every log (or those
 * `tables` names), with `extra` conditions on the log (alias `l`).
 */
export async function bucketsOf(ctx: QueryContext, span: Span, seconds: number, options: BucketOptions = {}): Promise<Buckets> {
  const { columns, unreadable } = await bucketColumnsOf(ctx, span, seconds, options);
  return { buckets: columns.pick(() => true), unreadable };
}

/** As {@link bucketsOf}, the buckets held column by column (for a whole history's quarter hours). */
export async function bucketColumnsOf(
  ctx: QueryContext,
  span: Span,
  seconds: number,
  options: BucketOptions = {},
): Promise<{ columns: BucketColumns; unreadable: Map<string, number> }> {
  const columns = new BucketColumns();
  const unreadable = new Map<string, number>();
  for (const info of options.tables ?? ctx.catalog.tables) {
    const codec = await timeCodec(ctx, info);
    const extra = options.extra?.(info);
    if (extra === null && options.extra) continue;
    const table = columns.tables.push(info.name) - 1;
    // Each row placed as it arrives: a whole history's buckets are over a million rows, and held
    // all at once as row objects they kept the garbage collector busier than the query itself.
    await readBuckets(ctx, info, codec, span, seconds, extra ?? null, options.byCue === true, (row) => addBucket(columns, unreadable, info.name, table, seconds, row));
  }
  return { columns, unreadable };
}

/** One bucket as read into `columns` (or counted as unreadable). */
function addBucket(columns: BucketColumns, unreadable: Map<string, number>, name: string, table: number, seconds: number, row: BucketRow): void {
  const n = Number(row.n);
  const last = n === 1 && row.last === null ? row.first : row.last;
  // Readable exactly where the codec reads the time (storedMillis is null where decode is).
  const firstMs = row.start === null ? null : storedMillis(row.first);
  const lastMs = row.start === null ? null : last === row.first ? firstMs : storedMillis(last);
  if (firstMs === null || lastMs === null) {
    unreadable.set(name, (unreadable.get(name) ?? 0) + n);
    return;
  }
  columns.push(
    table,
    columns.personOf(row.by),
    typeof row.name === 'string' ? row.name : row.name === null || row.name === undefined ? null : String(row.name),
    Number(row.start) * seconds,
    row.cue === undefined || row.cue === null ? 'Other' : normalizeChangeCue(row.cue).cue,
    n,
    firstMs,
    lastMs,
    row.first,
    last,
  );
}

interface BucketRow {
  by: unknown;
  name?: unknown;
  start: unknown;
  cue?: unknown;
  n: unknown;
  first: unknown;
  last: unknown;
}

async function readBuckets(
  ctx: QueryContext,
  info: LogTableInfo,
  codec: TimeCodec,
  span: Span,
  seconds: number,
  extra: RawBuilder<boolean> | null,
  byCue: boolean,
  visit: (row: BucketRow) => void,
): Promise<void> {
  const t = column('l', info.columns.byTime);
  const start = bucketSql(codec, t, ctx.engine.kind, seconds);
  const by = info.columns.byId ? column('l', info.columns.byId) : sql`NULL`;
  // The name the log recorded, only where there is no Person table to name people: reading it
  // would take each row from the table, where the rest reads from the indexes alone.
  const name = info.columns.byName && !ctx.catalog.person ? sql`max(${column('l', info.columns.byName)})` : null;
  const cue = byCue && info.columns.changeCue ? sql`substr(CAST(${column('l', info.columns.changeCue)} AS TEXT), 1, ${sql.lit(CUE_CHARS)})` : null;
  const conditions = spanConditions(codec, t, span);
  if (extra) conditions.push(extra);
  // PostgreSQL refuses a constant in GROUP BY: a log without a person column groups by time alone.
  // Where the log has the aggregate index, a bounded period groups by time first, so that SQLite
  // reads a range of it (it holds the person and cue) rather than skipping through the person
  // index once per person. Without it, by person first: SQLite then reads the person index alone,
  // where a range of a time index without the person would read every row of the period.
  const person = info.columns.byId ? [by] : [];
  const bounded = (span.from !== null || span.toExclusive !== null) && (await hasAggregateIndex(ctx, info));
  const groups = [...(bounded ? [start, ...person] : [...person, start]), ...(cue ? [cue] : [])];
  // A whole history hands over more than a million buckets, most of one entry (people's): each
  // column and text made for each costs, so the name and cue are asked for only where read, and a
  // one-entry bucket's last time is its first (NULL here).
  const query = sql<BucketRow>`SELECT ${by} AS ${sql.id('by')}, ${name === null ? sql`` : sql`${name} AS ${sql.id('name')}, `}${start} AS ${sql.id('start')},
      ${cue === null ? sql`` : sql`${cue} AS ${sql.id('cue')}, `}count(*) AS ${sql.id('n')}, min(${t}) AS ${sql.id('first')},
      CASE WHEN count(*) = 1 THEN NULL ELSE max(${t}) END AS ${sql.id('last')}
    FROM ${ctx.engine.table(info.logTable)} AS l ${where(conditions)}
    GROUP BY ${sql.join(groups)}`;
  // As they arrive (db/engine.ts eachRow), by their selected order.
  const names = ['by', ...(name === null ? [] : ['name']), 'start', ...(cue === null ? [] : ['cue']), 'n', 'first', 'last'];
  await ctx.engine.eachRow(query.compile(ctx.engine.db), (values) => visit(namedRow<BucketRow>(names, values)));
}

/**
 * Entries with a NULL time, per table: they fall in no range, so a range read never sees them.
 * One probe each on the `(ByTime, ID)` index.
 */
export async function nullTimes(ctx: QueryContext): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const info of ctx.catalog.tables) {
    if (info.nullTimes === 'none') continue;
    const t = column('l', info.columns.byTime);
    const row = (await sql<{ n: unknown }>`SELECT count(*) AS n FROM ${ctx.engine.table(info.logTable)} AS l WHERE ${t} IS NULL`.execute(ctx.engine.db)).rows[0];
    const n = Number(row?.n ?? 0);
    if (n > 0) counts.set(info.name, n);
  }
  return counts;
}
