/**
 * How many rows a whole-log stream (an export) holds at once. Rows carry their values whole, and a
 * log's values may be texts of many megabytes: a fixed count of rows would hold count × the
 * largest value. So a batch ends at {@link STREAM_BATCH_BYTES} as well as at its count, and where
 * rows are fetched in round trips (a PostgreSQL cursor, which must say how many rows it wants
 * before it sees them) the count asked for follows the largest row seen so far, starting small
 * and at most doubling from one read to the next.
 */

/** What one batch of rows may hold (about; strings counted at two bytes a character). */
export const STREAM_BATCH_BYTES = 32 * 1024 * 1024;

/** The first read of a cursor: one row, as nothing is known yet about its rows (then it doubles). */
const FIRST_READ = 1;

/** A value's size in memory, about: a text's characters, a binary value's bytes, a little for the rest. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 16;
}

/** A row's size in memory, about (its texts and binary values, and a little for the rest), read as an array of its values. */
export function arrayRowBytes(row: readonly unknown[]): number {
  let bytes = 64;
  for (let i = 0; i < row.length; i++) bytes += valueBytes(row[i]);
  return bytes;
}

/**
 * A streamed row (`Engine.streamRows` hands each over as its values, in the order selected) as an
 * object keyed by the names selected, for readers that want the columns by name.
 */
export function namedRow<R>(names: readonly string[], values: readonly unknown[]): R {
  const row: Record<string, unknown> = {};
  for (let c = 0; c < names.length; c++) row[names[c]!] = values[c];
  return row as R;
}

/** The count of rows each read of a cursor asks for, learnt from the rows it read. */
export class CursorReadSize {
  private largest = 0;
  private last = 0;

  constructor(private readonly maxRows: number) {}

  /** Rows to ask for next. */
  next(): number {
    const byBytes = this.largest === 0 ? this.maxRows : Math.floor(STREAM_BATCH_BYTES / this.largest);
    const grown = this.last === 0 ? FIRST_READ : 2 * this.last;
    this.last = Math.max(1, Math.min(this.maxRows, byBytes, grown));
    return this.last;
  }

  /** Learns from the rows a read returned. */
  saw(rows: ReadonlyArray<readonly unknown[]>): void {
    for (const row of rows) this.largest = Math.max(this.largest, arrayRowBytes(row));
  }
}
