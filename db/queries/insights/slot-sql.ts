/**
 * The UTC quarter-hour a stored `ByTime` falls in, computed by the database, so that counts per
 * quarter hour come from one GROUP BY over the `(ByTime, ID)` index and are placed on any zone's
 * clock afterwards (db/queries/insights/zone-slots.ts). A quarter hour, not an hour: zones such as
 * Asia/Kolkata (+05:30) and Asia/Kathmandu (+05:45) put an hour's boundary inside UTC hours.
 *
 * A slot is `floor(epoch seconds / 900)`. The stored shapes time-codec.ts reads are computed
 * exactly where SQL can do so with plain arithmetic (no engine date function, which would read
 * some texts differently from the codec or fail the whole query on `2024-02-30`):
 * - a native PostgreSQL timestamp: its epoch (non-finite values excepted);
 * - a number: epoch seconds, or milliseconds past 1e11, rounded to milliseconds as the codec does;
 * - text of exactly the shape `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH:MM]` on the calendar:
 *   parsed field by field.
 * Any other value (another text shape, NULL, `infinity`) gets no slot (NULL): those rows are read
 * by their stored value and decoded by time-codec.ts itself (log-counts.ts), so the codec
 * decides every row the arithmetic does not.
 */
import { sql, type RawBuilder } from 'kysely';
import { column } from '../../engine';
import type { LogTableInfo } from '../../schema/catalog';
import { StoredTimestamp } from '../../time-codec';
import type { QueryContext } from '../context';

/** How the log's times are stored, as one of its values shows (null: no value to tell by). */
export type StoredShape = 'native' | 'number' | 'text' | null;

export function shapeOf(sample: unknown): StoredShape {
  if (sample === null || sample === undefined) return null;
  if (sample instanceof StoredTimestamp) return 'native';
  if (typeof sample === 'number' || typeof sample === 'bigint') return 'number';
  return 'text';
}

/** Quarter hours per week, and the slot of Monday 1969-12-29 00:00 UTC modulo a week (1970-01-01 was a Thursday). */
export const SLOTS_PER_WEEK = 672;
export const SLOT_MS = 900_000;

/** Keeps integer division of a possibly negative number a floor: shifted positive by a multiple of the divisor. */
const MINUTE_SHIFT = 1_500_000_000;

function int(expr: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`CAST(${expr} AS BIGINT)`;
}

/** The slot of text in the strict shape (see the module comment), else NULL. */
function textSlot(t: RawBuilder<unknown>, engineKind: 'sqlite' | 'postgres'): RawBuilder<number | null> {
  const part = (start: number, length: number) => int(sql`substr(${t}, ${sql.lit(start)}, ${sql.lit(length)})`);
  const Y = part(1, 4);
  const M = part(6, 2);
  const D = part(9, 2);
  const h = part(12, 2);
  const mi = part(15, 2);
  const len = sql`length(${t})`;
  const shape =
    engineKind === 'postgres'
      ? sql<boolean>`${t} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$'`
      : sqliteShape(t);
  const zoned = engineKind === 'postgres' ? sql<boolean>`${t} ~ '[+-][0-9]{2}:[0-9]{2}$'` : sql<boolean>`${t} GLOB '*[+-][0-9][0-9]:[0-9][0-9]'`;
  const zoneSign = sql`CASE WHEN substr(${t}, ${len} - 5, 1) = '-' THEN -1 ELSE 1 END`;
  const zoneMinutes = sql`CASE WHEN ${zoned} THEN ${zoneSign} * (${int(sql`substr(${t}, ${len} - 4, 2)`)} * 60 + ${int(sql`substr(${t}, ${len} - 1, 2)`)}) ELSE 0 END`;
  const seconds = sql`CASE WHEN substr(${t}, 17, 1) = ':' THEN ${part(18, 2)} ELSE 0 END`;
  const leap = sql`((${Y} % 4 = 0 AND ${Y} % 100 <> 0) OR ${Y} % 400 = 0)`;
  const monthDays = sql`CASE WHEN ${M} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${M} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  const valid = sql<boolean>`${M} BETWEEN 1 AND 12 AND ${D} BETWEEN 1 AND ${monthDays} AND ${h} <= 23 AND ${mi} <= 59 AND ${seconds} <= 59`;
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), its year
  // shifted by 400 (one era, 146,097 days) so every division is of a positive number.
  const y = sql`(${Y} - CASE WHEN ${M} <= 2 THEN 1 ELSE 0 END + 400)`;
  const era = sql`(${y} / 400)`;
  const yoe = sql`(${y} - ${era} * 400)`;
  const doy = sql`((153 * ((${M} + 9) % 12) + 2) / 5 + ${D} - 1)`;
  const doe = sql`(${yoe} * 365 + ${yoe} / 4 - ${yoe} / 100 + ${doy})`;
  const days = sql`(${era} * 146097 + ${doe} - 719468 - 146097)`;
  const minutes = sql`(${days} * 1440 + ${h} * 60 + ${mi} - ${zoneMinutes})`;
  return sql<number | null>`CASE WHEN ${shape} THEN CASE WHEN ${valid} THEN (${minutes} + ${sql.lit(MINUTE_SHIFT)}) / 15 - ${sql.lit(MINUTE_SHIFT / 15)} END END`;
}

/** SQLite has no regular expressions: the strict shape by GLOB, piece by piece. */
function sqliteShape(t: RawBuilder<unknown>): RawBuilder<boolean> {
  const zoneLength = sql`CASE WHEN ${t} GLOB '*Z' THEN 1 WHEN ${t} GLOB '*[+-][0-9][0-9]:[0-9][0-9]' THEN 6 ELSE 0 END`;
  const restLength = sql`(length(${t}) - 16 - ${zoneLength})`;
  const rest = sql`substr(${t}, 17, ${restLength})`;
  return sql<boolean>`(substr(${t}, 1, 16) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]'
    AND (${restLength} = 0
      OR (${restLength} = 3 AND ${rest} GLOB ':[0-9][0-9]')
      OR (${restLength} >= 5 AND ${rest} GLOB ':[0-9][0-9].[0-9]*' AND substr(${rest}, 5) NOT GLOB '*[^0-9]*')))`;
}

/** The slot of an epoch number (seconds, or milliseconds past 1e11), else NULL. */
function numberSlot(t: RawBuilder<unknown>): RawBuilder<number | null> {
  const millis = int(sql`round(CASE WHEN abs(${t}) > 1e11 THEN ${t} ELSE ${t} * 1000 END)`);
  return sql<number | null>`(${millis} - ((${millis} % ${sql.lit(SLOT_MS)}) + ${sql.lit(SLOT_MS)}) % ${sql.lit(SLOT_MS)}) / ${sql.lit(SLOT_MS)}`;
}

/**
 * The slot expression of a log's `ByTime` (`t`, a column reference), NULL for rows it leaves to the
 * codec. SQLite decides per row (a column may hold text in one row and a number in the next).
 */
export function slotExpression(t: RawBuilder<unknown>, shape: StoredShape, engineKind: 'sqlite' | 'postgres'): RawBuilder<number | null> {
  if (engineKind === 'sqlite') {
    // Infinite reals (1e999) are no time: the codec reads them as unreadable, so they get no slot.
    return sql<number | null>`CASE typeof(${t})
      WHEN 'text' THEN ${textSlot(t, 'sqlite')}
      WHEN 'integer' THEN ${numberSlot(t)}
      WHEN 'real' THEN CASE WHEN abs(${t}) < 1e300 THEN ${numberSlot(t)} END
    END`;
  }
  if (shape === 'native') return sql<number | null>`CASE WHEN isfinite(${t}) THEN CAST(floor(extract(epoch FROM ${t}) / 900) AS BIGINT) END`;
  if (shape === 'number') {
    const millis = sql`round(CASE WHEN abs(${t}) > 1e11 THEN ${t} ELSE ${t} * 1000 END)`;
    return sql<number | null>`CAST(floor(${millis} / ${sql.lit(SLOT_MS)}.0) AS BIGINT)`;
  }
  if (shape === 'text') return textSlot(sql`CAST(${t} AS TEXT)`, 'postgres');
  return sql<null>`CAST(NULL AS BIGINT)`;
}

/** How a log's times are stored, from its first non-NULL value (time-codec.ts decides the rest). */
export async function storedShape(ctx: QueryContext, info: LogTableInfo): Promise<StoredShape> {
  const t = column('l', info.columns.byTime);
  const row = (await sql<{ t: unknown }>`SELECT ${t} AS t FROM ${ctx.engine.table(info.logTable)} AS l WHERE ${t} IS NOT NULL LIMIT 1`.execute(ctx.engine.db)).rows[0];
  return shapeOf(row?.t ?? null);
}

/** The quarter of the week (0 = Monday 00:00–00:15 UTC … 671) of a slot expression. */
export function weekQuarter(slot: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`((${slot} % ${sql.lit(SLOTS_PER_WEEK)}) + ${sql.lit(SLOTS_PER_WEEK + 3 * 96)}) % ${sql.lit(SLOTS_PER_WEEK)}`;
}

/**
 * SQLite's slot in two steps, for GROUP BY over many rows: per row only what is cheap (the text up
 * to its hour with the minute's quarter, what follows the minute checked and its zone kept, or an
 * epoch number's slot), grouped; then per group the exact slot of the text rebuilt from those
 * parts (`YYYY-MM-DD HH:MM` and the zone), by {@link slotExpression}'s arithmetic. The same slots
 * as the per-row expression, with a few operations per row instead of some sixty.
 */
export function sqliteSlotParts(t: RawBuilder<unknown>): { quarter: RawBuilder<string | null>; zone: RawBuilder<string | null>; epoch: RawBuilder<number | null> } {
  const quarter = sql<string | null>`CASE WHEN typeof(${t}) = 'text' AND substr(${t}, 15, 2) GLOB '[0-5][0-9]'
    THEN substr(${t}, 1, 14) || (CAST(substr(${t}, 15, 2) AS INTEGER) / 15) END`;
  // What follows the minute: '' (nothing, or valid seconds and fraction), the zone, or NULL (not
  // the strict shape, or an offset that is no whole quarter hour: rebuilt at the quarter's first
  // minute, its slot could differ, so such rows are placed one stored time at a time).
  const zone = sql<string | null>`CASE WHEN typeof(${t}) <> 'text' THEN NULL
    WHEN length(${t}) = 19 THEN CASE WHEN substr(${t}, 17, 1) = ':' AND substr(${t}, 18, 2) GLOB '[0-5][0-9]' THEN '' END
    WHEN length(${t}) = 16 THEN ''
    WHEN ${sqliteShape(t)} AND (substr(${t}, 17, 1) <> ':' OR substr(${t}, 18, 2) GLOB '[0-5][0-9]')
      THEN CASE WHEN ${t} GLOB '*Z' THEN 'Z'
        WHEN ${t} GLOB '*[+-][0-9][0-9]:[0-9][0-9]' THEN CASE WHEN substr(${t}, -2) IN ('00', '15', '30', '45') THEN substr(${t}, -6) END
        ELSE '' END
    END`;
  const epoch = sql<number | null>`CASE typeof(${t})
      WHEN 'integer' THEN ${numberSlot(t)}
      WHEN 'real' THEN CASE WHEN abs(${t}) < 1e300 THEN ${numberSlot(t)} END
    END`;
  return { quarter, zone, epoch };
}

/** The slot of a group from {@link sqliteSlotParts}' columns. */
export function sqliteSlotOfParts(quarter: RawBuilder<unknown>, zone: RawBuilder<unknown>, epoch: RawBuilder<unknown>): RawBuilder<number | null> {
  const text = sql`(substr(${quarter}, 1, 14) || printf('%02d', CAST(substr(${quarter}, 15) AS INTEGER) * 15) || ${zone})`;
  return sql<number | null>`CASE WHEN ${epoch} IS NOT NULL THEN ${epoch} WHEN ${quarter} IS NOT NULL AND ${zone} IS NOT NULL THEN ${textSlot(text, 'sqlite')} END`;
}

/** The shape most logs write (`2024-05-01 09:30:00`, or with a `T`), and with a `Z` after it. */
const COMMON_SHAPE = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-5][0-9]:[0-5][0-9]";

/**
 * SQLite's cheapest grouping key, for text in the common shape only (else NULL): the text up to
 * the minute's tens digit and whether the minute's ones digit is 5 or more (`2024-05-01 09:3` and
 * `1`), so that each key covers five minutes, all in one quarter hour. One GLOB and two substr per
 * row; {@link slotOfFiveMinutes} reads the key, exactly as the codec reads the text.
 */
export function sqliteFiveMinutes(t: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`CASE WHEN ${sqliteCommonShape(t)} THEN substr(${t}, 1, 15) || (substr(${t}, 16, 1) >= '5') END`;
}

/** Whether a SQLite value is text in the common shape (see {@link sqliteFiveMinutes}). */
export function sqliteCommonShape(t: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${t} GLOB ${sql.lit(COMMON_SHAPE)} OR ${t} GLOB ${sql.lit(`${COMMON_SHAPE}Z`)})`;
}

/** The slot of a {@link sqliteFiveMinutes} key; null when it is no date and time on the calendar (as the codec says). */
export function slotOfFiveMinutes(key: string): number | null {
  const year = Number(key.slice(0, 4));
  const month = Number(key.slice(5, 7));
  const day = Number(key.slice(8, 10));
  const hour = Number(key.slice(11, 13));
  const minute = Number(key.slice(14, 15)) * 10 + (key.slice(15) === '1' ? 5 : 0);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23) return null;
  // Not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, 0, 0);
  return Math.floor(date.getTime() / SLOT_MS);
}
