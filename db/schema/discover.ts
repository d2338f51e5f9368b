/**
 * Schema discovery: finds the `T`/`T_log` pairs by introspection (through kysely's introspector,
 * so every engine reports tables the same way) and resolves, per table, which column plays which
 * part. Nothing here hard-codes a table list; per-table settings override the conventions. Names
 * are matched exactly first and ignoring case only when that is unambiguous (identifiers.ts):
 * on PostgreSQL `"Customer"` and `customer` may be two logged tables.
 */
import type { TableMetadata } from 'kysely';
import type { FieldInfo } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { HOW_MADE_PARTS } from '../../shared/how-made';
import { columnSensitivity, howMadeSensitivity } from '../../shared/sensitivity';
import type { Engine, Introspection, PrimaryKeyColumn } from '../engine';
import type { AuditSettings, TableOverride } from '../settings';
import type { Catalog, HowMadeColumns, LogColumns, LogTableInfo, PersonTableInfo } from './catalog';
import {
  COMMON_LOG_COLUMNS,
  HOW_MADE_CANDIDATES,
  LOG_SUFFIX,
  PERSON_LOGIN_CANDIDATES,
  PERSON_NAME_CANDIDATES,
  PERSON_ROLE_CANDIDATES,
  PERSON_TABLE,
  TITLE_CANDIDATES,
  TITLE_PAIRS,
  findFirst,
  findLabel,
  findName,
  parentKeyCandidates,
} from './conventions';
import { findRelations } from './relations';
import { hasUnsafeCharacter, namesMatching, printableName, resolveName } from './identifiers';

export async function discoverCatalog(engine: Engine, settings: AuditSettings): Promise<Catalog> {
  const found = await engine.introspect();
  const byName = new Map(found.tables.map((t) => [t.name, t]));
  const personName = resolveName(byName.keys(), PERSON_TABLE);
  const person = personName === null ? undefined : byName.get(personName);
  const catalog: Catalog = {
    tables: [],
    skipped: [],
    person: person && !found.unreadable.has(person.name) ? discoverPerson(person) : null,
    relations: [],
    relationsLeftOut: [],
  };
  const overrides = new Map<string, TableOverride>();
  const skip = (log: TableMetadata, reason: string): void => {
    catalog.skipped.push({ logTable: printableName(log.name), reason });
  };

  const pairs = pairLogTables(found.tables);
  // Settings may name a table in another case, but not by a name that is exactly another table's.
  const knownNames = new Set([...byName.keys(), ...pairs.flatMap((p) => ('name' in p ? [p.name] : []))]);
  for (const pair of pairs) {
    if ('reason' in pair) {
      skip(pair.log, pair.reason);
      continue;
    }
    const { log, base, name } = pair;
    const blocked = [log.name, ...(base ? [base.name] : [])].find((t) => found.unreadable.has(t));
    if (blocked) {
      skip(log, `this database user may not read ${blocked} (no SELECT permission)`);
      continue;
    }
    const override = findOverride(settings.tables, name, knownNames);
    const result =
      typeof override === 'string' ? override : await describeLogTable(engine, found, pair, override, settings);
    if (typeof result === 'string') skip(log, result);
    else {
      catalog.tables.push(result);
      overrides.set(result.name, override as TableOverride);
    }
  }

  if (catalog.tables.length === 0) {
    const why = catalog.skipped.length
      ? ` (${catalog.skipped.map((s) => `${s.logTable}: ${s.reason}`).join('; ')})`
      : '';
    throw new AuditError(
      'no-log-tables',
      `${engine.label} has no audit log tables that can be read: none named <Table>_log with ID, ByTime and a record-id column${why}.`,
    );
  }
  // Ignoring case, then lower case first (as dictionaries and localeCompare order them): not
  // localeCompare itself, whose first use loads ICU's collator (13 ms of every command-line call)
  // for names that are nearly always plain ASCII.
  Object.assign(catalog, findRelations(found, catalog.tables, personName, (table) => overrides.get(table)?.belongsTo));
  catalog.tables.sort((a, b) => ordinal(a.name.toLowerCase(), b.name.toLowerCase()) || ordinal(b.name, a.name));
  return catalog;
}

/** A log table and the table it logs (null when that table is gone), named as the catalog names it. */
interface LogPair {
  log: TableMetadata;
  base: TableMetadata | null;
  name: string;
}

/** A table named like a log that is not read as one, and why. */
interface Unpaired {
  log: TableMetadata;
  reason: string;
}

/**
 * Pairs each `T_log` with its table `T`. The table named exactly `T` is its table; failing that,
 * the one table whose name differs from `T` only in case (SQLite folds case, and so do some
 * organisations' scripts). Where that leaves a choice between tables, or two logs claiming one
 * table, no log is read as that table's: showing one table's history as another's is worse than
 * showing none, and the reason says why.
 */
function pairLogTables(tables: readonly TableMetadata[]): Array<LogPair | Unpaired> {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const result: Array<LogPair | Unpaired> = [];
  const claims = new Map<string, Array<LogPair & { exact: boolean }>>();
  for (const log of tables) {
    const baseName = LOG_SUFFIX.exec(log.name)?.[1];
    if (!baseName) continue;
    if (hasUnsafeCharacter(log.name)) {
      result.push({
        log,
        reason: 'its name holds a line break or another control character, so it cannot be shown or typed safely; rename it to read its log',
      });
      continue;
    }
    const candidates = namesMatching(byName.keys(), baseName).filter((n) => n !== log.name);
    if (candidates.length > 1) {
      result.push({ log, reason: `its table could be any of ${candidates.join(', ')}, whose names differ only in case` });
      continue;
    }
    const base = candidates[0] === undefined ? null : byName.get(candidates[0])!;
    const claim = { log, base, name: base?.name ?? baseName, exact: base === null || base.name === baseName };
    claims.set(claim.name, [...(claims.get(claim.name) ?? []), claim]);
  }
  for (const [name, claimants] of claims) {
    const exact = claimants.filter((c) => c.exact);
    const winner = exact.length === 1 ? exact[0]! : claimants.length === 1 ? claimants[0]! : null;
    for (const claim of claimants) {
      if (claim === winner) result.push({ log: claim.log, base: claim.base, name });
      else if (winner) result.push({ log: claim.log, reason: `${name} already has its log ${winner.log.name}` });
      else result.push({ log: claim.log, reason: `${name} has more than one log (${claimants.map((c) => c.log.name).join(', ')}), whose names differ only in case` });
    }
  }
  return result;
}

/**
 * The settings of table `name`: those keyed by its exact name, else by the one key equal to it
 * ignoring case that is not exactly another table's name. Returns why not when that is ambiguous.
 */
function findOverride(tables: AuditSettings['tables'], name: string, knownNames: ReadonlySet<string>): TableOverride | string {
  if (!tables) return {};
  const keys = Object.keys(tables).filter((k) => k === name || !knownNames.has(k));
  const matching = namesMatching(keys, name);
  if (matching.length > 1) return `the settings name it more than once (tables.${matching.join(', tables.')}); keep one`;
  return matching[0] === undefined ? {} : (tables[matching[0]] ?? {});
}

/** Resolves one log table, or returns why it cannot be read as one. */
async function describeLogTable(
  engine: Engine,
  found: Introspection,
  { log, base, name }: LogPair,
  override: TableOverride,
  settings: AuditSettings,
): Promise<LogTableInfo | string> {
  const logNames = log.columns.map((c) => c.name);
  const named = (key: keyof typeof COMMON_LOG_COLUMNS): string | null => {
    const configured = override.columns?.[key];
    return findName(logNames, configured ?? COMMON_LOG_COLUMNS[key]);
  };
  const id = named('id');
  const byTime = named('byTime');
  if (!id) return `it has no ${override.columns?.id ?? COMMON_LOG_COLUMNS.id} column for the log row's id`;
  if (!byTime) return `it has no ${override.columns?.byTime ?? COMMON_LOG_COLUMNS.byTime} column for the time of each change`;

  const primaryKey = base ? (found.primaryKeys.get(base.name) ?? []) : [];
  let parentKey: string | null;
  if (override.parentKey) {
    parentKey = findName(logNames, override.parentKey);
    if (!parentKey) return `the configured record-id column ${override.parentKey} is not one of its columns`;
  } else {
    parentKey = findFirst(logNames, parentKeyCandidates(name));
    if (!parentKey && primaryKey.length > 1) return compositeKeyReason(name, primaryKey);
    if (!parentKey) {
      return `no column holds the record id (looked for ${parentKeyCandidates(name).join(', ')}); set the parentKey setting for ${name}`;
    }
  }
  const recordKey = base ? await recordKeyOf(engine, base, primaryKey, parentKey, override, name) : { key: null };
  if ('reason' in recordKey) return recordKey.reason;

  const columns: LogColumns = {
    id,
    parentKey,
    byTime,
    byId: named('byId'),
    byName: named('byName'),
    changeCue: named('changeCue'),
  };
  const common = new Set(Object.values(columns).filter((c): c is string => c !== null));
  const howMade = howMadeColumns(logNames, base?.columns.map((c) => c.name) ?? [], common, override, name, settings);
  for (const part of Object.values(howMade)) common.add(part.column);
  const fields: FieldInfo[] = log.columns
    .filter((c) => !common.has(c.name))
    .map((c) => ({ name: c.name, dataType: c.dataType, sensitivity: columnSensitivity(name, c.name, settings.sensitivity) }));
  const fieldNames = fields.map((f) => f.name);
  const sensitivity = new Map(fields.map((f) => [f.name, f.sensitivity]));
  const keyType = log.columns.find((c) => c.name === parentKey)?.dataType ?? '';

  return {
    name,
    logTable: log.name,
    logKind: log.isView ? 'view' : found.partitioned.has(log.name) ? 'partitioned' : 'table',
    baseExists: base !== null,
    recordKey: recordKey.key,
    baseColumns: base?.columns.map((c) => c.name) ?? [],
    columns,
    howMade,
    fields,
    fieldNames,
    titleFields: titleFieldsFor(fieldNames, override.titleField),
    nullTimes: !log.columns.find((c) => c.name === byTime)?.isNullable ? 'none' : engine.nullsSortHigh ? 'newest' : 'oldest',
    integerKey: /int|serial/i.test(keyType),
    sensitivityOf: (field) => sensitivity.get(field) ?? columnSensitivity(name, field, settings.sensitivity),
  };
}

/**
 * The log's columns that record how a change was made: the configured name of each part, else the
 * first conventional one present. A conventional name that is also a column of the table itself
 * (a lead's `Source`, say) is that record's field, logged in its snapshot, not how the change was
 * made; only the settings can say otherwise.
 */
function howMadeColumns(
  logNames: readonly string[],
  baseNames: readonly string[],
  taken: ReadonlySet<string>,
  override: TableOverride,
  table: string,
  settings: AuditSettings,
): HowMadeColumns {
  const result: HowMadeColumns = {};
  const used = new Set(taken);
  for (const part of HOW_MADE_PARTS) {
    const configured = override.columns?.[part];
    const found = configured
      ? findName(logNames, configured)
      : findFirst(
          logNames.filter((n) => !used.has(n) && findName(baseNames, n) === null),
          HOW_MADE_CANDIDATES[part],
        );
    if (found === null || used.has(found)) continue;
    used.add(found);
    result[part] = { column: found, sensitivity: howMadeSensitivity(part, table, found, settings.sensitivity) };
  }
  return result;
}

function compositeKeyReason(name: string, primaryKey: readonly PrimaryKeyColumn[]): string {
  return `${name} has a composite primary key (${primaryKey.map((c) => c.name).join(', ')}) and its log has no single record-id column that identifies a row; set the recordKey and parentKey settings for ${name} to such a column`;
}

/**
 * The column of `T` whose value a log row's record id is: the configured one, else `T`'s declared
 * primary key, else (for a table without one) `ID`, an auto-incrementing column or the log's
 * record-id column by name. A composite primary key is read only through a column that tells rows
 * apart on its own: one with a unique index of its own, or a key column the database numbers (as
 * PostgreSQL's partitioned tables have, which cannot have a unique index without the partition key).
 */
async function recordKeyOf(
  engine: Engine,
  base: TableMetadata,
  primaryKey: readonly PrimaryKeyColumn[],
  parentKey: string,
  override: TableOverride,
  name: string,
): Promise<{ key: string | null } | { reason: string }> {
  const columns = base.columns.map((c) => c.name);
  if (override.recordKey) {
    const configured = findName(columns, override.recordKey);
    return configured ? { key: configured } : { reason: `the configured record key ${override.recordKey} is not one of the columns of ${name}` };
  }
  if (primaryKey.length === 1) return { key: primaryKey[0]!.name };
  const byLogName = findName(columns, parentKey);
  if (primaryKey.length > 1) {
    if (byLogName) {
      const numbered = primaryKey.some((c) => c.name === byLogName && c.numbered);
      if (numbered) return { key: byLogName };
      const unique = (await engine.indexes(base.name)).some((i) => i.unique && i.columns.length === 1 && i.columns[0] === byLogName);
      if (unique) return { key: byLogName };
    }
    return { reason: compositeKeyReason(name, primaryKey) };
  }
  return { key: findName(columns, 'ID') ?? base.columns.find((c) => c.isAutoIncrementing)?.name ?? byLogName };
}

function titleFieldsFor(fields: string[], configured: string | undefined): string[] {
  const chosen = configured ? findName(fields, configured) : null;
  if (chosen) return [chosen];
  const single = findFirst(fields, TITLE_CANDIDATES, findLabel);
  if (single) return [single];
  for (const [first, second] of TITLE_PAIRS) {
    const a = findLabel(fields, first);
    const b = findLabel(fields, second);
    if (a && b) return [a, b];
  }
  return [];
}

function discoverPerson(meta: TableMetadata): PersonTableInfo | null {
  const names = meta.columns.map((c) => c.name);
  const id = findName(names, 'ID');
  if (!id) return null;
  return {
    table: meta.name,
    id,
    name: findFirst(names, PERSON_NAME_CANDIDATES, findLabel),
    login: findFirst(names, PERSON_LOGIN_CANDIDATES, findLabel),
    role: findFirst(names, PERSON_ROLE_CANDIDATES, findLabel),
  };
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
