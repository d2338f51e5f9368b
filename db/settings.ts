/**
 * Settings that shape how a database is read. They come from the user's settings file (or the CLI's
 * `--config`); every field is optional and has a sensible default.
 */
import type { RecordId, Role, Sensitivity } from '../shared/domain';

/** Names of the common log columns, when an organisation renamed them. */
export interface LogColumnNames {
  id?: string;
  byId?: string;
  byName?: string;
  byTime?: string;
  changeCue?: string;
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
}

export interface AuditSettings {
  /** The `Person.ID` that "Mine" means. Without it, the OS login is matched against `Person`. */
  personId?: RecordId;
  /** The login to match against `Person` (default: the operating-system user name). */
  osLogin?: string;
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
  /** The role, whoever the user is: the CLI runs as `dba`. Overrides `roles`. */
  role?: Role;
  /** PostgreSQL: how long to wait for the server to accept a connection, in milliseconds (default 5,000). */
  connectTimeoutMs?: number;
  /** PostgreSQL: how long one query may run before the server stops it, in milliseconds (default 30,000). */
  statementTimeoutMs?: number;
}
