/**
 * An instant read on a zone's wall clock: its local day, weekday and time of day, and the few ways
 * Review and Activity write them ("02:10–02:14 on Sat 3 Oct 2026"). Offsets are learnt from the
 * zone's own rules (Intl), once per quarter hour of UTC (no zone changes its offset within one),
 * so reading a month of minutes costs a few thousand look-ups, not one per entry.
 */
import { utcMillis } from './utc-date';

/** A moment on a zone's wall clock. */
export interface WallClock {
  /** `YYYY-MM-DD`. */
  day: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight (0–1439). */
  minute: number;
}

const QUARTER_MS = 15 * 60 * 1000;
/** en-US's numeric date and 24-hour time, a four-digit year (other years are read from the parts). */
const PLAIN_US_TEXT = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;
/** The fields of a wall clock's reading, numeric, the hours 00–23. */
const WALL_FIELDS: Intl.DateTimeFormatOptions = { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Reads instants in one zone; keeps the offsets it has learnt. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  /** The same, with the era, for years outside 1000–9999 (made when first needed). */
  private eraFormat: Intl.DateTimeFormat | undefined;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, ...WALL_FIELDS });
  }

  /** The zone's offset from UTC at an instant, in milliseconds. */
  offsetAt(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS);
    let offset = this.offsets.get(quarter);
    if (offset === undefined) {
      const at = quarter * QUARTER_MS;
      offset = this.wallAt(at) - at;
      this.offsets.set(quarter, offset);
    }
    return offset;
  }

  /**
   * The wall clock's reading at an instant, as if it were UTC. From the formatted text where it has
   * its usual shape ("11/14/2023, 22:13:20": a whole history meets a hundred thousand quarter
   * hours, and formatting costs a third of taking the text apart into parts), else from the parts,
   * with the era (a log may hold any year: en-US writes 44 BC's year as "44").
   */
  private wallAt(at: number): number {
    const m = PLAIN_US_TEXT.exec(this.format.format(at));
    if (m) return utcMillis(Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
    this.eraFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: this.timeZone, ...WALL_FIELDS, era: 'short' });
    const f: Record<string, number> = {};
    let bc = false;
    for (const part of this.eraFormat.formatToParts(at)) {
      if (part.type === 'era') bc = part.value === 'BC';
      else if (part.type !== 'literal') f[part.type] = Number(part.value);
    }
    const year = f.year ?? 1970;
    return utcMillis(bc ? 1 - year : year, f.month ?? 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
  }

  /** The wall clock at an instant (milliseconds since the epoch). */
  at(ms: number): WallClock {
    const wall = new Date(ms + this.offsetAt(ms));
    // (Years outside 0–9999 as ISO writes them, "+010000-03-15": still one key per day, and parsed back alike.)
    const iso = wall.toISOString();
    const day = iso.slice(0, iso.indexOf('T'));
    const weekday = ((wall.getUTCDay() + 6) % 7) + 1;
    return { day, weekday, minute: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
  }

  /** "02:10" */
  time(ms: number): string {
    return hhmm(this.at(ms).minute);
  }

  /** "Sat 3 Oct 2026" */
  date(ms: number): string {
    const { day, weekday } = this.at(ms);
    const [, year, month, date] = /^([+-]?\d+)-(\d+)-(\d+)$/.exec(day)!.map(Number) as [number, number, number, number];
    return `${WEEKDAYS[weekday - 1]} ${date} ${MONTHS[month - 1]} ${year <= 0 ? `${1 - year} BC` : year}`;
  }

  /**
   * A span of instants as a reader says it: "at 02:10 on Sat 3 Oct 2026", "between 02:10 and 02:14
   * on Sat 3 Oct 2026", or, across days, "between 23:50 on Fri 2 Oct 2026 and 00:10 on Sat 3 Oct 2026".
   */
  span(firstMs: number, lastMs: number): string {
    const first = `${this.time(firstMs)}`;
    const last = `${this.time(lastMs)}`;
    if (this.at(firstMs).day !== this.at(lastMs).day) return `between ${first} on ${this.date(firstMs)} and ${last} on ${this.date(lastMs)}`;
    if (first === last) return `at ${first} on ${this.date(firstMs)}`;
    return `between ${first} and ${last} on ${this.date(firstMs)}`;
  }

  /** A range as a chip says it: "02:10–02:14 Sat 3 Oct 2026" (the end exclusive, shown as its last minute). */
  range(fromMs: number, toExclusiveMs: number): string {
    const lastMs = Math.max(fromMs, toExclusiveMs - 1);
    if (this.at(fromMs).day !== this.at(lastMs).day) return `${this.time(fromMs)} ${this.date(fromMs)} – ${this.time(lastMs)} ${this.date(lastMs)}`;
    const first = this.time(fromMs);
    const last = this.time(lastMs);
    return `${first === last ? first : `${first}–${last}`} ${this.date(fromMs)}`;
  }
}

/** Minutes since midnight as "HH:MM". */
export function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "HH:MM" as minutes since midnight ("24:00" is 1440). */
export function minuteOf(text: string): number {
  const [h, m] = text.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
