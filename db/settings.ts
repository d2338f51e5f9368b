/**
 * Settings that shape how a database is read. Two kinds, kept apart on purpose:
 *
 * - {@link SettingsFile}: what a settings file (`--config FILE`) may say. Every key is checked when
 *   the file is read (settings-file.ts); a key that is not declared here stops the program.
 * - {@link RuntimeSettings}: what the program itself decides, never a file: the role the CLI runs
 *   as, the operating-system login. A file that could set them could grant itself admin.
 *
 * {@link AuditSettings}, what the data layer is opened with, is both. Every field is optional and
 * has a sensible default.
 */
import type { RecordId, Role, Sensitivity } from '../shared/domain';

/** Names of the common log columns, when an organisation renamed them. */
export interface LogColumnNames {
  id?: string;
  byId?: string;
  byName?: string;
  byTime?: string;
  changeCue?: string;
  /** How the change was made (shared/how-made.ts): the update method or source column. */
  method?: string;
  /** The application that made the change. */
  application?: string;
  /** The IP address it came from. */
  ip?: string;
  /** A correlation or transaction id. */
  correlation?: string;
}

/** Overrides for one logged table, keyed by the base table's name in {@link AuditSettings.tables}. */
export interface TableOverride {
  /** The log column holding the record's id, when it follows none of the usual conventions. */
  parentKey?: string;
  /** The base table's key column (default: its primary key, else `ID`). */
  recordKey?: string;
  /** The field that names a record in lists. */
  titleField?: string;
  /** Renamed common log columns. */
  columns?: LogColumnNames;
  /**
   * Which parent a column of this table's log names, where the schema declares no foreign key
   * (`{"CustomerID": "Customer"}`), or `false` to say a declared one is not ownership
   * (`{"CountryID": false}`). See db/schema/relations.ts for the rule followed without it.
   */
  belongsTo?: Record<string, string | false>;
}

/** What a settings file may say; settings-file.ts checks each of these keys, and refuses any other. */
export interface SettingsFile {
  /** The `Person.ID` that "Mine" means. Without it, the OS login is matched against `Person`. */
  personId?: RecordId;
  /** Per-table overrides, keyed by base table name. */
  tables?: Record<string, TableOverride>;
  /** Sensitivity by column name (`Column` or `Table.Column`), over the defaults found by name. */
  sensitivity?: Record<string, Sensitivity>;
  /** Show masked columns in clear (for users allowed to). Hidden columns stay hidden regardless. */
  revealSensitive?: boolean;
  /** How long to wait for another program's lock before giving up, in milliseconds (default 2,000). */
  busyTimeoutMs?: number;
  /**
   * Who is an admin (Activity, Deleted records, export): person ids or logins. Without it,
   * everyone is (see roles.ts).
   */
  roles?: {
    admins?: Array<RecordId>;
    /** Who sees masked columns in clear (person ids or logins); see also `revealSensitive`. */
    seeSensitive?: Array<RecordId>;
  };
  /** PostgreSQL: how long to wait for the server to accept a connection, in milliseconds (default 5,000). */
  connectTimeoutMs?: number;
  /** PostgreSQL: how long one query may run before the server stops it, in milliseconds (default 30,000). */
  statementTimeoutMs?: number;
  /** How the organisation works: what Review, Insights and log health measure against (organisation.ts). */
  organisation?: OrganisationSettings;
  /** What Review counts as a finding (db/queries/review/settings.ts has the defaults). */
  review?: ReviewSettings;
}

/** Review's thresholds, per kind of finding; every key has a default (db/queries/review/settings.ts). */
export interface ReviewSettings {
  /** One person changing (adding or modifying) at least `count` records within `windowMinutes` (1 to 15). */
  bulkChange?: { count?: number; windowMinutes?: number };
  /** One person deleting at least `count` records within `windowMinutes`. */
  massDelete?: { count?: number; windowMinutes?: number };
  /** People's changes outside working hours or days; a session ends after `gapMinutes` without one. */
  offHours?: { gapMinutes?: number };
  /** A person's day of at least `minCount` changes and `factor` times their usual (mean) working day over `baselineDays`. */
  volumeSpike?: { factor?: number; minCount?: number; baselineDays?: number };
  /** Sensitive columns changed outside working hours, or at least `count` of them in one session. */
  sensitiveChange?: { count?: number };
  /** Automation acting in an hour or on a table it used on fewer than `minDays` days over `baselineDays`. */
  automationAnomaly?: { minDays?: number; baselineDays?: number };
}

/** The organisation's working pattern; every key has a default (see db/organisation.ts). */
export interface OrganisationSettings {
  /** Its time zone (IANA, such as "Europe/London"): working hours, days and the heat map are in it. */
  timeZone?: string;
  /** Working hours, "HH:MM" to "HH:MM" in its zone (default 07:00 to 19:00). */
  workingHours?: { from?: string; to?: string };
  /** Working days, 1 = Monday … 7 = Sunday (default 1 to 5). */
  workingDays?: number[];
  /** Automation accounts (person ids or logins): not people, for off-hours and "Performed by". */
  automation?: Array<RecordId>;
  /** How many months of log it keeps (default 24): log health counts the rows older than that. */
  retentionMonths?: number;
}

/** What the program sets for itself, in code: never read from a settings file. */
export interface RuntimeSettings {
  /** The role, whoever the user is: the CLI runs as `dba`. Overrides `roles`. */
  role?: Role;
  /** The login to match against `Person` (default: the operating-system user name). */
  osLogin?: string;
}

/** What the data layer is opened with: a settings file's settings plus the program's own. */
export interface AuditSettings extends SettingsFile, RuntimeSettings {}
