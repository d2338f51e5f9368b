/**
 * The writing session: who is acting, and when. An organisation's database learns this from the
 * session (PostgreSQL: `SET audit.by_id = …`, read by triggers through `current_setting`). Here the
 * writer connection registers `audit_setting(name)`, and the simulation sets the actor and time
 * before each change. A connection without the function cannot write to a logged table at all,
 * which is what makes the demo's log genuinely trigger-written.
 */
import type Database from 'better-sqlite3';
import { formatUtc } from './calendar';
import type { HowWritten } from './how-made';
import {
  AUDIT_SETTING_FUNCTION,
  KEY_COLUMN,
  LOG_COLUMNS,
  logTableName,
  quoteIdent,
  tableSpec,
  type TableName,
  type TableRows,
} from './schema';

export interface Actor {
  id: number;
  /** The name as it is now: a later rename must not rewrite the names already logged. */
  name: string;
}

export type SqlValue = string | number | null;

/**
 * Receives every write the simulation makes, in order, so the same history can be replayed into
 * another database (the PostgreSQL demo) and logged there by that database's own triggers.
 */
export interface WriteRecorder {
  /**
   * The acting person, the time or how the change is made changed: later writes are theirs, at that
   * time (UTC text), made that way.
   */
  act(actor: Actor, byTime: string, how: HowWritten | null): void;
  insert(table: TableName, id: number, columns: readonly string[], values: readonly SqlValue[]): void;
  update(table: TableName, id: number, columns: readonly string[], values: readonly SqlValue[]): void;
  /** Saves a row unchanged (`SET column = column`), which the update trigger logs as `Unchanged`. */
  touch(table: TableName, id: number, column: string): void;
  remove(table: TableName, id: number): void;
  /** A row written straight into `T_log`, bypassing the triggers (the old logging version). */
  legacy(table: TableName, columns: readonly string[], values: readonly SqlValue[]): void;
  /** The logging triggers are switched on from here. */
  loggingOn(): void;
}

export class AuditSession {
  private actor: Actor | null = null;
  private byTime: string | null = null;
  private lastEpoch = Number.NaN;
  private how: HowWritten | null = null;

  /** Registers `audit_setting` on the writer connection (and only there). */
  constructor(
    db: Database.Database,
    private readonly recorder?: WriteRecorder,
  ) {
    db.function(AUDIT_SETTING_FUNCTION, { deterministic: false }, (name: unknown) => this.setting(name));
  }

  /** Every change from now on is made by `actor` at `epochSeconds` (UTC), the way `how` says (unknown without it). */
  actAs(actor: Actor, epochSeconds: number, how: HowWritten | null = null): void {
    const changed =
      epochSeconds !== this.lastEpoch || this.actor?.id !== actor.id || this.actor.name !== actor.name ||
      this.how?.method !== how?.method || this.how?.ip !== how?.ip;
    this.actor = actor;
    this.how = how;
    if (epochSeconds !== this.lastEpoch) {
      this.lastEpoch = epochSeconds;
      this.byTime = formatUtc(epochSeconds);
    }
    if (changed && this.byTime !== null) this.recorder?.act(actor, this.byTime, how);
  }

  private setting(name: unknown): SqlValue {
    // Like `current_setting` without `missing_ok`: a write with no acting person is an error,
    // never a log row with a NULL author.
    if (!this.actor || this.byTime === null) {
      throw new Error(`${AUDIT_SETTING_FUNCTION}(${String(name)}): no acting person is set for this session`);
    }
    switch (name) {
      case 'by_id':
        return this.actor.id;
      case 'by_name':
        return this.actor.name;
      case 'by_time':
        return this.byTime;
      case 'method':
        return this.how?.method ?? null;
      case 'ip':
        return this.how?.ip ?? null;
      default:
        throw new Error(`${AUDIT_SETTING_FUNCTION}: unknown setting ${String(name)}`);
    }
  }
}

/**
 * Writes to the base tables as the application would (the triggers do the logging), with prepared
 * statements cached per table and column set.
 */
export class AuditedWriter {
  private readonly statements = new Map<string, Database.Statement>();
  /** Base-table rows written so far; once the triggers exist each one is also a log row. */
  rowsWritten = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly recorder?: WriteRecorder,
  ) {}

  private statement(key: string, sql: () => string): Database.Statement {
    let stmt = this.statements.get(key);
    if (!stmt) {
      stmt = this.db.prepare(sql());
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  /** Inserts a full row and returns its new `ID`. */
  insert<T extends TableName>(table: T, row: TableRows[T]): number {
    const spec = tableSpec(table);
    const values = row as unknown as Record<string, SqlValue | undefined>;
    const args = spec.columns.map((c) => {
      const value = values[c.name];
      if (value === undefined) throw new Error(`Demo row for ${table} lacks ${c.name}.`);
      return value;
    });
    const stmt = this.statement(`insert|${table}`, () => {
      const columns = spec.columns.map((c) => quoteIdent(c.name)).join(', ');
      const marks = spec.columns.map(() => '?').join(', ');
      return `INSERT INTO ${quoteIdent(table)} (${columns}) VALUES (${marks})`;
    });
    const info = stmt.run(...args);
    this.rowsWritten += info.changes;
    const id = Number(info.lastInsertRowid);
    this.recorder?.insert(table, id, spec.columns.map((c) => c.name), args);
    return id;
  }

  /** Updates some columns of one row. */
  update<T extends TableName>(table: T, id: number, changes: Partial<TableRows[T]>): void {
    const entries = Object.entries(changes as Record<string, SqlValue>);
    if (entries.length === 0) return;
    const names = entries.map(([name]) => name);
    const stmt = this.statement(`update|${table}|${names.join('|')}`, () => {
      const sets = names.map((n) => `${quoteIdent(n)} = ?`).join(', ');
      return `UPDATE ${quoteIdent(table)} SET ${sets} WHERE ${quoteIdent(KEY_COLUMN)} = ?`;
    });
    const values = entries.map(([, value]) => value);
    this.rowsWritten += stmt.run(...values, id).changes;
    this.recorder?.update(table, id, names, values);
  }

  /**
   * Saves a parent unchanged, as the application does when the user saved it together with a
   * changed child: the update trigger logs an `Unchanged` row.
   */
  touch(table: TableName, id: number): void {
    const column = quoteIdent(tableSpec(table).touchColumn);
    const sql = (): string => `UPDATE ${quoteIdent(table)} SET ${column} = ${column} WHERE ${quoteIdent(KEY_COLUMN)} = ?`;
    this.rowsWritten += this.statement(`touch|${table}`, sql).run(id).changes;
    this.recorder?.touch(table, id, tableSpec(table).touchColumn);
  }

  remove(table: TableName, id: number): void {
    const sql = (): string => `DELETE FROM ${quoteIdent(table)} WHERE ${quoteIdent(KEY_COLUMN)} = ?`;
    this.rowsWritten += this.statement(`delete|${table}`, sql).run(id).changes;
    this.recorder?.remove(table, id);
  }

  /**
   * A row of the old, pre-2024 logging version: written straight into `T_log` (no trigger), with
   * who/when/cue but no snapshot.
   */
  insertLegacyLog(table: TableName, parentId: number, by: Actor, byTime: string, cue: 'Added' | 'Modified'): void {
    const spec = tableSpec(table);
    const columns = [spec.parentKey, LOG_COLUMNS.byId, LOG_COLUMNS.byName, LOG_COLUMNS.byTime, LOG_COLUMNS.changeCue];
    const values = [parentId, by.id, by.name, byTime, cue];
    this.statement(`legacy|${table}`, () => {
      return `INSERT INTO ${quoteIdent(logTableName(spec))} (${columns.map(quoteIdent).join(', ')}) VALUES (?, ?, ?, ?, ?)`;
    }).run(...values);
    this.recorder?.legacy(table, columns, values);
  }
}
