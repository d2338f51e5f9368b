/**
 * Domain types shared by every layer. They describe what the data layer hands out; nothing here
 * knows about SQL, drivers, Electron or the DOM.
 */

/** A binary cell (BLOB/bytea): never sent as bytes, only as its size and a digest to compare by. */
export interface BinaryValue {
  kind: 'binary';
  bytes: number;
  /** A short hex digest of the bytes, so two binary values can be compared without the bytes. */
  digest: string;
}

/**
 * A text too long to hand out whole (longer than `CUT_VALUE_CHARS`, 2,000 characters): pages carry
 * its beginning, marked, so no consumer can take it for the whole value. The data layer cuts a
 * value last, after it has compared it with the previous entry (a change deep inside a long text
 * is still a change) and after masking (the mask is made from the whole value, then cut). The
 * whole value is one call away (`getFullValue`); exports always write whole values.
 */
export interface TruncatedValue {
  kind: 'truncated';
  /** The value's first `CUT_VALUE_CHARS` characters (never half of a surrogate pair). */
  text: string;
  /** The whole value's length in characters (Unicode code points). */
  length: number;
  /**
   * A short hex digest (SHA-256, as {@link BinaryValue}'s) of the whole text with its leading and
   * trailing whitespace trimmed, which is how `sameValue` compares texts: two cut values are the
   * same value exactly when their digests are equal.
   */
  digest: string;
}

/**
 * One field's value as it leaves the data layer (already normalised and, where needed, masked):
 * a long text on a page is a {@link TruncatedValue}, a binary one a {@link BinaryValue}.
 */
export type FieldValue = string | number | boolean | null | BinaryValue | TruncatedValue;

/** A record's (or log row's) id. Integer keys arrive as numbers, other keys as strings. */
export type RecordId = string | number;

/**
 * What a log row says happened. `Other` stands for a cue this application does not know
 * (older or customised installations); such rows are treated like `Modified`.
 */
export type ChangeCue = 'Added' | 'Modified' | 'Deleted' | 'Unchanged' | 'Other';

/** How a column's values may be shown. `hidden`: never (passwords); `masked`: last four kept. */
export type Sensitivity = 'none' | 'masked' | 'hidden';

/** A snapshot column of a log table (a field of the logged record). */
export interface FieldInfo {
  name: string;
  /** The declared type as the database reports it (may be empty in SQLite). */
  dataType: string;
  sensitivity: Sensitivity;
}

/** A logged table: a `T`/`T_log` pair found by introspection. */
export interface LoggedTable {
  /** The base table's name `T` (it may no longer exist). */
  name: string;
  /** The log table's name, normally `T_log`. */
  logTable: string;
  /** False when `T` is gone: every record in the log is then a deleted record. */
  baseExists: boolean;
  /** The log column that holds the logged record's id. */
  parentKey: string;
  /** The base table's key column (null when the base table is gone). */
  recordKey: string | null;
  /** The fields that name a record in lists (e.g. `Name`, or `FirstName` and `LastName`). */
  titleFields: string[];
  /** The snapshot columns, in the log table's column order. */
  fields: FieldInfo[];
  /** Rows in `T` (null when `T` is gone). */
  recordCount: number | null;
  /** Rows in `T_log`. */
  logRowCount: number;
  /**
   * Null when the log has the index that reading one record's history needs; otherwise the
   * statement a DBA can run to add it (reads then scan the whole log, which is slow when it is large).
   */
  missingIndex: MissingIndex | null;
  /**
   * Other indexes a DBA could add, each making one read fast that otherwise reads the whole table:
   * text search over the records, the people of the log. Empty when they exist (or cannot be made).
   */
  indexHints: IndexHint[];
  /**
   * How a change was made, where the log records it beside who and when (shared/how-made.ts): the
   * log's column for each part it records. Absent parts are not recorded by this log.
   */
  howMade?: Partial<Record<HowMadePart, HowMadeColumn>>;
}

/**
 * A part of how a change was made that a log may record beside who and when: the update method
 * or source (`UpdateMethod`, `Source`), the application (`AppName`), the IP address (`SourceIP`),
 * a correlation or transaction id (`CorrelationID`, `txid`).
 */
export type HowMadePart = 'method' | 'application' | 'ip' | 'correlation';

/** The log column that records a part of how a change was made. */
export interface HowMadeColumn {
  column: string;
  /** As a field's: an IP address is masked unless the user may see it (shared/sensitivity.ts). */
  sensitivity: Sensitivity;
}

/**
 * How one change was made, as far as its log records it: a part is present exactly when the log
 * has its column, and null when this entry holds nothing there (unknown, never empty). Values are
 * text, masked where the part is (an IP address); a hidden part is left out.
 */
export type HowMade = Partial<Record<HowMadePart, string | null>>;

/** Filter by how a change was made: each part set must equal the entry's value exactly. */
export type HowMadeFilter = Partial<Record<HowMadePart, string>>;

/** An index that would make a read fast, and how to add it (for a DBA; never run by the app). */
export interface IndexHint {
  /**
   * What it speeds up: text search over the table's records, the list of people in its log,
   * (a child's log) reading a record's related log by the column naming the parent, one record's
   * history, Activity's newest-first read of the log, or (`review`) Review's and Insights'
   * aggregates of a period, which group its entries by time, person and cue from the time index
   * when that index holds the person and the cue.
   */
  read: 'search' | 'people' | 'related' | 'history' | 'activity' | 'review';
  /** One sentence: what is slow without it. */
  reason: string;
  /** The statements to run, in order, one per line group (SQL for this database). */
  statements: string;
}

/** A log table without the index history reads need, and how to add it. */
export interface MissingIndex {
  /** The columns the index should have, in order. */
  columns: string[];
  /** A CREATE INDEX statement for this database, for a DBA to review and run. */
  createStatement: string;
}

/**
 * A child table's records belong to a parent's: a child's log rows name the parent record in
 * `column`, one of the child log's snapshot columns (the rule: db/schema/relations.ts).
 */
export interface TableRelation {
  /** The child's table. */
  child: string;
  /** The child log's column that holds the parent's id. */
  column: string;
  /** The parent's table. */
  parent: string;
  /** Where it was learnt: a foreign key the schema declares, or the settings. */
  from: 'foreign key' | 'settings';
}

/** A reference between tables that is not followed as ownership, and why. */
export interface RelationLeftOut {
  child: string;
  column: string;
  /** The table it refers to ('' where the settings said it is no ownership without naming one). */
  parent: string;
  reason: string;
}

/** A table that looked like a log table but cannot be read as one, and why. */
export interface SkippedLogTable {
  logTable: string;
  reason: string;
}

/**
 * One field that differs between a log entry and the record's previous entry, or, when the log
 * holds no earlier values for the record, one field as it was first recorded (see `oldKnown`).
 */
export interface FieldChange {
  field: string;
  /**
   * The value before this entry: null when it was empty, or when it is unknown (`oldKnown: false`).
   * Only `oldKnown` tells those two apart; never read a null `old` as "empty" without it.
   */
  old: FieldValue;
  /** The value after this entry (null when it is now empty or the record was deleted). */
  new: FieldValue;
  /**
   * `false` when the value before this entry is unknown: the entry has no usable previous entry
   * (the log starts after the record existed, so with a cue other than `Added`, or the entry before
   * is a legacy row that kept no values). The field is then "first recorded" with `new`, `old` is
   * null, and nobody is known to have set it: the entry's person only made *a* change, the log
   * cannot say which. Absent when the old value is known (an `Added` entry's old values are known
   * to be empty: the record was created).
   */
  oldKnown?: false;
  /** Set when the values were withheld (`hidden`) or masked (`masked`) by the data layer. */
  redacted?: Exclude<Sensitivity, 'none'>;
}

/** One row of a record's log, with what changed computed against the record's previous entry. */
export interface HistoryEntry {
  /** The log row's own id (`T_log.ID`). */
  logId: RecordId;
  recordId: RecordId;
  byId: RecordId | null;
  /** The person's name as it was at the time of the change. */
  byName: string | null;
  /**
   * When the change was made: ISO 8601 UTC with the stored precision (milliseconds always;
   * microseconds where the database keeps them, e.g. `2024-05-01T09:30:59.123456Z`). Null when the
   * stored time cannot be read (NULL, `infinity`, text that is no time): the entry is still shown,
   * flagged, where the database orders it, and `storedTime` says what was stored.
   */
  byTime: string | null;
  /** Only when `byTime` is null: the stored value as text (null when it was NULL), cut to 100 characters. */
  storedTime?: string | null;
  changeCue: ChangeCue;
  /** The cue exactly as stored (differs from `changeCue` for unknown or oddly cased cues). */
  changeCueText: string | null;
  /** A legacy row: every snapshot column is NULL, so what changed is unknown. */
  legacy: boolean;
  /**
   * False when there is no usable previous entry (the first entry, or the previous one is legacy).
   * An `Added` entry's non-empty fields are then reported as set (from empty: the record was
   * created); any other entry's as first recorded, each change with `oldKnown: false`.
   */
  previousKnown: boolean;
  /** The record as it was right after this change (masked where sensitive). */
  snapshot: Record<string, FieldValue>;
  /** The fields that changed in this entry. */
  changes: FieldChange[];
  /** Human sentences, e.g. "Phone changed from 01234 567890 to 01234 123456". */
  narrative: string[];
  /** How the change was made, where the log records it (absent: it records none of it). */
  made?: HowMade;
}

/** "Modified By": everyone, the signed-in user's person, or one person. */
export type ModifiedBy =
  | { kind: 'all' }
  | { kind: 'mine' }
  | { kind: 'person'; personId: RecordId };

/**
 * "Performed by": changes made by people, or by automation accounts (the organisation's settings
 * name them, others are detected: db/queries/automation.ts). An entry whose log does not record
 * who made it is neither: it is left out by both.
 */
export type PerformedBy = 'person' | 'automation';

/** Filters on a log. Dates are whole local days in `timeZone` (inclusive), as the user picks them. */
export interface HistoryFilter {
  /** First day, `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  to?: string;
  /** IANA time zone the days are meant in (default: UTC). */
  timeZone?: string;
  by?: ModifiedBy;
  /**
   * How the change was made (exact values; shared/how-made.ts). A log that does not record a part
   * set here has no entries that match it (Activity leaves it out; a record's log says so).
   */
  made?: HowMadeFilter;
  /** Only changes made by people, or only by automation accounts (default: both, and unknown). */
  performedBy?: PerformedBy;
}

/** A record of a logged table as shown in lists and the properties window. */
export interface RecordView {
  id: RecordId;
  /** The value of the table's title field, as text (or null). */
  title: string | null;
  /** Every field (masked where sensitive; hidden fields are left out). */
  values: Record<string, FieldValue>;
}

/** A record as opened in the properties window. */
export interface RecordDetail extends RecordView {
  /** False when the record no longer exists: `values` is then its last logged snapshot. */
  exists: boolean;
  /** How many log entries the record has (the audit icon shows only when this is above zero). */
  logEntryCount: number;
}

/** A record that is gone from its table while its log remains. */
export interface DeletedRecord {
  id: RecordId;
  title: string | null;
  /** The last entry's time (the deletion, when the log recorded it): ISO 8601 UTC. */
  lastTime: string | null;
  /** Who deleted it, when the last entry is a `Deleted` entry. */
  deletedById: RecordId | null;
  deletedByName: string | null;
  /** False when the row vanished without a `Deleted` entry (deleted while logging was off). */
  deletionLogged: boolean;
  /** The last snapshot in the log (masked where sensitive). */
  lastSnapshot: Record<string, FieldValue>;
  logEntryCount: number;
}

/** A person who appears in a log. */
export interface PersonInLog {
  id: RecordId;
  /** The person's current name (from `Person`), else the latest name the log recorded. */
  name: string | null;
  login: string | null;
  /**
   * The person's entries in that log; null when not counted (see `ListPeopleRequest.withCounts`):
   * never a guess.
   */
  entryCount: number | null;
  /** The person's most recent entry in that log: ISO 8601 UTC. */
  lastTime: string | null;
}

/** A person from the `Person` table. */
export interface PersonRef {
  id: RecordId;
  name: string | null;
  login: string | null;
}

/** What a user may do: a plain user reads the logs of the records they open; an admin also sees
 * Activity, Deleted records and export. The CLI is a DBA tool and runs as `dba` (all of it). */
export type Role = 'user' | 'admin' | 'dba';

/** Filters on the activity across all logged tables (dates and person as for one record's log). */
export interface ActivityFilter extends HistoryFilter {
  /** Only these logged tables (default: all). */
  tables?: string[];
  /** Only entries with these change cues (default: all). */
  cues?: ChangeCue[];
  /** Only entries that changed this field (a snapshot column of the chosen tables). */
  field?: string;
  /**
   * Only entries between two instants (ISO 8601 with `Z` or an offset; `from` inclusive, `to`
   * exclusive), intersected with the day range: a finding's exact entries.
   */
  between?: InstantRange;
  /**
   * Only entries made in these hours of the week on `timeZone`'s clock (an Insights heat-map
   * cell): weekday 1 = Monday … 7 = Sunday, hour 0–23. Entries whose time cannot be read are in none.
   */
  hoursOfWeek?: Array<{ weekday: number; hour: number }>;
}

/** A half-open range of instants: `from <= time < to`, ISO 8601 text with `Z` or an offset. */
export interface InstantRange {
  from: string;
  to: string;
}

/**
 * How the organisation works, as its settings say (defaults filled in): what Review's findings,
 * Insights' heat map and log health measure against.
 */
export interface Organisation {
  /** IANA time zone: working hours and days, and the heat map's hours, are in it. */
  timeZone: string;
  /** Where it came from: the settings, or this machine's zone when they name none. */
  timeZoneSource: 'settings' | 'machine';
  /** Working hours in its zone, "HH:MM" (from inclusive, to exclusive; "24:00" is midnight). */
  workingHours: { from: string; to: string };
  /** Working days, 1 = Monday … 7 = Sunday, ascending. */
  workingDays: number[];
  /** Automation accounts named in the settings (person ids or logins); others may be detected. */
  automation: RecordId[];
  /** Months of log the organisation keeps. */
  retentionMonths: number;
}

/** One change in the activity across tables: a history entry, and which record it belongs to. */
export interface ActivityEntry extends HistoryEntry {
  /** The logged table (base table name). */
  table: string;
  /** The record's title as of this entry. */
  title: string | null;
}

/** One value a field held over time (its field history). */
export interface FieldHistoryEntry {
  logId: RecordId;
  byId: RecordId | null;
  byName: string | null;
  /** As {@link HistoryEntry.byTime}. */
  byTime: string | null;
  storedTime?: string | null;
  changeCue: ChangeCue;
  /**
   * The value before this entry and after it (masked or withheld as the field is). `old` is null
   * both when it was empty and when it is unknown: `oldKnown` tells them apart.
   */
  old: FieldValue;
  new: FieldValue;
  /**
   * `false` when this entry is where the log first recorded the field's value and the value before
   * is unknown (see {@link FieldChange.oldKnown}): the entry's person is not known to have set it.
   */
  oldKnown?: false;
  redacted?: Exclude<Sensitivity, 'none'>;
}

/** Entries of a log in one calendar month of the organisation's zone (log health's sparkline). */
export interface MonthCount {
  /** `YYYY-MM`, in the organisation's zone. */
  month: string;
  entries: number;
}

/**
 * A logged table's log as a DBA sees it (log health): how big, how old, how it grew, what it keeps
 * past the organisation's retention, and which indexes the app's reads need that it lacks. Each
 * figure is null where it is not known (not asked for, or the engine cannot tell): never a guess
 * passed off as a figure.
 */
export interface LogHealth {
  table: string;
  logTable: string;
  /** Rows in the log: counted, or the engine's estimate where counting is slow (`rowsEstimated`). */
  rows: number | null;
  rowsEstimated: boolean;
  /** The oldest and newest readable entry times (ISO 8601 UTC), from the `(ByTime, ID)` index. */
  oldest: string | null;
  newest: string | null;
  /** Rows whose time cannot be read (NULL): counted with `detail: 'full'`, else null. */
  unreadableTimes: number | null;
  /** Entries per month from the oldest month to the newest, empty months included (`detail: 'full'`). */
  perMonth: MonthCount[] | null;
  /** Bytes on disk of the log and its indexes, where the engine tells it; null: not known. */
  sizeBytes: number | null;
  /** Why the size is not known, when it is not (e.g. SQLite built without `dbstat`). */
  sizeUnknownReason?: string;
  /** Rows older than the retention cutoff (`detail: 'full'`). */
  olderThanRetention: number | null;
  /** Indexes the app's reads need that the log lacks, each with the statements a DBA would run. */
  missingIndexes: IndexHint[];
}

/** Why an account counts as automation (db/queries/automation.ts decides). */
export interface AutomationAccount {
  id: RecordId;
  name: string | null;
  login: string | null;
  /** `configured`: named in the settings; `detected`: from its Person row or its pattern of work. */
  source: 'configured' | 'detected';
  /** One sentence: why, e.g. "all 1,204 of its latest changes fell between 02:00 and 02:51 (Europe/London)". */
  reason: string;
}

/** What Review looks for (db/queries/review/). */
export type ReviewKind = 'bulk-change' | 'mass-delete' | 'off-hours' | 'volume-spike' | 'sensitive-change' | 'automation-anomaly';

export type ReviewSeverity = 'high' | 'medium' | 'low';

/**
 * One thing in a period that deserves a look. `from`, `to`, `by`, `tables` and `cues` name exactly
 * its entries: Activity with `between: {from, to}`, `by: {kind: 'person', personId: by}`, `tables`
 * and `cues` lists them (`count` of them, unless the log changed since).
 */
export interface ReviewFinding {
  kind: ReviewKind;
  severity: ReviewSeverity;
  /** One line of text: "Ann Smith deleted 214 Contact records between 02:10 and 02:14 on Sat 3 Oct". */
  sentence: string;
  /** The entries it is about. */
  count: number;
  /** The first entry's instant (inclusive). */
  from: string;
  /** Just after the last entry's instant (exclusive). */
  to: string;
  /** The person; null only where the log does not record who (such entries are never credited to anyone). */
  by: RecordId | null;
  byName: string | null;
  tables: string[];
  /** The change cues of its entries (empty: any). */
  cues: ChangeCue[];
  /** Where a finding names fields (sensitive-change): which; empty otherwise. */
  fields: string[];
}
