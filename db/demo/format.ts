/**
 * The demo's format version: bump it whenever the demo's schema or data changes (a column, a
 * table, a planted case, how the simulation writes), so that every cache keyed by it (the
 * benchmark's replicas and PostgreSQL databases, bench/demo-replica.ts and bench/postgres-data.ts)
 * is rebuilt instead of measuring yesterday's demo. The seed and scale alone do not say what a
 * cached file holds.
 *
 * 1: before the planted cases and the how-made columns (the caches named without a version).
 * 2: planted review cases (planted.ts) and the how-made columns (how-made.ts).
 * 3: each log's time index is the aggregate index (ByTime, ID, ByID, ChangeCue), from which Review
 *    and Insights group a period by time, person and cue without reading its rows (the data is
 *    the same as in 2).
 */
export const DEMO_FORMAT = 3;
