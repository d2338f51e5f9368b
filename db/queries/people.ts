/**
 * People: who appears in a log, and who "Mine" means. "Mine" is the configured person id, else the
 * operating-system login matched against the Person table's login column.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { ListPeopleRequest, ListPeopleResponse, WhoAmIResponse } from '../../shared/contract';
import type { ModifiedBy, PersonInLog, PersonRef, RecordId } from '../../shared/domain';
import { roleOf } from '../roles';
import { AuditError } from '../../shared/errors';
import { comparePeopleInLog } from '../../shared/people-order';
import { column } from '../engine';
import type { LogTableInfo } from '../schema/catalog';
import { isPersonIndex } from '../schema/index-hints';
import { toFieldValue, toRecordId } from '../values';
import { parseId, requireRecordId, requireTable, timeCodec, type QueryContext } from './context';
import { logIndexes } from './log-indexes';

function osLogin(ctx: QueryContext): string {
  if (ctx.settings.osLogin) return ctx.settings.osLogin;
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

/** `DOMAIN\ann`, `ann@example.org` and `ann` all stand for the bare login `ann`. */
function bareLogin(login: string): string {
  return login.replace(/^.*\\/, '').replace(/@.*$/, '').toLowerCase();
}

/** Escapes text for a LIKE pattern whose escape character is `!`. */
function likeLiteral(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

export async function findPeople(ctx: QueryContext, where: { ids?: RecordId[]; login?: string }): Promise<PersonRef[]> {
  const person = ctx.catalog.person;
  if (!person) return [];
  const ref = (name: string) => column('p', name);
  let query = ctx.engine.db
    .selectFrom(ctx.engine.table(person.table).as('p'))
    .select([
      ref(person.id).as('id'),
      (person.name ? ref(person.name) : sql`NULL`).as('name'),
      (person.login ? ref(person.login) : sql`NULL`).as('login'),
    ]);
  if (where.ids) {
    if (where.ids.length === 0) return [];
    query = query.where(ref(person.id), 'in', where.ids);
  }
  if (where.login !== undefined) {
    const bare = bareLogin(where.login);
    if (!person.login || bare === '') return [];
    // The stored login may carry a domain either way round (CORP\ann, ann@corp.example).
    const login = sql`lower(${ref(person.login)})`;
    const pattern = likeLiteral(bare);
    query = query.where(
      sql<boolean>`(${login} = ${bare} OR ${login} LIKE ${`%\\${pattern}`} ESCAPE '!' OR ${login} LIKE ${`${pattern}@%`} ESCAPE '!')`,
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: toRecordId(r.id) ?? '',
    name: r.name === null ? null : String(toFieldValue(r.name)),
    login: r.login === null ? null : String(toFieldValue(r.login)),
  }));
}

export async function whoAmI(ctx: QueryContext): Promise<WhoAmIResponse> {
  const me = await identify(ctx);
  return { role: roleOf(ctx.settings, me.person), ...me };
}

/** The person the signed-in user maps to, and how that was found. */
async function identify(ctx: QueryContext): Promise<Omit<WhoAmIResponse, 'role'>> {
  const login = osLogin(ctx);
  const configured = ctx.settings.personId;
  if (configured !== undefined && configured !== null && configured !== '') {
    const [found] = await findPeople(ctx, { ids: [configured] });
    return { person: found ?? { id: configured, name: null, login: null }, source: 'configured', osLogin: login };
  }
  const bare = bareLogin(login);
  const matches = (await findPeople(ctx, { login })).filter((p) => p.login !== null && bareLogin(p.login) === bare);
  // Two people sharing a login is a data problem; "Mine" must not silently pick one of them.
  if (matches.length === 1) return { person: matches[0]!, source: 'os-login', osLogin: login };
  return { person: null, source: 'none', osLogin: login };
}

export async function resolveMine(ctx: QueryContext): Promise<PersonRef> {
  const me = await identify(ctx);
  if (me.person) return me.person;
  throw new AuditError(
    'unknown-person',
    `"Mine" needs to know who you are: no person has the login "${me.osLogin}"; set your person id in the settings.`,
  );
}

/**
 * The person a Modified By filter keeps (the signed-in user's for `mine`), or null for anyone:
 * the one reading of Modified By every query that filters by it uses.
 */
export async function resolveModifiedBy(ctx: QueryContext, by: ModifiedBy | undefined): Promise<RecordId | null> {
  if (!by || by.kind === 'all') return null;
  const personId = by.kind === 'mine' ? (await resolveMine(ctx)).id : by.kind === 'person' ? parseId(by.personId, true) : null;
  if (personId === null) throw new AuditError('bad-request', 'Modified By must be all, mine, or a person with an id.');
  return personId;
}

export async function listPeople(ctx: QueryContext, req: ListPeopleRequest): Promise<ListPeopleResponse> {
  const info = requireTable(ctx, req.table);
  if (!info.columns.byId) return { people: [] };
  const codec = await timeCodec(ctx, info);
  const recordId = req.recordId === undefined ? null : requireRecordId(info, req.recordId);

  // The whole log's people come from the person index when there is one: one probe per person,
  // and a count (which reads every entry) only when asked for. Otherwise one GROUP BY reads the
  // log (one record's log by its own index), and counting costs nothing more.
  const indexed = recordId === null && (await hasPersonIndex(ctx, info));
  const groups = indexed ? await peopleBySkipScan(ctx, info, req.withCounts === true) : await peopleByGrouping(ctx, info, recordId);

  const ids = groups.map((g) => toRecordId(g.id)).filter((id): id is RecordId => id !== null);
  const known = new Map((await findPeople(ctx, { ids })).map((p) => [String(p.id), p]));
  const unnamed = ids.filter((id) => !known.get(String(id))?.name);
  const loggedNames = await latestLoggedNames(ctx, info, unnamed, recordId);

  const people: PersonInLog[] = groups.map((g) => {
    const id = toRecordId(g.id) ?? '';
    const person = known.get(String(id));
    return {
      id,
      name: person?.name ?? loggedNames.get(String(id)) ?? null,
      login: person?.login ?? null,
      entryCount: g.entries === null ? null : Number(g.entries),
      lastTime: codec.decode(g.last),
    };
  });
  people.sort(comparePeopleInLog);
  return { people };
}

interface PersonGroup {
  id: unknown;
  /** Null when not counted. */
  entries: number | string | bigint | null;
  last: unknown;
}

/**
 * Whether some index of the log starts with the person column and then the time: the skip-scan
 * below then reads the index alone (each person found by one probe, their last time its end).
 */
async function hasPersonIndex(ctx: QueryContext, info: LogTableInfo): Promise<boolean> {
  return (await logIndexes(ctx, info)).some((index) => isPersonIndex(info, index));
}

/** Each person in (part of) the log with their entry count and last time, by one GROUP BY. */
async function peopleByGrouping(ctx: QueryContext, info: LogTableInfo, recordId: RecordId | null): Promise<PersonGroup[]> {
  const { byId, byTime, parentKey } = info.columns;
  let query = ctx.engine.db
    .selectFrom(ctx.engine.table(info.logTable).as('l'))
    .select([
      column('l', byId!).as('id'),
      sql<number>`count(*)`.as('entries'),
      sql`max(${column('l', byTime)})`.as('last'),
    ])
    .where(sql<boolean>`${column('l', byId!)} IS NOT NULL`)
    .groupBy(column('l', byId!));
  if (recordId !== null) query = query.where(column('l', parentKey), '=', recordId);
  return query.execute();
}

/**
 * The same as {@link peopleByGrouping} over the whole log, read from the person index instead of
 * aggregating every row: a skip-scan finds each distinct person with one probe (the smallest id
 * above the last one), and their last time with one more (the end of their range of the index).
 * A log has a few hundred people and millions of rows, so this reads a few hundred index entries,
 * without a sort or hash of its own. Each person's count, when asked for, is their whole range of
 * the index: together the whole index. The recursive query is the same on SQLite and PostgreSQL.
 */
async function peopleBySkipScan(ctx: QueryContext, info: LogTableInfo, withCounts: boolean): Promise<PersonGroup[]> {
  const { byTime } = info.columns;
  const byId = info.columns.byId!;
  const log = ctx.engine.table(info.logTable);
  const entries = withCounts
    ? sql`(SELECT count(*) FROM ${log} AS c WHERE ${column('c', byId)} = ${column('p', 'id')})`
    : sql`NULL`;
  const { rows } = await sql<PersonGroup>`WITH RECURSIVE ${sql.id('p')} (${sql.id('id')}) AS (
      SELECT (SELECT min(${column('f', byId)}) FROM ${log} AS f)
      UNION ALL
      SELECT (SELECT min(${column('n', byId)}) FROM ${log} AS n WHERE ${column('n', byId)} > ${column('p', 'id')})
      FROM ${sql.id('p')} WHERE ${column('p', 'id')} IS NOT NULL
    )
    SELECT ${column('p', 'id')} AS ${sql.id('id')},
      ${entries} AS ${sql.id('entries')},
      (SELECT max(${column('m', byTime)}) FROM ${log} AS m WHERE ${column('m', byId)} = ${column('p', 'id')}) AS ${sql.id('last')}
    FROM ${sql.id('p')} WHERE ${column('p', 'id')} IS NOT NULL`.execute(ctx.engine.db);
  return rows;
}

/**
 * For people the Person table cannot name (absent, or removed since), the name the log recorded
 * most recently for each: one indexed probe per person.
 */
async function latestLoggedNames(
  ctx: QueryContext,
  info: LogTableInfo,
  ids: RecordId[],
  recordId: RecordId | null,
): Promise<Map<string, string | null>> {
  const { byId, byName, byTime, parentKey } = info.columns;
  const names = new Map<string, string | null>();
  if (ids.length === 0 || !byId || !byName) return names;
  const log = ctx.engine.table(info.logTable);
  const sameRecord = recordId === null ? sql`` : sql`AND ${column('n', parentKey)} = ${recordId}`;
  const latest = sql`(SELECT ${column('n', byName)} FROM ${log} AS n
      WHERE ${column('n', byId)} = ${column('l', byId)} ${sameRecord}
      ORDER BY ${column('n', byTime)} DESC LIMIT 1)`;
  const rows = await ctx.engine.db
    .selectFrom(log.as('l'))
    .select([column('l', byId).as('id'), latest.as('name')])
    .where(column('l', byId), 'in', ids)
    .groupBy(column('l', byId))
    .execute();
  for (const row of rows) names.set(String(toRecordId(row.id)), row.name === null ? null : String(toFieldValue(row.name)));
  return names;
}
