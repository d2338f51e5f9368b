/**
 * The data layer's implementation of the API contract over one open database. Every call's
 * errors leave as AuditErrors with one clear sentence; engine errors are translated on the way.
 */
import { sql } from 'kysely';
import type { AuditApi, CallOptions, ListTablesResponse } from '../shared/contract';
import type { LoggedTable } from '../shared/domain';
import { AuditError } from '../shared/errors';
import type { ExportSource } from '../shared/export-contract';
import { openExportEntries, type ExportEntries, type ExportEntriesOptions } from './export/entry-stream';
import { cancelledError, runWithSignal } from './cancellation';
import { mayRevealSensitive, requireAdmin } from './roles';
import type { Engine } from './engine';
import type { QueryContext } from './queries/context';
import { getRelatedHistory } from './queries/related-history';
import { listActivity } from './queries/activity';
import { getRecordAsOf } from './queries/as-of';
import { getChangeSet } from './queries/change-set';
import { listDeletedRecords } from './queries/deleted';
import { getEntries } from './queries/entries';
import { getFieldHistory } from './queries/field-history';
import { getFullValue } from './queries/full-value';
import { getHistory } from './queries/history';
import { listHowMadeValues } from './queries/how-made-values';
import { getLogHealth } from './queries/log-health';
import { getInsights } from './queries/insights/get-insights';
import { listPeople, whoAmI } from './queries/people';
import { readableChangeSet, requireReadable } from './queries/record-access';
import { getRecord, listRecords } from './queries/records';
import { getRestoreSql } from './queries/restore';
import { getReview } from './queries/review/review';
import type { LogTableInfo, Relation } from './schema/catalog';
import { discoverCatalog } from './schema/discover';
import { findIndexHints } from './schema/index-hints';
import { findMissingHistoryIndex } from './schema/history-index';
import { organisationOf } from './organisation';
import { savedViewCalls, type SavedViewsBinding } from './saved-views/saved-view-calls';
import type { AuditSettings } from './settings';

/**
 * What an export reads: its entries streamed from each log (db/export/entry-stream.ts), beside the
 * contract. The audit service has it, and so does the connection service's `api`, for whichever
 * database is open.
 */
export interface ExportEntryReader {
  /** An export's entries, whole values, in file order; admin-only (refused before any row is read). */
  openExportEntries(source: ExportSource, options?: ExportEntriesOptions): Promise<ExportEntries>;
}

/** Whether an API also streams export entries (the data layer's own services do). */
export function readsExportEntries(api: object): api is ExportEntryReader {
  return typeof (api as Partial<ExportEntryReader>).openExportEntries === 'function';
}

export interface AuditService extends AuditApi, ExportEntryReader {
  /** The engine underneath, for tools that need more than the contract (benchmarks, tests). */
  readonly engine: Engine;
  close(): Promise<void>;
}

async function countRows(engine: Engine, table: string): Promise<number> {
  const row = await engine.db
    .selectFrom(engine.table(table).as('t'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function describeTable(engine: Engine, info: LogTableInfo, relations: readonly Relation[]): Promise<LoggedTable> {
  return {
    name: info.name,
    logTable: info.logTable,
    baseExists: info.baseExists,
    parentKey: info.columns.parentKey,
    recordKey: info.recordKey,
    titleFields: info.titleFields,
    fields: info.fields,
    recordCount: info.baseExists ? await countRows(engine, info.name) : null,
    logRowCount: await countRows(engine, info.logTable),
    missingIndex: await findMissingHistoryIndex(engine, info),
    indexHints: await findIndexHints(engine, info, relations),
    ...(Object.keys(info.howMade).length > 0 ? { howMade: info.howMade } : {}),
  };
}

/** Every request is one object; a shell may hand over anything, so that is checked first. */
function requireObject(req: unknown): void {
  if (req !== undefined && (req === null || typeof req !== 'object' || Array.isArray(req))) {
    throw new AuditError('bad-request', 'A request must be an object of named arguments.');
  }
}

/** Runs a step of opening, with the engine's errors in clear sentences. */
async function guardOpen<T>(engine: Engine, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw engine.translateError(error);
  }
}

export interface AuditServiceOptions {
  /** Where this database's saved views are kept (absent: none are; listing says so). */
  savedViews?: SavedViewsBinding;
}

export async function createAuditService(engine: Engine, settings: AuditSettings, options: AuditServiceOptions = {}): Promise<AuditService> {
  let catalog;
  try {
    catalog = await discoverCatalog(engine, settings);
  } catch (error) {
    throw engine.translateError(error);
  }
  const ctx: QueryContext = { engine, catalog, settings, timeCodecs: new Map() };
  // The role is settled once: it depends on the settings and the Person table, not on the call.
  const me = await guardOpen(engine, () => whoAmI(ctx));
  const role = me.role;
  // So is whether masked columns show in clear: every query reads it from the settings.
  ctx.settings = { ...settings, revealSensitive: mayRevealSensitive(settings, me.person) };
  /** Admin views refuse a plain user before any query runs. */
  const admin = <Req, Res>(what: string, fn: (req: Req) => Promise<Res>) => (req: Req): Promise<Res> => {
    requireAdmin(role, what);
    return fn(req);
  };
  const views = savedViewCalls(ctx, role, options.savedViews);

  /**
   * Calls about one record: a plain user reads only records still in their table, as the logs of
   * deleted records are for admins (record-access.ts); checked before any log is read. A request
   * without an id is left to the query, which refuses it.
   */
  const currentRecord = <Req extends { table: string }, Res>(idOf: (req: Req) => unknown, fn: (req: Req) => Promise<Res>) =>
    async (req: Req): Promise<Res> => {
      const id = idOf(req);
      if (role === 'user' && id !== undefined) await requireReadable(ctx, req.table, id);
      return fn(req);
    };

  /**
   * Wraps a call: checks the request's shape, ties its queries to the caller's abort signal (so an
   * abandoned call is cancelled on the server) and translates engine errors into clear ones.
   */
  const guard = <Req, Res>(fn: (req: Req) => Promise<Res>) => async (req: Req, options?: CallOptions): Promise<Res> => {
    const signal = options?.signal;
    try {
      requireObject(req);
      if (signal?.aborted) throw cancelledError();
      return await runWithSignal(signal, () => fn((req ?? {}) as Req));
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      throw engine.translateError(error);
    }
  };

  return {
    engine,
    describeSource: guard(async () => ({ engine: engine.kind, ...engine.source, organisation: organisationOf(settings) })),
    listTables: guard(async (): Promise<ListTablesResponse> => ({
      tables: await Promise.all(catalog.tables.map((t) => describeTable(engine, t, catalog.relations))),
      skipped: catalog.skipped,
      relations: catalog.relations,
      relationsLeftOut: catalog.relationsLeftOut,
    })),
    listRecords: guard((req) => listRecords(ctx, req)),
    getRecord: guard(currentRecord((req) => req.id, (req) => getRecord(ctx, req))),
    getHistory: guard(currentRecord((req) => req.id, (req) => getHistory(ctx, req))),
    getRelatedHistory: guard(currentRecord((req) => req.id, (req) => getRelatedHistory(ctx, req, role))),
    listDeletedRecords: guard(admin('Deleted records', (req) => listDeletedRecords(ctx, req))),
    getRestoreSql: guard(admin('Restore SQL', (req) => getRestoreSql(ctx, req))),
    // The people in one record's log say who worked on it: that record must be readable too.
    listPeople: guard(currentRecord((req) => req.recordId, (req) => listPeople(ctx, req))),
    whoAmI: guard(() => whoAmI(ctx)),
    listActivity: guard(admin('Activity', (req) => listActivity(ctx, req))),
    getReview: guard(admin('Review', (req) => getReview(ctx, req))),
    getFieldHistory: guard(currentRecord((req) => req.id, (req) => getFieldHistory(ctx, req))),
    getRecordAsOf: guard(currentRecord((req) => req.id, (req) => getRecordAsOf(ctx, req, role))),
    getEntries: guard(currentRecord((req) => req.id, (req) => getEntries(ctx, req))),
    getFullValue: guard(currentRecord((req) => req.id, (req) => getFullValue(ctx, req))),
    // A record's timeline is for whoever may read the record; anything wider is Insights, for admins.
    getInsights: guard(async (req) => {
      if (req?.record && typeof req.record === 'object') {
        if (role === 'user') await requireReadable(ctx, req.record.table, req.record.id);
        return getInsights(ctx, req);
      }
      requireAdmin(role, 'Insights');
      return getInsights(ctx, req);
    }),
    getChangeSet: guard(async (req) => {
      const changeSet = await getChangeSet(ctx, req);
      return role === 'user' ? { entries: await readableChangeSet(ctx, req.table, req.logId, changeSet.entries) } : changeSet;
    }),
    // One record's values are for whoever may read the record; every log's are Activity's, for admins.
    listHowMadeValues: guard(async (req) => {
      if (req.recordId === undefined) requireAdmin(role, 'Activity');
      else if (role === 'user' && typeof req.table === 'string') await requireReadable(ctx, req.table, req.recordId);
      return listHowMadeValues(ctx, req);
    }),
    getLogHealth: guard(admin('Log health', (req) => getLogHealth(ctx, req, organisationOf(settings)))),
    listSavedViews: guard(views.listSavedViews),
    saveView: guard(views.saveView),
    renameView: guard(views.renameView),
    deleteView: guard(views.deleteView),
    openExportEntries: async (source, options = {}) => {
      const { signal } = options;
      const translated = (error: unknown): unknown => (signal?.aborted ? cancelledError() : engine.translateError(error));
      let opened: ExportEntries;
      try {
        requireAdmin(role, 'Export');
        if (signal?.aborted) throw cancelledError();
        opened = await runWithSignal(signal, () => openExportEntries(ctx, source, options, role));
      } catch (error) {
        throw translated(error);
      }
      async function* batches(): ExportEntries['batches'] {
        try {
          yield* opened.batches;
        } catch (error) {
          throw translated(error);
        }
      }
      return { total: opened.total, batches: batches(), ...(opened.howMade ? { howMade: opened.howMade } : {}) };
    },
    close: () => engine.close(),
  };
}
