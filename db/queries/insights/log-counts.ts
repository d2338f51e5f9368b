/**
 * One log's counts for Insights, by the database: GROUP BY over the rows the Activity filter keeps
 * (its SQL conditions, activity-reads.ts `filterWhere`), never reading entries.
 *
 * - Changes by time and cue: grouped by UTC quarter hour (slot-sql.ts) and stored cue, each slot
 *   placed on the zone's clock (zone-slots.ts). Rows without a slot (a time shape SQL does not
 *   parse, or none at all) and the rows of a slot that is not in one local hour are grouped by their
 *   stored time instead and each value decoded by time-codec.ts, so every row is placed exactly
 *   or counted as unreadable.
 * - People: grouped by person id (and by slot only with an hour-of-week filter, which must be
 *   decided per row's local hour).
 * Cues are grouped by their stored value and read by `normalizeChangeCue` (activity-total.ts), so
 * a cue filter that SQL reads as a superset still counts exactly.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ChangeCue, RecordId } from '../../../shared/domain';
import { column } from '../../engine';
import type { LogTableInfo } from '../../schema/catalog';
import { decodeTime, StoredTimestamp } from '../../time-codec';
import { toRecordId } from '../../values';
import { filterConditionsOf, type LogFilter } from '../activity-reads';
import type { ResolvedActivityFilter } from '../activity-filter';
import { countedCue, LONGEST_COUNTED_CUE, readCountedCue } from '../activity-total';
import { isCueSuperset } from '../stored-cues';
import type { QueryContext } from '../context';
import { canWalkHours, hasRowsBesideText, HOUR_KEY_LENGTH, isHourKey, walkBounds, walkQuery } from './hour-walk';
import { slotExpression, SLOT_MS, slotOfFiveMinutes, sqliteCommonShape, sqliteFiveMinutes, sqliteSlotOfParts, sqliteSlotParts, type StoredShape } from './slot-sql';
import { LAST_MS, type PlacedSlot, type ZoneSlots } from './zone-slots';

/** A count of rows sharing a place on the clock (null: their time cannot be read) and a cue. */
export interface PlacedCount {
  place: PlacedSlot | null;
  cue: ChangeCue;
  n: number;
}

export interface PersonCount {
  /** Null: the log does not say who. */
  id: RecordId | null;
  n: number;
}

export interface LogCounts {
  table: string;
  byTime: PlacedCount[];
  people: PersonCount[];
}

/** Rowids per GROUP BY of a whole large SQLite log (see `rowidChunks`). */
const ROWID_CHUNK = 250_000;

/** Rows of stored times read per query where they are placed one value at a time. */
const STORED_TIME_BATCH = 10_000;

interface GroupRow {
  k?: unknown;
  c: string | null;
  s: unknown;
  n: unknown;
}

interface CommonRow {
  k?: unknown;
  c: string | null;
  m: string | null;
  n: unknown;
}

interface Grouped {
  /** The group's extra key (a person id), or undefined. */
  key: unknown;
  cue: ChangeCue;
  place: PlacedSlot | null;
  n: number;
}

/** Counts summed by key, cue and place on the clock (slots of one local hour add up), so memory holds places, not rows. */
class GroupSums {
  private readonly sums = new Map<string, Grouped>();

  add(group: Grouped): void {
    const id = `${group.key === null || group.key === undefined ? '' : `${typeof group.key}:${String(group.key)}`}|${group.cue}|${group.place ? `${group.place.day} ${group.place.hour}` : '-'}`;
    const known = this.sums.get(id);
    if (known) known.n += group.n;
    else this.sums.set(id, { ...group });
  }

  values(): Grouped[] {
    return [...this.sums.values()];
  }
}

export class LogCounter {
  private readonly log: RawBuilder<unknown>;
  private readonly t: RawBuilder<unknown>;
  private readonly slot: RawBuilder<number | null>;
  private readonly cue: RawBuilder<string | null>;

  constructor(
    private readonly ctx: QueryContext,
    private readonly info: LogTableInfo,
    private readonly filter: LogFilter,
    private readonly resolved: ResolvedActivityFilter,
    private readonly shape: StoredShape,
    private readonly zone: ZoneSlots,
    /**
     * Whether the counts by time are split by cue (also read where a cue filter is decided per
     * group). Without it the time query reads ByTime alone, from the (ByTime, ID) index.
     */
    private readonly withCue: boolean,
  ) {
    this.log = ctx.engine.table(info.logTable);
    this.t = column('l', info.columns.byTime);
    this.slot = slotExpression(this.t, shape, ctx.engine.kind);
    this.cue = info.columns.changeCue && (withCue || resolved.cues) ? countedCue(info) : sql<null>`NULL`;
  }

  /** The cue a group's value reads as; 'Other' stands for "not read" where the cue is not grouped by. */
  private readCue(value: string | null): ChangeCue {
    return this.info.columns.changeCue && (this.withCue || this.resolved.cues) ? readCountedCue(value) : 'Other';
  }

  private keeps(cue: ChangeCue): boolean {
    return !this.resolved.cues || this.resolved.cues.has(cue);
  }

  /** The filter's conditions plus `extra`. */
  private where(extra: RawBuilder<boolean> | null): RawBuilder<unknown> {
    const conditions = filterConditionsOf(this.ctx, this.info, this.filter);
    if (extra) conditions.push(extra);
    return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  }

  /**
   * Rows grouped by `key` (an extra column, or none), cue and place on the clock: by slot, then
   * the rows no slot places by their stored times.
   */
  private async grouped(key: RawBuilder<unknown> | null): Promise<Grouped[]> {
    const { engine } = this.ctx;
    // No constant in GROUP BY: a query without a key groups by cue and slot alone.
    const keyed = key ? sql`${key} AS k, ` : sql``;
    const groups = key ? sql`1, 2, 3` : sql`1, 2`;
    const out = new GroupSums();
    const unplaced = new Set<number>();
    let withoutSlot = false;
    // `hour`: the row holds a UTC hour's rows (`slot`: its first quarter), placed together, else
    // each quarter by its stored times.
    const take = (row: GroupRow, cue: ChangeCue, slot: number, hour = false) => {
      if (Math.abs(slot * SLOT_MS) > LAST_MS) {
        out.add({ key: row.k, cue, place: null, n: Number(row.n) });
        return;
      }
      const place = hour ? this.zone.placeHour(slot) : this.zone.placeSlot(slot);
      if (place) out.add({ key: row.k, cue, place, n: Number(row.n) });
      else for (let q = 0; q < (hour ? 4 : 1); q++) unplaced.add(slot + q);
    };
    if (engine.kind === 'sqlite') {
      // First the common text shape, cheaply; then, only where some row is in no such shape, the rest.
      let others = false;
      const walked = key === null && this.walkable() && (await canWalkHours(this.ctx, this.info, this.cueRead()));
      if (walked) others = await this.walkHours(out);
      for (const chunk of walked ? [] : await this.rowidChunks()) {
        for (const row of (await this.sqliteCommon(key, chunk).execute(engine.db)).rows) {
          const cue = this.readCue(row.c);
          if (!this.keeps(cue)) continue;
          if (row.m === null) {
            others = true;
            continue;
          }
          const slot = slotOfFiveMinutes(row.m);
          if (slot === null) out.add({ key: row.k, cue, place: null, n: Number(row.n) });
          else take({ ...row, s: slot }, cue, slot);
        }
      }
      if (others) {
        for (const row of (await this.sqliteGroups(key, sql<boolean>`(${sqliteFiveMinutes(this.t)}) IS NULL`).execute(engine.db)).rows) {
          const cue = this.readCue(row.c);
          if (!this.keeps(cue)) continue;
          if (row.s === null || row.s === undefined) withoutSlot = true;
          else take(row, cue, Number(row.s));
        }
      }
    } else {
      // A native timestamp in a zone of whole hours: grouped by UTC hour (`date_trunc` on the
      // session's UTC clock: integer arithmetic), each group's slot computed once. The per-row
      // epoch of `slotExpression` is numeric arithmetic, a third of the whole history's time.
      const byHour = this.shape === 'native' && this.zone.wholeHours();
      const outerKey = key ? sql`g.k AS k, ` : sql``;
      const query = byHour
        ? sql<GroupRow>`SELECT ${outerKey}g.c AS c, CASE WHEN isfinite(g.h) THEN CAST(date_part('epoch', g.h) AS BIGINT) / ${sql.lit(SLOT_MS / 1000)} END AS s, g.n AS n
            FROM (SELECT ${keyed}${this.cue} AS c, date_trunc('hour', ${this.t}) AS h, count(*) AS n FROM ${this.log} AS l ${this.where(null)} GROUP BY ${positions(key ? 3 : 2)}) AS g`
        : sql<GroupRow>`SELECT ${keyed}${this.cue} AS c, ${this.slot} AS s, count(*) AS n FROM ${this.log} AS l ${this.where(null)} GROUP BY ${groups}`;
      for (const row of (await query.execute(engine.db)).rows) {
        const cue = this.readCue(row.c);
        if (!this.keeps(cue)) continue;
        if (row.s === null || row.s === undefined) withoutSlot = true;
        else take(row, cue, Number(row.s), byHour);
      }
    }
    // On SQLite, rows of the common shape were all placed (or found no time) by the first query.
    const noSlot = engine.kind === 'sqlite' ? sql<boolean>`(${sqliteFiveMinutes(this.t)}) IS NULL AND (${this.slot}) IS NULL` : sql<boolean>`(${this.slot}) IS NULL`;
    if (withoutSlot) for (const g of await this.byStoredTime(key, noSlot)) out.add(g);
    for (const slot of unplaced) for (const g of await this.byStoredTime(key, sql<boolean>`(${this.slot}) = ${sql.lit(slot)}`)) out.add(g);
    return out.values();
  }

  /** Whether the cue is read: grouped by, or decided per group for a cue filter. */
  private cueRead(): boolean {
    return this.info.columns.changeCue !== null && (this.withCue || this.resolved.cues !== null);
  }

  /**
   * Whether the filter reads nothing beside the time and the cue, which the time index holds: a
   * person, a record or another column's condition is read from its own index, as before.
   */
  private walkable(): boolean {
    const f = this.filter;
    return (
      f.personId === null && f.within === null && f.made.length === 0 && f.performer === null && f.field === null && !f.hoursOfWeek && walkBounds(f.from, f.toExclusive) !== null
    );
  }

  /**
   * SQLite's common shape counted hour by hour along the time index (hour-walk.ts), into `out`:
   * each hour (or quarter, where the zone's offsets are not whole hours) placed on the zone's
   * clock, and the rows of one not in a single local hour placed one stored time at a time.
   * Returns whether any row is not in the common shape (those are left to the caller).
   */
  private async walkHours(out: GroupSums): Promise<boolean> {
    const { engine } = this.ctx;
    // The period is the walk's own bounds (walkBounds), not conditions beside them.
    const conditions = filterConditionsOf(this.ctx, this.info, { ...this.filter, from: null, toExclusive: null });
    const bounds = walkBounds(this.filter.from, this.filter.toExclusive)!;
    const quarters = !this.zone.wholeHours();
    const byCue = this.cueRead() ? this.cue : null;
    const rows = (await walkQuery(this.ctx, this.info, conditions, { quarters, cue: byCue, bounds }).execute(engine.db)).rows;
    const t = this.t;
    const ff = sql.raw(`CAST(x'FF' AS TEXT)`);
    // By range (an hour's, or a quarter's): with the split by cue, each of its cues' groups asks for it.
    const unplaced = new Map<string, RawBuilder<boolean>>();
    // The rows of [from, to) in the common shape (`to` null: to the hour's end).
    const rangeOf = (hour: string, from: string, to: string | null) =>
      sql<boolean>`${t} >= ${from} AND ${t} < ${to === null ? sql`${hour} || ${ff}` : sql`${to}`} AND ${sqliteCommonShape(t)}`;
    const quarterBounds = (hour: string, q: number): [string, string | null] => [q === 0 ? hour : `${hour}:${15 * q}`, q === 3 ? null : `${hour}:${15 * (q + 1)}`];
    let others = (await hasRowsBesideText(this.ctx, this.info, filterConditionsOf(this.ctx, this.info, this.filter))) === true;
    const place = (hour: string, hourSlot: number | null, q: number | null, cue: ChangeCue, n: number) => {
      if (n === 0) return;
      if (hourSlot === null) {
        // Digits that are no date and time on the calendar: unreadable, as the codec says.
        out.add({ key: undefined, cue, place: null, n });
        return;
      }
      const at = q === null ? this.zone.placeHour(hourSlot) : this.zone.placeSlot(hourSlot + q);
      if (at) out.add({ key: undefined, cue, place: at, n });
      else if (q === null) unplaced.set(hour, rangeOf(hour, hour, null));
      else unplaced.set(`${hour} ${q}`, rangeOf(hour, ...quarterBounds(hour, q)));
    };
    for (const row of rows) {
      const hour = typeof row.m === 'string' ? row.m.slice(0, HOUR_KEY_LENGTH) : null;
      if (hour === null || !isHourKey(hour) || row.n === null) {
        others = true;
        continue;
      }
      const hourSlot = slotOfFiveMinutes(`${hour}:00`);
      if (byCue) {
        for (const [c, q, n] of JSON.parse(row.n) as Array<[string | null, number, number]>) {
          if (q < 0) {
            others = true;
            continue;
          }
          const cue = this.readCue(c);
          if (this.keeps(cue)) place(hour, hourSlot, quarters ? q : null, cue, n);
        }
        continue;
      }
      const [all, ...valid] = row.n.split(' ').map(Number);
      if (valid.reduce((a, b) => a + b, 0) !== all) others = true;
      const cue = this.readCue(null);
      if (quarters) valid.forEach((n, q) => place(hour, hourSlot, q, cue, n));
      else place(hour, hourSlot, null, cue, valid[0]!);
    }
    for (const range of unplaced.values()) for (const g of await this.byStoredTime(null, range)) out.add(g);
    return others;
  }

  /**
   * A whole large SQLite log is grouped a range of rowids at a time: its sorter then works in
   * memory, which took the 4.6-million-row Customer log of the benchmark from 5–8 s to 3–4 s.
   * Only where no index would narrow the read (no date range, person or record): a rowid range
   * beside such a condition could turn the planner away from the index.
   */
  private async rowidChunks(): Promise<Array<readonly [number, number] | null>> {
    const f = this.filter;
    // Without the cue the read is of the (ByTime, ID) index alone, which a rowid range would turn away from.
    if (!this.withCue && !this.resolved.cues) return [null];
    if (f.from || f.toExclusive || f.personId !== null || f.within || this.info.logKind === 'view') return [null];
    let span: { lo: unknown; hi: unknown } | undefined;
    try {
      span = (await sql<{ lo: unknown; hi: unknown }>`SELECT (SELECT min(rowid) FROM ${this.log}) AS lo, (SELECT max(rowid) FROM ${this.log}) AS hi`.execute(this.ctx.engine.db)).rows[0];
    } catch {
      // A table WITHOUT ROWID (or whose column named rowid hides it): read whole.
      return [null];
    }
    const lo = Number(span?.lo);
    const hi = Number(span?.hi);
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi - lo < 2 * ROWID_CHUNK) return [null];
    const chunks: Array<readonly [number, number]> = [];
    for (let from = lo; from <= hi; from += ROWID_CHUNK) chunks.push([from, Math.min(from + ROWID_CHUNK, hi + 1)]);
    return chunks;
  }

  /**
   * SQLite's common case: rows grouped by cue and five minutes of text in the common shape
   * (slot-sql.ts `sqliteFiveMinutes`; NULL for any other value), a range of rowids at a time.
   */
  private sqliteCommon(key: RawBuilder<unknown> | null, rowids: readonly [number, number] | null): RawBuilder<CommonRow> {
    const keyed = key ? sql`${key} AS k, ` : sql``;
    const range = rowids ? sql<boolean>`l.rowid >= ${sql.lit(rowids[0])} AND l.rowid < ${sql.lit(rowids[1])}` : null;
    // The cue as stored, cut (no CAST: SQLite's substr reads any value as text).
    const cue =
      this.info.columns.changeCue && (this.withCue || this.resolved.cues) ? sql`substr(${column('l', this.info.columns.changeCue)}, 1, ${sql.lit(LONGEST_COUNTED_CUE + 1)})` : sql`NULL`;
    return sql<CommonRow>`SELECT ${keyed}${cue} AS c, ${sqliteFiveMinutes(this.t)} AS m, count(*) AS n
      FROM ${this.log} AS l ${this.where(range)} GROUP BY ${positions(key ? 3 : 2)}`;
  }

  /**
   * SQLite's grouping in two steps (slot-sql.ts `sqliteSlotParts`): the rows grouped by what is
   * cheap to read of their times, then each group's exact slot, grouped again.
   */
  private sqliteGroups(key: RawBuilder<unknown> | null, condition: RawBuilder<boolean>): RawBuilder<GroupRow> {
    const parts = sqliteSlotParts(this.t);
    const keyed = key ? sql`${key} AS k, ` : sql``;
    const outerKey = key ? sql`g.k AS k, ` : sql``;
    const slot = sqliteSlotOfParts(sql.ref('g.q'), sql.ref('g.z'), sql.ref('g.e'));
    return sql<GroupRow>`SELECT ${outerKey}g.c AS c, ${slot} AS s, sum(g.n) AS n FROM (
        SELECT ${keyed}${this.cue} AS c, ${parts.quarter} AS q, ${parts.zone} AS z, ${parts.epoch} AS e, count(*) AS n
        FROM ${this.log} AS l ${this.where(condition)} GROUP BY ${positions(key ? 5 : 4)}
      ) AS g GROUP BY ${positions(key ? 3 : 2)}`;
  }

  /**
   * The rows `condition` picks, grouped by stored time (read in batches, in order of the stored
   * value), each value placed by the codec's reading; NULL and values that are no time unplaced.
   */
  private async byStoredTime(key: RawBuilder<unknown> | null, condition: RawBuilder<boolean>): Promise<Grouped[]> {
    const { engine } = this.ctx;
    const keyed = key ? sql`${key} AS k, ` : sql``;
    const k = key ? 1 : 0;
    const out: Grouped[] = [];
    const add = (groupKey: unknown, c: string | null, raw: unknown, n: unknown) => {
      const cue = this.readCue(c);
      if (!this.keeps(cue)) return;
      const instant = raw === null || raw === undefined ? null : decodeTime(raw);
      const ms = instant === null ? NaN : Date.parse(instant);
      out.push({ key: groupKey, cue, place: Number.isNaN(ms) ? null : this.zone.placeInstant(ms), n: Number(n) });
    };
    const nulls = (
      await sql<{ k?: unknown; c: string | null; n: unknown }>`SELECT ${keyed}${this.cue} AS c, count(*) AS n
        FROM ${this.log} AS l ${this.where(sql<boolean>`${condition} AND ${this.t} IS NULL`)} GROUP BY ${positions(k + 1)}`.execute(engine.db)
    ).rows;
    for (const row of nulls) add(row.k, row.c, null, row.n);
    let after: unknown = undefined;
    for (;;) {
      const resume = after === undefined ? sql<boolean>`${this.t} IS NOT NULL` : sql<boolean>`${this.t} >= ${after}`;
      const rows = (
        await sql<{ k?: unknown; c: string | null; t: unknown; n: unknown }>`SELECT ${keyed}${this.cue} AS c, ${this.t} AS t, count(*) AS n
          FROM ${this.log} AS l ${this.where(sql<boolean>`${condition} AND ${resume}`)}
          GROUP BY ${positions(k + 2)} ORDER BY ${sql.lit(k + 2)} LIMIT ${sql.lit(STORED_TIME_BATCH)}`.execute(engine.db)
      ).rows;
      if (rows.length < STORED_TIME_BATCH) {
        for (const row of rows) add(row.k, row.c, row.t, row.n);
        return out;
      }
      // The batch may end inside the groups of its last value: those are read again with the next.
      const last = rows[rows.length - 1]!.t;
      const whole = rows.filter((row) => !sameStored(row.t, last));
      if (whole.length === 0) throw new Error('Too many groups share one stored time to count them.');
      for (const row of whole) add(row.k, row.c, row.t, row.n);
      // A PostgreSQL timestamp goes back as the text the server wrote.
      after = last instanceof StoredTimestamp ? last.text : last;
    }
  }

  /** Changes by place on the clock and cue. */
  async byTime(): Promise<PlacedCount[]> {
    const groups = await this.grouped(null);
    return groups.filter((g) => this.inHours(g.place)).map(({ place, cue, n }) => ({ place, cue, n }));
  }

  /** Changes per person (null: the log does not say who); `byTime` is this log's {@link byTime}. */
  async people(byTime: readonly PlacedCount[]): Promise<PersonCount[]> {
    const byId = this.info.columns.byId;
    if (!byId) {
      const total = byTime.reduce((n, g) => n + g.n, 0);
      return total ? [{ id: null, n: total }] : [];
    }
    const person = column('l', byId);
    let groups: Array<{ key: unknown; n: number }>;
    if (this.resolved.hoursOfWeek) {
      groups = (await this.grouped(person)).filter((g) => this.inHours(g.place));
    } else if (this.filter.cues && this.info.columns.changeCue && isCueSuperset(this.filter.cues)) {
      // SQL keeps more cues than asked for: each stored cue is read as the entries read it.
      const rows = (
        await sql<{ k: unknown; c: string | null; n: unknown }>`SELECT ${person} AS k, ${this.cue} AS c, count(*) AS n
          FROM ${this.log} AS l ${this.where(null)} GROUP BY 1, 2`.execute(this.ctx.engine.db)
      ).rows;
      groups = rows.filter((row) => this.keeps(this.readCue(row.c))).map((row) => ({ key: row.k, n: Number(row.n) }));
    } else {
      // The filter is exact in SQL: by person alone, which the (ByID, ByTime) index answers.
      const rows = (
        await sql<{ k: unknown; n: unknown }>`SELECT ${person} AS k, count(*) AS n FROM ${this.log} AS l ${this.where(null)} GROUP BY 1`.execute(this.ctx.engine.db)
      ).rows;
      groups = rows.map((row) => ({ key: row.k, n: Number(row.n) }));
    }
    const totals = new Map<string, PersonCount>();
    for (const g of groups) {
      const id = g.key === null || g.key === undefined ? null : toRecordId(g.key);
      const mapKey = id === null ? 'null' : `${typeof id}:${String(id)}`;
      const known = totals.get(mapKey);
      if (known) known.n += g.n;
      else totals.set(mapKey, { id, n: g.n });
    }
    return [...totals.values()];
  }

  /** With an hour-of-week filter, whether a place is in its hours (an unreadable time is in none). */
  private inHours(place: PlacedSlot | null): boolean {
    const hours = this.resolved.hoursOfWeek;
    if (!hours) return true;
    return place !== null && hours.indexes.has((place.weekday - 1) * 24 + place.hour);
  }
}

/** `GROUP BY 1, 2, …, n`. */
function positions(n: number): RawBuilder<unknown> {
  return sql.join(Array.from({ length: n }, (_, i) => sql.lit(i + 1)));
}

function sameStored(a: unknown, b: unknown): boolean {
  if (a instanceof Object && b instanceof Object) return String(a) === String(b);
  return a === b;
}
