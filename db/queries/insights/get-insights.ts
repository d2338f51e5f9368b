/**
 * Insights (the contract's `getInsights`): a period's changes counted by the database, log by log
 * (log-counts.ts), and put together here: buckets of local days, the heat map, the most active
 * people. Days and hours are on the filter's zone, by default the organisation's (db/organisation.ts).
 */
import { sql } from 'kysely';
import type { GetInsightsRequest } from '../../../shared/contract';
import { isValidTimeZone } from '../../../shared/day-range';
import type { ActivityFilter, ChangeCue, RecordId } from '../../../shared/domain';
import { AuditError } from '../../../shared/errors';
import {
  bucketKeyOf,
  comparePeopleByCount,
  emptyBuckets,
  emptyHeatmap,
  granularityFor,
  INSIGHTS_GRANULARITIES,
  orderedCues,
  type Insights,
  type InsightsGranularity,
  type InsightsPerson,
} from '../../../shared/insights';
import { column } from '../../engine';
import { organisationOf } from '../../organisation';
import type { LogTableInfo } from '../../schema/catalog';
import { toFieldValue } from '../../values';
import { chooseActivityTables, resolveActivityFilter, type ResolvedActivityFilter } from '../activity-filter';
import type { Within } from '../activity-reads';
import { requireRecordId, requireTable, timeCodec, type QueryContext } from '../context';
import { logFilterOf } from '../merged-logs';
import { findPeople } from '../people';
import { LogCounter, type PersonCount, type PlacedCount } from './log-counts';
import { storedShape } from './slot-sql';
import { ZoneSlots } from './zone-slots';

/** Listed people when the request names no number. */
export const DEFAULT_TOP_PEOPLE = 10;

function checkRequest(req: GetInsightsRequest): { granularity: InsightsGranularity | null; top: number; split: 'table' | 'cue' } {
  if (req.granularity !== undefined && req.granularity !== null && !INSIGHTS_GRANULARITIES.includes(req.granularity)) {
    throw new AuditError('bad-request', `The granularity must be one of ${INSIGHTS_GRANULARITIES.join(', ')}.`);
  }
  const people = req.people ?? DEFAULT_TOP_PEOPLE;
  if (people !== 'all' && (typeof people !== 'number' || !Number.isInteger(people) || people < 0)) {
    throw new AuditError('bad-request', 'The number of people to list must be a whole number, or "all".');
  }
  if (req.split !== undefined && req.split !== 'table' && req.split !== 'cue') throw new AuditError('bad-request', 'The split must be "table" or "cue".');
  return { granularity: req.granularity ?? null, top: people === 'all' ? Number.POSITIVE_INFINITY : people, split: req.split ?? 'table' };
}

/** The logs to count and what keeps their rows to one record, for a record's timeline. */
function logsOf(ctx: QueryContext, req: GetInsightsRequest, raw: ActivityFilter, filter: ResolvedActivityFilter): { infos: LogTableInfo[]; within: Within | null } {
  if (!req.record) return { infos: chooseActivityTables(ctx, raw, filter), within: null };
  if (typeof req.record !== 'object') throw new AuditError('bad-request', 'The record must be { table, id }.');
  const info = requireTable(ctx, req.record.table);
  const id = requireRecordId(info, req.record.id);
  // A log that does not say who made a change has no entries by any one person.
  if (filter.personId !== null && info.columns.byId === null) return { infos: [], within: null };
  return { infos: [info], within: { records: [id], owners: null } };
}

export async function getInsights(ctx: QueryContext, req: GetInsightsRequest): Promise<Insights> {
  const { granularity: asked, top, split } = checkRequest(req);
  const given = req.filter ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new AuditError('bad-request', 'The filter must be an object.');
  if (given.field !== undefined && given.field !== null && given.field !== '') {
    throw new AuditError('bad-request', 'Insights count entries as the log stores them, so they cannot be narrowed by field (that needs every entry compared with the one before it); use Activity for that.');
  }
  const timeZone = given.timeZone ?? organisationOf(ctx.settings).timeZone;
  if (!isValidTimeZone(timeZone)) throw new AuditError('bad-request', `"${timeZone}" is not a known time zone (use an IANA name such as Europe/London).`);
  const raw: ActivityFilter = { ...given, timeZone };
  const filter = await resolveActivityFilter(ctx, raw);
  const { infos, within } = logsOf(ctx, req, raw, filter);
  const zone = new ZoneSlots(timeZone);

  const perLog: Array<{ info: LogTableInfo; byTime: PlacedCount[]; people: PersonCount[] }> = [];
  // One log after another: each is one or two GROUP BY scans, and a cancelled call stops between them.
  for (const info of infos) {
    const codec = await timeCodec(ctx, info);
    const logFilter = await logFilterOf(ctx, info, codec, filter, within);
    const counter = new LogCounter(ctx, info, logFilter, filter, await storedShape(ctx, info), zone, split === 'cue');
    const byTime = await counter.byTime();
    perLog.push({ info, byTime, people: await counter.people(byTime) });
  }

  // The period: as asked, else the days that have changes.
  let from = raw.from?.trim() || null;
  let to = raw.to?.trim() || null;
  if (from === null || to === null) {
    const days = perLog.flatMap((l) => l.byTime.flatMap((c) => (c.place ? [c.place.day] : []))).sort();
    from ??= days[0] ?? null;
    to ??= days[days.length - 1] ?? null;
  }
  const granularity = asked ?? granularityFor(from, to);
  const buckets = from !== null && to !== null && from <= to ? emptyBuckets(from, to, granularity) : [];
  const byKey = new Map(buckets.map((b) => [b.key, b]));
  const heatmap = emptyHeatmap();
  const tables = new Set<string>();
  const cues = new Set<ChangeCue>();
  let total = 0;
  let unreadableTimes = 0;
  for (const { info, byTime } of perLog) {
    for (const { place, cue, n } of byTime) {
      total += n;
      if (!place) {
        unreadableTimes += n;
        continue;
      }
      const bucket = byKey.get(bucketKeyOf(place.day, granularity));
      // Not expected: the SQL range is the period's exact instants.
      if (!bucket || place.day < bucket.from || place.day > bucket.to) continue;
      bucket.total += n;
      bucket.byTable[info.name] = (bucket.byTable[info.name] ?? 0) + n;
      if (split === 'cue') bucket.byCue[cue] = (bucket.byCue[cue] ?? 0) + n;
      heatmap[place.weekday - 1]![place.hour]! += n;
      tables.add(info.name);
      if (split === 'cue') cues.add(cue);
    }
  }

  const { people, otherPeople, unknownPerson } = await rankPeople(ctx, perLog, top);
  return {
    timeZone,
    from,
    to,
    granularity,
    split,
    total,
    unreadableTimes,
    buckets,
    tables: [...tables].sort(),
    cues: orderedCues(cues),
    people,
    otherPeople,
    unknownPerson,
    heatmap,
  };
}

async function rankPeople(
  ctx: QueryContext,
  perLog: ReadonlyArray<{ info: LogTableInfo; people: PersonCount[] }>,
  top: number,
): Promise<Pick<Insights, 'people' | 'otherPeople' | 'unknownPerson'>> {
  const totals = new Map<string, InsightsPerson>();
  let unknownPerson = 0;
  for (const { people } of perLog) {
    for (const { id, n } of people) {
      if (id === null) {
        unknownPerson += n;
        continue;
      }
      const key = `${typeof id}:${String(id)}`;
      const known = totals.get(key);
      if (known) known.count += n;
      else totals.set(key, { id, name: null, count: n });
    }
  }
  const ranked = [...totals.values()].sort(comparePeopleByCount);
  const kept = ranked.slice(0, top);
  const left = ranked.slice(kept.length);
  await nameThem(ctx, perLog.map((l) => l.info), kept);
  return { people: kept, otherPeople: { people: left.length, count: left.reduce((n, p) => n + p.count, 0) }, unknownPerson };
}

/** Names from `Person`, else the latest name a log recorded for the id. */
async function nameThem(ctx: QueryContext, infos: readonly LogTableInfo[], people: InsightsPerson[]): Promise<void> {
  if (people.length === 0) return;
  const found = await findPeople(ctx, { ids: people.map((p) => p.id) });
  const names = new Map(found.map((p) => [String(p.id), p.name]));
  for (const person of people) {
    person.name = names.get(String(person.id)) ?? null;
    if (person.name !== null) continue;
    for (const info of infos) {
      const { byId, byName, byTime } = info.columns;
      if (!byId || !byName) continue;
      const row = (
        await sql<{ n: unknown }>`SELECT ${column('l', byName)} AS n FROM ${ctx.engine.table(info.logTable)} AS l
          WHERE ${column('l', byId)} = ${person.id as RecordId} AND ${column('l', byName)} IS NOT NULL
          ORDER BY ${column('l', byTime)} DESC LIMIT 1`.execute(ctx.engine.db)
      ).rows[0];
      if (row) {
        person.name = String(toFieldValue(row.n));
        break;
      }
    }
  }
}
