/**
 * The API contract: every call the UI (or any other client) makes, with its request and response
 * types. Each call takes a single object and returns a promise. Shells (IPC, HTTP) and clients are
 * built from `AUDIT_CONTRACT` by the generic mechanism of contract-kit.ts, so a call that is not
 * declared here cannot be made or served.
 */
import type {
  ActivityEntry,
  ActivityFilter,
  AutomationAccount,
  ChangeCue,
  FieldHistoryEntry,
  FieldValue,
  Role,
  DeletedRecord,
  HistoryEntry,
  HistoryFilter,
  HowMadePart,
  LoggedTable,
  LogHealth,
  Organisation,
  PersonInLog,
  PersonRef,
  RecordDetail,
  RecordId,
  RecordView,
  RelationLeftOut,
  ReviewFinding,
  ReviewKind,
  SkippedLogTable,
  TableRelation,
} from './domain';
import { defineContract, type CallOptions } from './contract-kit';
import type { Insights, InsightsGranularity } from './insights';
import type { RefusedSavedView, SavedView, SavedViewSpec } from './saved-views';

export type { CallOptions } from './contract-kit';

/** A request or response page that continues: pass `nextCursor` back as `cursor` for the next page. */
export interface Paged {
  /** Opaque; null when there is nothing more. */
  nextCursor: string | null;
}

export type ListTablesRequest = Record<string, never>;
export interface ListTablesResponse {
  tables: LoggedTable[];
  /** Tables named like log tables that cannot be read as one, with the reason. */
  skipped: SkippedLogTable[];
  /** Which tables' records belong to which (followed by a record's related log). */
  relations: TableRelation[];
  /** References between logged tables not followed as ownership, with the reason. */
  relationsLeftOut: RelationLeftOut[];
}

export interface ListRecordsRequest {
  table: string;
  /** Case-insensitive text to look for in the record's text fields. */
  search?: string;
  /** Order by one of the table's fields (default: by key). Empty values come last either way. */
  sort?: RecordSort;
  /** Page size (default 100, at most 1,000). */
  limit?: number;
  /** From the previous page of the same search and sort. */
  cursor?: string;
}
export interface RecordSort {
  field: string;
  direction: 'asc' | 'desc';
}
export interface ListRecordsResponse extends Paged {
  records: RecordView[];
}

export interface GetRecordRequest {
  table: string;
  id: RecordId;
}
export interface GetRecordResponse {
  record: RecordDetail;
}

export interface GetHistoryRequest {
  table: string;
  id: RecordId;
  filter?: HistoryFilter;
  /** Page size (default 50, at most 1,000). */
  limit?: number;
  cursor?: string;
  /** Also count every entry that matches the filter (first page only; costs one more query). */
  withTotal?: boolean;
}
export interface GetHistoryResponse extends Paged {
  /** Newest first: by `ByTime`, then by log id, both descending. */
  entries: HistoryEntry[];
  /** Entries matching the filter, when asked for with `withTotal`. */
  total: number | null;
}

/**
 * A record's whole story: its own log merged with the logs of the records that belong to it
 * (its children, theirs, … to `depth`; which relations count: `ListTablesResponse.relations`).
 * A child's entries are those its log rows made while they named this record (or a member of the
 * level above) as their parent, and the entry that moved it away.
 */
export interface GetRelatedHistoryRequest {
  table: string;
  id: RecordId;
  /** Levels of related records: 1 the children, 2 also theirs (default 2, at most 3; 0 the record alone). */
  depth?: number;
  /**
   * The log's filters, and the Entity filter `tables`: only the entries of these tables of the
   * family (default: all of them).
   */
  filter?: HistoryFilter & { tables?: string[] };
  /** Page size (default 50, at most 1,000). */
  limit?: number;
  cursor?: string;
}
/** One table of a record's family, and how its records belong. */
export interface RelatedTable {
  table: string;
  /** The table its records belong to (null for the record's own table). */
  parent: string | null;
  /** Its log's column naming the parent (null for the record's own table). */
  column: string | null;
  /** 0 for the record's own table, 1 for its children, … */
  depth: number;
  /** How many of its records belong (ever did, by its log); 1 for the record's own table. */
  records: number;
}
export interface GetRelatedHistoryResponse extends Paged {
  /**
   * Newest first across the logs: by `ByTime`, then table, then log id, as Activity orders them.
   * Each names its table, record and title; a child's entry is diffed against that child's own
   * previous entry.
   */
  entries: ActivityEntry[];
  /** The tables whose logs were read, the record's own first. */
  family: RelatedTable[];
}

export interface ListDeletedRecordsRequest {
  table: string;
  /** Page size (default 100, at most 1,000). */
  limit?: number;
  cursor?: string;
}
export interface ListDeletedRecordsResponse extends Paged {
  /** Most recently deleted first. */
  records: DeletedRecord[];
}

export interface GetRestoreSqlRequest {
  table: string;
  /** A deleted record's id. */
  id: RecordId;
  /**
   * Also restore its deleted children, theirs in turn (every level of its family), in one
   * transaction, parents before children. A child is restored when its last snapshot still names
   * its (restored) parent and it went in the same change as that parent or after the parent's last
   * entry before its deletion; every other deleted child is named in a comment with why, and a
   * child whose row still exists is not touched. Default false: the record alone.
   */
  withChildren?: boolean;
}
/** A deleted child the restore script puts back. */
export interface RestoredChild {
  table: string;
  id: RecordId;
  /** Its title as the user may see it (masked fields masked, hidden ones never). */
  title: string | null;
  /** The record it is restored under (its table and id). */
  parent: { table: string; id: RecordId };
  /** The entry its INSERT comes from, as `GetRestoreSqlResponse.basedOn`. */
  basedOn: { logId: RecordId; byTime: string | null; changeCue: ChangeCue };
  /** Its snapshot's fields left out of its INSERT, and why. */
  omitted: Array<{ field: string; reason: string }>;
}
/** A record of the family the script does not restore (named in its comments too), and why. */
export interface ChildLeftOut {
  table: string;
  id: RecordId;
  title: string | null;
  /** One sentence: still there, moved away, deleted on its own before its parent, … */
  reason: string;
}
export interface GetRestoreSqlResponse {
  /** An INSERT (with explanatory comments) that would put the record back; never run by the app. */
  sql: string;
  /** Snapshot fields left out of the statement, and why (sensitive, no longer a column, computed by the database). */
  omitted: Array<{ field: string; reason: string }>;
  /** The entry the statement comes from (`byTime` null when its time could not be read). */
  basedOn: { logId: RecordId; byTime: string | null; changeCue: ChangeCue };
  /** With `withChildren`: the children the script restores, parents before children (else empty). */
  children: RestoredChild[];
  /** With `withChildren`: the family's records it leaves out, and why (else empty). */
  childrenLeftOut: ChildLeftOut[];
  /**
   * How many deleted children `withChildren` would restore (0: none, so there is nothing to offer);
   * null when the family could not be read together (too many records).
   */
  deletedChildren: number | null;
}

export interface ListPeopleRequest {
  table: string;
  /** Only the people in this record's log (always counted: one record's log is small). */
  recordId?: RecordId;
  /**
   * Also count each person's entries in the whole log. Where the log has an index leading with
   * the person and then the time, the whole log's people are read from it one probe per person,
   * without counting (`entryCount: null`): an exact count reads every entry of the log, which on
   * millions of rows takes hundreds of milliseconds. Without such an index the log is read whole
   * anyway, and counted.
   */
  withCounts?: boolean;
}
export interface ListPeopleResponse {
  /** Most entries first where counted, else most recent entry first; then by name. */
  people: PersonInLog[];
}

export interface ListActivityRequest {
  filter?: ActivityFilter;
  /** Page size (default 50, at most 1,000). */
  limit?: number;
  cursor?: string;
  /**
   * Also give the number of matching entries (first page only): counted where the logs are small,
   * else the engine's estimate at once (see `totalIsEstimate`). Never with a field filter.
   */
  withTotal?: boolean;
  /** Count the matching entries exactly, however large the logs (first page only; may take seconds). */
  exactTotal?: boolean;
}
export interface ListActivityResponse extends Paged {
  /** Newest first across all chosen tables: by `ByTime`, then table, then log id. */
  entries: ActivityEntry[];
  /** The matching entries (see `totalIsEstimate`); null when not asked for or not known without counting. */
  total: number | null;
  /**
   * True when `total` is the engine's estimate from its statistics (show it as "about …" and offer
   * to count: `exactTotal`), false or absent when it was counted.
   */
  totalIsEstimate?: boolean;
}

/** Review: what deserves a look in a period (admins). */
export interface GetReviewRequest {
  /** First day, `YYYY-MM-DD`, inclusive, in `timeZone` (default: the whole log). */
  from?: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  to?: string;
  /** The zone days, working hours and sentences are read in (default: the organisation's). */
  timeZone?: string;
  /** Only these kinds (default: all); one call per kind lets a caller show progress. */
  kinds?: ReviewKind[];
  /**
   * One look at the findings, named by the caller (any short text, new for each look): calls with
   * the same `run` and period, such as the Review view's one call per kind, share what they read
   * from the log. A new `run` reads it afresh, so "Look again" sees every change made since.
   * Without one, nothing read is kept beyond the call.
   */
  run?: string;
}
export interface GetReviewResponse {
  /** By severity (high first), then time. */
  findings: ReviewFinding[];
  /** The zone the period and the sentences are in. */
  timeZone: string;
  /** The automation accounts, and why each counts as one (never named as people in findings). */
  automation: AutomationAccount[];
  /**
   * Entries whose stored time cannot be read (NULL, text that is no time), per table: they fall in
   * no period, so no finding counts them; they are counted here, not dropped silently.
   */
  unreadableTimes: Array<{ table: string; count: number }>;
}

export interface GetFieldHistoryRequest {
  table: string;
  id: RecordId;
  field: string;
  limit?: number;
  cursor?: string;
}
export interface GetFieldHistoryResponse extends Paged {
  /** Newest first: only the entries that changed the field (with who set what, when). */
  entries: FieldHistoryEntry[];
}

export interface GetRecordAsOfRequest {
  table: string;
  id: RecordId;
  /** An instant, ISO 8601 (UTC or with an offset). */
  at: string;
  /** Also give its children as they stood then (`GetRecordAsOfResponse.related`). Default false. */
  related?: boolean;
  /** With `related`: levels of children (1 the children, 2 also theirs; default 2, at most 3). */
  depth?: number;
}
/** A record of a related table as it stood at the instant. */
export interface RecordAsOf {
  id: RecordId;
  /** Its title from the entry's shown values (masked as everywhere). */
  title: string | null;
  /** Its entry in force then: its snapshot is the record as it stood. */
  entry: HistoryEntry;
}
/** One related table of the record, as it stood at the instant. */
export interface RelatedAsOf {
  table: string;
  /** The table its records belong to, and its log's column that names the parent. */
  parent: string;
  column: string;
  /** 1 for the record's children, 2 for theirs, … */
  depth: number;
  /**
   * Its records that stood then under the record (or under a child that stood then): those whose
   * entry in force named such a parent and was no deletion, by id.
   */
  records: RecordAsOf[];
  /** Records that stood then but are deleted now, left out because only admins read deleted records' logs. */
  notShown: number;
  /**
   * Records of the family whose entry in force then is a legacy one (it kept no values): whether
   * they stood under the record then is unknown, so they are counted here rather than listed.
   */
  unknown: number;
}
export interface GetRecordAsOfResponse {
  /** The entry in force at that instant (its snapshot is the record as it stood), or null when the
   * record had no log entry yet; `exists` is false when it had been deleted by then. */
  entry: HistoryEntry | null;
  exists: boolean;
  /** With `related`: each related table of its family (parents before children), as it stood. */
  related?: RelatedAsOf[];
}

export interface GetEntriesRequest {
  table: string;
  id: RecordId;
  /** Log ids of this record's entries (at most 20), e.g. two to compare side by side. */
  logIds: RecordId[];
  /**
   * Hand long texts out whole rather than cut (see `TruncatedValue`): for one entry at a time
   * (`logIds` must then hold exactly one id), as an export writes them. Masked exactly as pages are.
   */
  wholeValues?: boolean;
}
export interface GetEntriesResponse {
  /** In the order asked, each diffed against its own previous entry. */
  entries: HistoryEntry[];
}

/**
 * One whole value, where a page carries a cut one (`TruncatedValue`): a field of a record as
 * `getRecord` shows it, or a value of one of its log entries as `getHistory` and the other pages
 * show it. Masked exactly as pages are; a hidden (password-like) field is refused.
 */
export interface GetFullValueRequest {
  table: string;
  /** The record. */
  id: RecordId;
  field: string;
  /** One of the record's log entries; without it, the record's own value (`getRecord`'s). */
  logId?: RecordId;
  /**
   * Which value of the entry: `snapshot` (the default) the field right after the entry, as its
   * `snapshot` holds it; `old` or `new` the entry's change to the field, as its `changes` (and the
   * field's history) hold it. Only with `logId`.
   */
  of?: 'snapshot' | 'old' | 'new';
}
export interface GetFullValueResponse {
  /** The whole value: never a `TruncatedValue`. */
  value: FieldValue;
}

export interface GetChangeSetRequest {
  table: string;
  logId: RecordId;
}
export interface GetChangeSetResponse {
  /** The entries written by the same save: same person, same time, across all logged tables,
   * the asked-for entry included. */
  entries: ActivityEntry[];
}

export type WhoAmIRequest = Record<string, never>;
export interface WhoAmIResponse {
  /** What this user may do (from the settings' roles; the CLI runs as `dba`). */
  role: Role;
  /** The person "Mine" means, or null when the user maps to nobody. */
  person: PersonRef | null;
  /** How the person was found. */
  source: 'configured' | 'os-login' | 'none';
  /** The operating-system login name that was matched against `Person`. */
  osLogin: string;
}

export type DescribeSourceRequest = Record<string, never>;
export interface DescribeSourceResponse {
  /** The kind of database being read. */
  engine: 'sqlite' | 'postgres';
  /** What the user knows the database by (the replica's file name). */
  name: string;
  /** Where it is (the replica's full path), for tooltips and the window title. */
  location: string;
  /** How the organisation works (settings `organisation`, defaults filled in). */
  organisation: Organisation;
}

/**
 * The values a part of how a change was made takes (the filter's picker): from one record's log,
 * or from the logs that record it, read from an index leading with its column where there is one
 * (every value, up to 100), else from the newest 20,000 rows of each log (`complete: false`).
 */
export interface ListHowMadeValuesRequest {
  part: HowMadePart;
  /** One table's log (default: every log that records the part). */
  table?: string;
  /** Only this record's log (with `table`). */
  recordId?: RecordId;
}
export interface ListHowMadeValuesResponse {
  /** Distinct values, sorted; an unknown (NULL) value is none of them. */
  values: string[];
  /** False when more values may exist than those listed (a sample was read, or over 100 were found). */
  complete: boolean;
  /** True when the part is masked for this user (an IP address): no values are listed, none can be filtered by. */
  masked: boolean;
}

/** Admins: each logged table's log as a DBA sees it (db/queries/log-health.ts). */
export interface GetLogHealthRequest {
  /** Only these tables (default: all). */
  tables?: string[];
  /**
   * `quick`: rows (the engine's estimate where counting is slow), oldest and newest entry and the
   * missing indexes, at once; `full` (default) also entries per month, size on disk and the rows
   * older than the retention cutoff, which read every index entry of the log.
   */
  detail?: 'quick' | 'full';
  /** Count every log's rows exactly, however large (may take seconds). */
  exactRows?: boolean;
  /** The instant retention is measured back from (ISO 8601; default now). */
  now?: string;
}
export interface GetLogHealthResponse {
  logs: LogHealth[];
  /** The organisation's retention, and where it falls: rows before `cutoff` are older than it. */
  retention: { months: number; cutoff: string; timeZone: string };
}

/**
 * Counts for charts over a period (shared/insights.ts): changes per day, week or month by table and
 * by cue, the most active people, an hour × weekday heat map. Counted by the database (indexed
 * GROUP BY), never by reading entries.
 */
export interface GetInsightsRequest {
  /**
   * The Activity filter's days, tables, cues, person and hours of the week (no `field`: that needs
   * every entry diffed). Days are in `filter.timeZone`, default the organisation's zone, which the
   * buckets and the heat map are also on.
   */
  filter?: ActivityFilter;
  /** Default: from the period's length (`granularityFor`). */
  granularity?: InsightsGranularity;
  /** Split the buckets by cue too (`cue`; reads every entry's cue), or by table only (`table`, the default: the time index alone). */
  split?: 'table' | 'cue';
  /** How many of the most active people to list (default 10); `'all'` lists everyone. */
  people?: number | 'all';
  /** Only this record's own log (its timeline): allowed to whoever may read the record. */
  record?: { table: string; id: RecordId };
}
export type GetInsightsResponse = Insights;

/** The saved views of the open database that the user may open (shared/saved-views.ts; plain users: record logs only). */
export type ListSavedViewsRequest = Record<string, never>;
export interface ListSavedViewsResponse {
  /** By name. */
  views: SavedView[];
  /** Views of this database that cannot be opened (a newer version's, or damaged), each with one sentence; kept in the file as they are. */
  refused: RefusedSavedView[];
  /** A sentence when the saved views cannot be read at all (the file is damaged, or none are kept here): nothing is saved until then. */
  problem?: string;
  /**
   * False where no views are kept for this database at all (it was opened without a data folder,
   * as tools and some tests open it): there is nothing to list and nothing can be saved, so a UI
   * offers neither. Absent otherwise.
   */
  kept?: false;
}

/** Saves what a view opens under a name, for the open database. */
export interface SaveViewRequest {
  /** See `VIEW_NAME_RULE`; unique per database, letter case aside. */
  name: string;
  view: SavedViewSpec;
  /** Replace a view of the same name (the UI asks first); without it such a view is refused. */
  replace?: boolean;
}
export interface SaveViewResponse {
  view: SavedView;
}

export interface RenameViewRequest {
  name: string;
  newName: string;
}
export interface RenameViewResponse {
  view: SavedView;
}

export interface DeleteViewRequest {
  name: string;
}
export type DeleteViewResponse = Record<string, never>;

/** Every call, by name. */
export interface AuditApi {
  /** Which database is open (shown in the window title and the status bar). */
  describeSource(req: DescribeSourceRequest, options?: CallOptions): Promise<DescribeSourceResponse>;
  /** The logged tables found by introspection, with record and log-row counts. */
  listTables(req: ListTablesRequest, options?: CallOptions): Promise<ListTablesResponse>;
  /** A table's current records, by key, optionally narrowed by text search. */
  listRecords(req: ListRecordsRequest, options?: CallOptions): Promise<ListRecordsResponse>;
  /** One record (or, when it was deleted, its last logged snapshot) and its log size. */
  getRecord(req: GetRecordRequest, options?: CallOptions): Promise<GetRecordResponse>;
  /** A record's log, newest first, filtered and paged by key, each entry with what it changed. */
  getHistory(req: GetHistoryRequest, options?: CallOptions): Promise<GetHistoryResponse>;
  /** A record's log with the logs of the records that belong to it, newest first, paged by key. */
  getRelatedHistory(req: GetRelatedHistoryRequest, options?: CallOptions): Promise<GetRelatedHistoryResponse>;
  /** Records whose log remains but whose row is gone, most recently deleted first. */
  listDeletedRecords(req: ListDeletedRecordsRequest, options?: CallOptions): Promise<ListDeletedRecordsResponse>;
  /** For DBAs: an INSERT built from a deleted record's last snapshot, to review and run themselves. */
  getRestoreSql(req: GetRestoreSqlRequest, options?: CallOptions): Promise<GetRestoreSqlResponse>;
  /** The people who appear in a table's (or one record's) log. */
  listPeople(req: ListPeopleRequest, options?: CallOptions): Promise<ListPeopleResponse>;
  /** Admins: every change across all logged tables, filtered and paged by key. */
  listActivity(req: ListActivityRequest, options?: CallOptions): Promise<ListActivityResponse>;
  /** Admins: findings of a period (bulk changes, mass deletions, off-hours work, …), by severity. */
  getReview(req: GetReviewRequest, options?: CallOptions): Promise<GetReviewResponse>;
  /** The values one field of a record held over time, newest first. */
  getFieldHistory(req: GetFieldHistoryRequest, options?: CallOptions): Promise<GetFieldHistoryResponse>;
  /** The record as it stood at an instant. */
  getRecordAsOf(req: GetRecordAsOfRequest, options?: CallOptions): Promise<GetRecordAsOfResponse>;
  /** Chosen entries of one record (to compare side by side), or one entry with its long values whole. */
  getEntries(req: GetEntriesRequest, options?: CallOptions): Promise<GetEntriesResponse>;
  /** The whole of one value that pages carry cut (a long text), for "Show all" and "Copy". */
  getFullValue(req: GetFullValueRequest, options?: CallOptions): Promise<GetFullValueResponse>;
  /** The entries saved together with one entry (same person and time, across tables). */
  getChangeSet(req: GetChangeSetRequest, options?: CallOptions): Promise<GetChangeSetResponse>;
  /** The values one part of how a change was made takes, for the filter's picker. */
  listHowMadeValues(req: ListHowMadeValuesRequest, options?: CallOptions): Promise<ListHowMadeValuesResponse>;
  /** Admins: each log's size, age, growth, rows past retention and missing indexes. */
  getLogHealth(req: GetLogHealthRequest, options?: CallOptions): Promise<GetLogHealthResponse>;
  /** Admins (or a record's own log, for whoever may read it): counts of changes for charts. */
  getInsights(req: GetInsightsRequest, options?: CallOptions): Promise<GetInsightsResponse>;
  /** Who "Mine" means for the signed-in user. */
  whoAmI(req: WhoAmIRequest, options?: CallOptions): Promise<WhoAmIResponse>;
  /** The open database's saved views the user may open. */
  listSavedViews(req: ListSavedViewsRequest, options?: CallOptions): Promise<ListSavedViewsResponse>;
  /** Saves a view (Activity, Review, Insights: admins; a record's log: anyone who may read it), or replaces one with `replace`. */
  saveView(req: SaveViewRequest, options?: CallOptions): Promise<SaveViewResponse>;
  /** Renames a saved view of the open database. */
  renameView(req: RenameViewRequest, options?: CallOptions): Promise<RenameViewResponse>;
  /** Deletes a saved view of the open database. */
  deleteView(req: DeleteViewRequest, options?: CallOptions): Promise<DeleteViewResponse>;
}

export type ApiCallName = keyof AuditApi;
export type ApiRequest<K extends ApiCallName> = Parameters<AuditApi[K]>[0];
export type ApiResponse<K extends ApiCallName> = Awaited<ReturnType<AuditApi[K]>>;

/**
 * The call names at run time. Declared as a map over `AuditApi` so that adding a call to the
 * interface without adding it here fails to compile.
 */
const CALLS: { readonly [K in ApiCallName]: true } = {
  describeSource: true,
  listTables: true,
  listRecords: true,
  getRecord: true,
  getHistory: true,
  getRelatedHistory: true,
  listDeletedRecords: true,
  getRestoreSql: true,
  listPeople: true,
  whoAmI: true,
  listActivity: true,
  getReview: true,
  getFieldHistory: true,
  getRecordAsOf: true,
  getEntries: true,
  getFullValue: true,
  getChangeSet: true,
  listHowMadeValues: true,
  getLogHealth: true,
  getInsights: true,
  listSavedViews: true,
  saveView: true,
  renameView: true,
  deleteView: true,
};

/**
 * The audit contract as every shell carries it (see contract-kit.ts): IPC channel `audit:api`,
 * `POST /api/<call>`, and `window.auditTrail` in the desktop app.
 */
export const AUDIT_CONTRACT = defineContract<AuditApi>({ calls: CALLS, channel: 'audit:api', httpPath: '/api/', global: 'auditTrail' });

export const API_CALL_NAMES = AUDIT_CONTRACT.names;
