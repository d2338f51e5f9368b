/**
 * UTC quarter hours (slot-sql.ts) placed on a zone's clock: the local day, weekday and hour every
 * instant of the slot shares, or null where they do not all share one (a transition inside the
 * slot, or an offset that is no whole quarter hour, as local mean times before 1972 were): the
 * rows of such a slot are then placed one stored time at a time (log-counts.ts).
 *
 * The zone's offset is read from Intl (shared/day-range.ts `zoneOffsetMs`) once per UTC day where
 * it is the same at the day's start, middle and end, else per slot: a few hundred reads for years
 * of slots, never one per row.
 */
import { zoneOffsetMs } from '../../../shared/day-range';
import { dayOfMs } from '../../../shared/insights';
import { SLOT_MS } from './slot-sql';

/** Where a slot's instants are on the zone's clock. */
export interface PlacedSlot {
  /** `YYYY-MM-DD` */
  day: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SLOTS_PER_HOUR = HOUR_MS / SLOT_MS;

/** The latest instant JavaScript dates (and so the codec) can hold, in ms. */
export const LAST_MS = 8.64e15;

export class ZoneSlots {
  private readonly dayOffsets = new Map<number, number | null>();
  private readonly placed = new Map<number, PlacedSlot | null>();
  private whole: boolean | undefined;

  constructor(readonly timeZone: string) {}

  /** The offset in force all day long for the UTC day `day` (days since the epoch), or null when it changes that day. */
  private offsetOfDay(day: number): number | null {
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      const start = day * DAY_MS;
      const a = zoneOffsetMs(start, this.timeZone);
      const b = zoneOffsetMs(start + DAY_MS / 2, this.timeZone);
      const c = zoneOffsetMs(start + DAY_MS - 1000, this.timeZone);
      offset = a === b && b === c ? a : null;
      this.dayOffsets.set(day, offset);
    }
    return offset;
  }

  private offsetAt(ms: number): number {
    return this.offsetOfDay(Math.floor(ms / DAY_MS)) ?? zoneOffsetMs(ms, this.timeZone);
  }

  /** Where the instant `ms` is on the zone's clock. */
  placeInstant(ms: number): PlacedSlot {
    return placeWall(ms + this.offsetAt(ms));
  }

  /**
   * Where all of a UTC hour's instants are (the hour of `firstSlot`, its first quarter), or null
   * when they are not all in one local hour: each quarter placed as {@link placeSlot} places it.
   */
  placeHour(firstSlot: number): PlacedSlot | null {
    const first = this.placeSlot(firstSlot);
    if (!first) return null;
    for (let i = 1; i < SLOTS_PER_HOUR; i++) {
      const next = this.placeSlot(firstSlot + i);
      if (!next || next.day !== first.day || next.hour !== first.hour) return null;
    }
    return first;
  }

  /**
   * Whether the zone's clock is some whole hours from UTC at every sampled instant (1 January
   * and 1 July of 1970 to 2100): then counts by UTC hour place nearly every hour, and quarter
   * hours are read only where an hour is not placed. Only a choice of speed: an hour that is not
   * in one local hour is always placed another way.
   */
  wholeHours(): boolean {
    if (this.whole === undefined) {
      this.whole = true;
      for (let year = 1970; year <= 2100 && this.whole; year++) {
        for (const month of [0, 6]) {
          if (zoneOffsetMs(Date.UTC(year, month, 1), this.timeZone) % HOUR_MS !== 0) this.whole = false;
        }
      }
    }
    return this.whole;
  }

  /** Where all of a slot's instants are, or null when they are not all in one local hour. */
  placeSlot(slot: number): PlacedSlot | null {
    let placed = this.placed.get(slot);
    if (placed === undefined) {
      const start = slot * SLOT_MS;
      const last = start + SLOT_MS - 1;
      const dayOffset = this.offsetOfDay(Math.floor(start / DAY_MS));
      const startOffset = dayOffset ?? zoneOffsetMs(start, this.timeZone);
      const lastOffset = dayOffset ?? zoneOffsetMs(last, this.timeZone);
      const wallStart = start + startOffset;
      const wallLast = last + lastOffset;
      placed = startOffset === lastOffset && Math.floor(wallStart / HOUR_MS) === Math.floor(wallLast / HOUR_MS) ? placeWall(wallStart) : null;
      this.placed.set(slot, placed);
    }
    return placed;
  }
}

/** A wall-clock time read as UTC ms, taken apart. */
function placeWall(wallMs: number): PlacedSlot {
  const date = new Date(wallMs);
  return { day: dayOfMs(Math.floor(wallMs / DAY_MS) * DAY_MS), weekday: ((date.getUTCDay() + 6) % 7) + 1, hour: date.getUTCHours() };
}
