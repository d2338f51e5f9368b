/**
 * Schema discovery: finds the `T`/`T_log` pairs by introspection (through kysely's introspector,
 * so every engine reports tables the same way) and resolves, per table, which column plays which
 * part. Nothing here hard-codes a table list; per-table settings override the conventions.
 */
import type { TableMetadata } from 'kysely';
import type { FieldInfo } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { columnSensitivity } from '../../shared/sensitivity';
import type { Engine } from '../engine';
import type { AuditSettings, TableOverride } from '../settings';
import type { Catalog, LogColumns, LogTableInfo, PersonTableInfo } from './catalog';
import {
  COMMON_LOG_COLUMNS,
  LOG_SUFFIX,
  PERSON_LOGIN_CANDIDATES,
  PERSON_NAME_CANDIDATES,
  PERSON_TABLE,
  TITLE_CANDIDATES,
  TITLE_PAIRS,
  findFirst,
  findName,
  parentKeyCandidates,
} from './conventions';

export async function discoverCatalog(engine: Engine, settings: AuditSettings): Promise<Catalog> {
  const { tables: metadata, unreadable } = await engine.introspect();
  const byLowerName = new Map(metadata.map((t) => [t.name.toLowerCase(), t]));
  const person = byLowerName.get(PERSON_TABLE.toLowerCase());
  const catalog: Catalog = {
    tables: [],
    skipped: [],
    person: person && !unreadable.has(person.name) ? discoverPerson(person) : null,
  };

  for (const logMeta of metadata) {
    const match = LOG_SUFFIX.exec(logMeta.name);
    if (!match?.[1]) continue;
    const baseName = match[1];
    const base = byLowerName.get(baseName.toLowerCase()) ?? null;
    const name = base?.name ?? baseName;
    const blocked = [logMeta.name, ...(base ? [base.name] : [])].find((t) => unreadable.has(t));
    if (blocked) {
      catalog.skipped.push({ logTable: logMeta.name, reason: `this database user may not read ${blocked} (no SELECT permission)` });
      continue;
    }
    const override = findOverride(settings.tables, name);
    const result = describeLogTable(logMeta, base, name, override, settings, engine.nullsSortHigh);
    if (typeof result === 'string') catalog.skipped.push({ logTable: logMeta.name, reason: result });
    else catalog.tables.push(result);
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
  catalog.tables.sort((a, b) => a.name.localeCompare(b.name));
  return catalog;
}

function findOverride(tables: AuditSettings['tables'], name: string): TableOverride {
  if (!tables) return {};
  const key = Object.keys(tables).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? (tables[key] ?? {}) : {};
}

/** Resolves one log table, or returns why it cannot be read as one. */
function describeLogTable(
  log: TableMetadata,
  base: TableMetadata | null,
  name: string,
  override: TableOverride,
  settings: AuditSettings,
  nullsSortHigh: boolean,
): LogTableInfo | string {
  const logNames = log.columns.map((c) => c.name);
  const named = (key: keyof typeof COMMON_LOG_COLUMNS): string | null => {
    const configured = override.columns?.[key];
    return findName(logNames, configured ?? COMMON_LOG_COLUMNS[key]);
  };
  const id = named('id');
  const byTime = named('byTime');
  if (!id) return `it has no ${override.columns?.id ?? COMMON_LOG_COLUMNS.id} column for the log row's id`;
  if (!byTime) return `it has no ${override.columns?.byTime ?? COMMON_LOG_COLUMNS.byTime} column for the time of each change`;

  let parentKey: string | null;
  if (override.parentKey) {
    parentKey = findName(logNames, override.parentKey);
    if (!parentKey) return `the configured record-id column ${override.parentKey} is not one of its columns`;
  } else {
    parentKey = findFirst(logNames, parentKeyCandidates(name));
    if (!parentKey) {
      return `no column holds the record id (looked for ${parentKeyCandidates(name).join(', ')}); set the parentKey setting for ${name}`;
    }
  }
  const columns: LogColumns = {
    id,
    parentKey,
    byTime,
    byId: named('byId'),
    byName: named('byName'),
    changeCue: named('changeCue'),
  };
  const common = new Set(Object.values(columns).filter((c): c is string => c !== null));
  const fields: FieldInfo[] = log.columns
    .filter((c) => !common.has(c.name))
    .map((c) => ({ name: c.name, dataType: c.dataType, sensitivity: columnSensitivity(name, c.name, settings.sensitivity) }));
  const fieldNames = fields.map((f) => f.name);
  const sensitivity = new Map(fields.map((f) => [f.name, f.sensitivity]));

  const baseColumns = base?.columns.map((c) => c.name) ?? [];
  const recordKey = base
    ? (override.recordKey ? findName(baseColumns, override.recordKey) : null) ??
      findName(baseColumns, 'ID') ??
      base.columns.find((c) => c.isAutoIncrementing)?.name ??
      findName(baseColumns, parentKey)
    : null;
  const keyType = log.columns.find((c) => c.name === parentKey)?.dataType ?? '';

  return {
    name,
    logTable: log.name,
    baseExists: base !== null,
    recordKey,
    baseColumns,
    columns,
    fields,
    fieldNames,
    titleFields: titleFieldsFor(fieldNames, override.titleField),
    nullTimes: !log.columns.find((c) => c.name === byTime)?.isNullable ? 'none' : nullsSortHigh ? 'newest' : 'oldest',
    integerKey: /int|serial/i.test(keyType),
    sensitivityOf: (field) => sensitivity.get(field) ?? columnSensitivity(name, field, settings.sensitivity),
  };
}

function titleFieldsFor(fields: string[], configured: string | undefined): string[] {
  const chosen = configured ? findName(fields, configured) : null;
  if (chosen) return [chosen];
  const single = findFirst(fields, TITLE_CANDIDATES);
  if (single) return [single];
  for (const [first, second] of TITLE_PAIRS) {
    const a = findName(fields, first);
    const b = findName(fields, second);
    if (a && b) return [a, b];
  }
  return [];
}

function discoverPerson(meta: TableMetadata | undefined): PersonTableInfo | null {
  if (!meta) return null;
  const names = meta.columns.map((c) => c.name);
  const id = findName(names, 'ID');
  if (!id) return null;
  return {
    table: meta.name,
    id,
    name: findFirst(names, PERSON_NAME_CANDIDATES),
    login: findFirst(names, PERSON_LOGIN_CANDIDATES),
  };
}
