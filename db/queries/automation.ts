/**
 * Automation accounts, decided in one place: the accounts the organisation's settings name
 * (`organisation.automation`, ids or logins matched with `isListed`), and those detected, each with
 * the reason it counts:
 *
 * - its Person row says so: a role, account type or job title column that reads "service
 *   account", "automation", "system" or "bot", or a service-style login (`svc-…`, `system.…`);
 * - its pattern of work: at least {@link MIN_DETECTED} of its latest changes (up to
 *   {@link LATEST_PER_LOG} per log, read from the `(ByID, ByTime)` index, newest first), on at
 *   least {@link MIN_DAYS} days, of which 95 % or more fall in a window of at most two hours of the
 *   day, in the organisation's zone (a nightly job). People's working days are spread over many
 *   hours, and a person's one burst (a mass deletion) is one day, not a schedule.
 *
 * Used by "Performed by" (every filter) and by Review (people's findings leave automation out;
 * automation-anomaly watches them). Learnt once per open database and zone.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AutomationAccount, Organisation, PerformedBy, PersonRef, RecordId } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { oneLine } from '../../shared/one-line';
import { hhmm, ZoneClock } from '../../shared/zone-clock';
import { column } from '../engine';
import { organisationOf } from '../organisation';
import { isListed } from '../roles';
import { toFieldValue } from '../values';
import { timeCodec, type QueryContext } from './context';
import { findPeople } from './people';

/** The latest entries read per person and log to learn their pattern. */
export const LATEST_PER_LOG = 100;
/** Fewer changes than this say nothing about a pattern. */
export const MIN_DETECTED = 50;
/** A schedule shows on many days; a burst is one. */
export const MIN_DAYS = 10;
/** The share of changes that must fall in the window. */
const SHARE = 0.95;
/** The widest window of the day that still reads as a scheduled job, in minutes. */
const WINDOW_MINUTES = 120;

const SERVICE_ROLE = /\b(service account|automation|automated|system account|system user|robot|bot|integration|scheduler|batch job)\b/i;
const SERVICE_LOGIN = /^(svc|service|sys|system|bot|robot|batch|etl|integration)[-_.]/i;

export interface AutomationSet {
  accounts: AutomationAccount[];
  /** Their ids, as the logs store them. */
  ids: RecordId[];
}

const learnt = new WeakMap<QueryContext, Map<string, Promise<AutomationSet>>>();

/** The automation accounts of the open database, learnt once per organisation (zone and list). */
export function automationAccounts(ctx: QueryContext, org: Pick<Organisation, 'timeZone' | 'automation'>): Promise<AutomationSet> {
  let byOrg = learnt.get(ctx);
  if (!byOrg) learnt.set(ctx, (byOrg = new Map()));
  const key = JSON.stringify([org.timeZone, org.automation]);
  let found = byOrg.get(key);
  if (!found) {
    found = findAutomation(ctx, org);
    // A failed read (cancelled, a lock) is not remembered.
    found.catch(() => byOrg.delete(key));
    byOrg.set(key, found);
  }
  return found;
}

async function findAutomation(ctx: QueryContext, org: Pick<Organisation, 'timeZone' | 'automation'>): Promise<AutomationSet> {
  const people = await findPeople(ctx, {});
  const roles = await personRoles(ctx);
  const accounts: AutomationAccount[] = [];
  const counted = new Set<string>();
  const add = (person: PersonRef, source: AutomationAccount['source'], reason: string): void => {
    counted.add(String(person.id));
    accounts.push({ id: person.id, name: person.name === null ? null : oneLine(person.name), login: person.login === null ? null : oneLine(person.login), source, reason });
  };

  for (const person of people) {
    if (isListed(org.automation, person)) add(person, 'configured', 'named in the settings (organisation.automation)');
  }
  // Ids the settings name that the Person table does not hold still count: their entries are automation's.
  for (const entry of org.automation) {
    if (typeof entry === 'number' || /^\d+$/.test(entry)) {
      const id = typeof entry === 'number' ? entry : Number(entry);
      if (!counted.has(String(id))) add({ id, name: null, login: null }, 'configured', 'named in the settings (organisation.automation)');
    }
  }
  for (const person of people) {
    if (counted.has(String(person.id))) continue;
    const role = roles.get(String(person.id));
    if (role && SERVICE_ROLE.test(role.value)) add(person, 'detected', `its Person row says "${oneLine(role.value, 40)}" (${role.column})`);
    else if (person.login !== null && SERVICE_LOGIN.test(person.login)) add(person, 'detected', `its login "${oneLine(person.login, 40)}" is a service account's`);
  }
  const clock = new ZoneClock(org.timeZone);
  for (const person of people) {
    if (counted.has(String(person.id))) continue;
    const pattern = narrowWindow(await latestTimes(ctx, person.id, clock));
    if (pattern) add(person, 'detected', pattern);
  }
  accounts.sort((a, b) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true }));
  return { accounts, ids: accounts.map((a) => a.id) };
}

/** The role-like column of each person (see PERSON_ROLE_CANDIDATES), where the table has one. */
async function personRoles(ctx: QueryContext): Promise<Map<string, { column: string; value: string }>> {
  const person = ctx.catalog.person;
  const roles = new Map<string, { column: string; value: string }>();
  if (!person?.role) return roles;
  const rows = await ctx.engine.db
    .selectFrom(ctx.engine.table(person.table).as('p'))
    .select([column('p', person.id).as('id'), column('p', person.role).as('role')])
    .where(sql<boolean>`${column('p', person.role)} IS NOT NULL`)
    .execute();
  for (const row of rows) roles.set(String(toFieldValue(row.id)), { column: person.role, value: String(toFieldValue(row.role)) });
  return roles;
}

/** The local day and minute of a person's latest changes in every log (read from the person index). */
async function latestTimes(ctx: QueryContext, personId: RecordId, clock: ZoneClock): Promise<Array<{ day: string; minute: number }>> {
  const minutes: Array<{ day: string; minute: number }> = [];
  for (const info of ctx.catalog.tables) {
    const byId = info.columns.byId;
    if (!byId) continue;
    const codec = await timeCodec(ctx, info);
    const t = column('l', info.columns.byTime);
    const { rows } = await sql<{ t: unknown }>`SELECT ${t} AS t FROM ${ctx.engine.table(info.logTable)} AS l
      WHERE ${column('l', byId)} = ${personId} AND ${t} IS NOT NULL ORDER BY ${t} DESC LIMIT ${sql.lit(LATEST_PER_LOG)}`.execute(ctx.engine.db);
    for (const row of rows) {
      const instant = codec.decode(row.t);
      if (instant !== null) minutes.push(clock.at(Date.parse(instant)));
    }
  }
  return minutes;
}

/**
 * The reason a person's changes read as a scheduled job (95 % or more within two hours of the
 * day, the window allowed to wrap past midnight), or null.
 */
export function narrowWindow(times: ReadonlyArray<{ day: string; minute: number }>): string | null {
  const n = times.length;
  const days = new Set(times.map((t) => t.day)).size;
  if (n < MIN_DETECTED || days < MIN_DAYS) return null;
  const sorted = times.map((t) => t.minute).sort((a, b) => a - b);
  const circular = [...sorted, ...sorted.map((m) => m + 1440)];
  const need = Math.ceil(n * SHARE);
  let best: { start: number; end: number } | null = null;
  for (let i = 0; i < n; i++) {
    const from = circular[i]!;
    const to = circular[i + need - 1]!;
    if (!best || to - from < best.end - best.start) best = { start: from, end: to };
  }
  if (!best || best.end - best.start > WINDOW_MINUTES) return null;
  const { start, end } = best;
  const inside = sorted.filter((m) => (m >= start && m <= end) || (m + 1440 >= start && m + 1440 <= end)).length;
  const share = inside === n ? `all ${n.toLocaleString('en-GB')}` : `${inside.toLocaleString('en-GB')} of ${n.toLocaleString('en-GB')}`;
  return `${share} of its latest changes, on ${days.toLocaleString('en-GB')} days, fell between ${hhmm(start % 1440)} and ${hhmm(end % 1440)}`;
}

/** "Performed by" in database terms: whose entries it keeps. */
export interface Performer {
  kind: PerformedBy;
  /** The automation accounts' ids. */
  ids: readonly RecordId[];
}

/** The performer a filter asks for (null: anyone), checked. */
export async function resolvePerformedBy(ctx: QueryContext, performedBy: unknown): Promise<Performer | null> {
  if (performedBy === undefined || performedBy === null) return null;
  if (performedBy !== 'person' && performedBy !== 'automation') {
    throw new AuditError('bad-request', 'Performed by must be "person" or "automation".');
  }
  // The organisation only now: without a zone in the settings, naming the machine's zone is the
  // process's first Intl call (ICU loads its zone data, 25–60 ms), which a filter without
  // "Performed by" (a CLI `history`) must not pay.
  return { kind: performedBy, ids: (await automationAccounts(ctx, organisationOf(ctx.settings))).ids };
}

/**
 * The condition "Performed by" puts on a log's person column: an automation account's id, or a
 * recorded person who is none. An entry whose person is not recorded is neither.
 */
export function performerCondition(byIdRef: RawBuilder<unknown>, performer: Performer, slot: (k: number) => unknown = (k) => performer.ids[k]): RawBuilder<boolean> {
  const list = performer.ids.map((_, k) => slot(k));
  if (performer.kind === 'automation') {
    return list.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`${byIdRef} IN (${sql.join(list)})`;
  }
  return list.length === 0 ? sql<boolean>`${byIdRef} IS NOT NULL` : sql<boolean>`(${byIdRef} IS NOT NULL AND ${byIdRef} NOT IN (${sql.join(list)}))`;
}
