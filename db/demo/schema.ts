/**
 * The demo replica's schema: the base tables an organisation's application uses, a `T_log` table
 * per logged table, and the triggers that fill the logs. Everything is generated from one list of
 * table specs, so the six tables' triggers can never drift apart by hand-copying.
 *
 * Log tables follow docs/data-model.md: log row `ID`, the parent key, a full snapshot of the base table's
 * columns (except its `ID`, whose value is the parent key), then `ByID`, `ByName`, `ByTime` and
 * `ChangeCue`. The acting person and time come from the writing session through the application
 * function `audit_setting(name)` (see session.ts); PostgreSQL would use `current_setting('audit.…')`.
 */

import { COMMON_LOG_COLUMNS } from '../schema/conventions';
import { HOW_MADE_COLUMNS, type HowMadeSetting } from './how-made';

export type SqlType = 'INTEGER' | 'TEXT' | 'REAL';

export interface ColumnSpec {
  name: string;
  type: SqlType;
  notNull?: boolean;
  unique?: boolean;
  /** A foreign key to another table's `ID`. */
  references?: TableName;
  /** Allowed values (a CHECK constraint). */
  allowed?: readonly (string | number)[];
}

export interface TableSpec {
  name: TableName;
  /** Columns after `ID`, in table order. */
  columns: readonly ColumnSpec[];
  /** The log column holding the record's id. */
  parentKey: string;
  /**
   * The column the application rewrites with itself (`SET Name = Name`) to "touch" a parent saved
   * together with a changed child: the trigger then logs an `Unchanged` row.
   */
  touchColumn: string;
  /**
   * The log's columns that record how each change was made (db/demo/how-made.ts), after the common
   * ones; the triggers fill them from the session. None by default.
   */
  howMade?: readonly HowMadeSetting[];
}

export type TableName = 'Person' | 'Customer' | 'Contact' | 'Audit' | 'Finding' | 'Service Order';

export const CUSTOMER_STATUSES = ['Prospect', 'Active', 'On hold', 'Closed'] as const;
export const AUDIT_STATUSES = ['Planned', 'In progress', 'Reported', 'Closed'] as const;
export const FINDING_SEVERITIES = ['Low', 'Medium', 'High', 'Critical'] as const;
export const FINDING_STATUSES = ['Open', 'Remediating', 'Closed'] as const;
export const ORDER_STATUSES = ['Draft', 'Confirmed', 'In progress', 'Completed', 'Invoiced', 'Closed', 'Cancelled'] as const;

export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type AuditStatus = (typeof AUDIT_STATUSES)[number];
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Row shapes (without `ID`), so the simulation's writes are type-checked column by column. */
export interface PersonRow {
  Name: string;
  Login: string;
  Email: string | null;
  Department: string | null;
  JobTitle: string | null;
  PasswordHash: string;
  Active: 0 | 1;
}

export interface CustomerRow {
  Name: string;
  Status: CustomerStatus;
  Email: string | null;
  Phone: string | null;
  AddressLine1: string | null;
  City: string | null;
  PostCode: string | null;
  Country: string;
  AccountManagerID: number | null;
  CreditLimit: number | null;
  Balance: number;
  TaxNumber: string | null;
  BankAccount: string | null;
  Notes: string | null;
  CreatedOn: string;
}

export interface ContactRow {
  CustomerID: number;
  FirstName: string;
  LastName: string;
  JobTitle: string | null;
  Email: string | null;
  Phone: string | null;
  Mobile: string | null;
  IsPrimary: 0 | 1;
  Notes: string | null;
}

export interface AuditRow {
  CustomerID: number;
  Title: string;
  Standard: string;
  Status: AuditStatus;
  LeadAuditorID: number | null;
  PlannedStart: string | null;
  PlannedEnd: string | null;
  Score: number | null;
  Summary: string | null;
}

export interface FindingRow {
  AuditID: number;
  Reference: string;
  Severity: FindingSeverity;
  Description: string | null;
  Status: FindingStatus;
  DueDate: string | null;
  OwnerID: number | null;
  ClosedOn: string | null;
}

export interface ServiceOrderRow {
  CustomerID: number;
  OrderNumber: string;
  Description: string | null;
  Amount: number;
  Currency: string;
  Status: OrderStatus;
  'Order Date': string | null;
  'Due Date': string | null;
}

export interface TableRows {
  Person: PersonRow;
  Customer: CustomerRow;
  Contact: ContactRow;
  Audit: AuditRow;
  Finding: FindingRow;
  'Service Order': ServiceOrderRow;
}

/** The base tables' key column. */
export const KEY_COLUMN = 'ID';

/** The common log columns: the demo writes them under the names the reader expects by default. */
export const LOG_COLUMNS = COMMON_LOG_COLUMNS;

/** The application function triggers call to learn who is writing, and when. */
export const AUDIT_SETTING_FUNCTION = 'audit_setting';

const text = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'TEXT', ...extra });
const int = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'INTEGER', ...extra });
const real = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'REAL', ...extra });

/** Every logged table, parents before children (the order tables are created and filled in). */
export const TABLES: readonly TableSpec[] = [
  {
    name: 'Person',
    parentKey: 'PersonID',
    touchColumn: 'Name',
    columns: [
      text('Name', { notNull: true }),
      text('Login', { notNull: true, unique: true }),
      text('Email'),
      text('Department'),
      text('JobTitle'),
      text('PasswordHash'),
      int('Active', { notNull: true, allowed: [0, 1] }),
    ],
  },
  {
    name: 'Customer',
    parentKey: 'CustomerID',
    touchColumn: 'Name',
    howMade: ['method', 'ip'],
    columns: [
      text('Name', { notNull: true }),
      text('Status', { notNull: true, allowed: CUSTOMER_STATUSES }),
      text('Email'),
      text('Phone'),
      text('AddressLine1'),
      text('City'),
      text('PostCode'),
      text('Country', { notNull: true }),
      int('AccountManagerID', { references: 'Person' }),
      real('CreditLimit'),
      real('Balance', { notNull: true }),
      text('TaxNumber'),
      text('BankAccount'),
      text('Notes'),
      text('CreatedOn', { notNull: true }),
    ],
  },
  {
    name: 'Contact',
    parentKey: 'ContactID',
    touchColumn: 'LastName',
    howMade: ['method'],
    columns: [
      int('CustomerID', { notNull: true, references: 'Customer' }),
      text('FirstName', { notNull: true }),
      text('LastName', { notNull: true }),
      text('JobTitle'),
      text('Email'),
      text('Phone'),
      text('Mobile'),
      int('IsPrimary', { notNull: true, allowed: [0, 1] }),
      text('Notes'),
    ],
  },
  {
    name: 'Audit',
    parentKey: 'AuditID',
    touchColumn: 'Title',
    columns: [
      int('CustomerID', { notNull: true, references: 'Customer' }),
      text('Title', { notNull: true }),
      text('Standard', { notNull: true }),
      text('Status', { notNull: true, allowed: AUDIT_STATUSES }),
      int('LeadAuditorID', { references: 'Person' }),
      text('PlannedStart'),
      text('PlannedEnd'),
      real('Score'),
      text('Summary'),
    ],
  },
  {
    // A non-default parent key convention: the reader has to detect `ParentID`.
    name: 'Finding',
    parentKey: 'ParentID',
    touchColumn: 'Reference',
    columns: [
      int('AuditID', { notNull: true, references: 'Audit' }),
      text('Reference', { notNull: true }),
      text('Severity', { notNull: true, allowed: FINDING_SEVERITIES }),
      text('Description'),
      text('Status', { notNull: true, allowed: FINDING_STATUSES }),
      text('DueDate'),
      int('OwnerID', { references: 'Person' }),
      text('ClosedOn'),
    ],
  },
  {
    // Spaces in table and column names, and the `RecordID` convention: identifiers must be quoted.
    name: 'Service Order',
    parentKey: 'RecordID',
    touchColumn: 'OrderNumber',
    columns: [
      int('CustomerID', { notNull: true, references: 'Customer' }),
      text('OrderNumber', { notNull: true, unique: true }),
      text('Description'),
      real('Amount', { notNull: true }),
      text('Currency', { notNull: true }),
      text('Status', { notNull: true, allowed: ORDER_STATUSES }),
      text('Order Date'),
      text('Due Date'),
    ],
  },
];

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`Unknown demo table: ${name}`);
  return spec;
}

/** Quotes an SQL identifier: double quotes, with embedded `"` doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

export function logTableName(table: TableName | TableSpec): string {
  return `${typeof table === 'string' ? table : table.name}_log`;
}

/** The log table's columns in order, for callers that insert into it directly (legacy rows). */
export function logColumnNames(spec: TableSpec): string[] {
  return [
    LOG_COLUMNS.id,
    spec.parentKey,
    ...spec.columns.map((c) => c.name),
    LOG_COLUMNS.byId,
    LOG_COLUMNS.byName,
    LOG_COLUMNS.byTime,
    LOG_COLUMNS.changeCue,
    ...howMadeColumns(spec),
  ];
}

/** The log's how-made columns, in order (`UpdateMethod`, `SourceIP`). */
export function howMadeColumns(spec: TableSpec): string[] {
  return (spec.howMade ?? []).map((setting) => HOW_MADE_COLUMNS[setting]);
}

export function baseTableDdl(spec: TableSpec): string {
  // AUTOINCREMENT: an id is never reused after a delete, as with PostgreSQL identities. Otherwise a
  // new record could take a deleted record's id and the two histories would merge in the log.
  const lines = [`${quoteIdent(KEY_COLUMN)} INTEGER PRIMARY KEY AUTOINCREMENT`];
  for (const column of spec.columns) {
    let line = `${quoteIdent(column.name)} ${column.type}`;
    if (column.notNull) line += ' NOT NULL';
    if (column.unique) line += ' UNIQUE';
    if (column.allowed) {
      line += ` CHECK (${quoteIdent(column.name)} IN (${column.allowed.map(quoteLiteral).join(', ')}))`;
    }
    if (column.references) line += ` REFERENCES ${quoteIdent(column.references)} (${quoteIdent(KEY_COLUMN)})`;
    lines.push(line);
  }
  return `CREATE TABLE ${quoteIdent(spec.name)} (\n  ${lines.join(',\n  ')}\n)`;
}

/**
 * The log table: no constraints on the snapshot columns, because a log must accept whatever the
 * row looked like (and legacy rows leave the snapshot NULL).
 */
export function logTableDdl(spec: TableSpec): string {
  const lines = [
    `${quoteIdent(LOG_COLUMNS.id)} INTEGER PRIMARY KEY`,
    `${quoteIdent(spec.parentKey)} INTEGER NOT NULL`,
    ...spec.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`),
    `${quoteIdent(LOG_COLUMNS.byId)} INTEGER`,
    `${quoteIdent(LOG_COLUMNS.byName)} TEXT`,
    `${quoteIdent(LOG_COLUMNS.byTime)} TEXT NOT NULL`,
    `${quoteIdent(LOG_COLUMNS.changeCue)} TEXT NOT NULL`,
    ...howMadeColumns(spec).map((c) => `${quoteIdent(c)} TEXT`),
  ];
  return `CREATE TABLE ${quoteIdent(logTableName(spec))} (\n  ${lines.join(',\n  ')}\n)`;
}

/** The three logging triggers of a table (after insert, update, delete). */
export function triggerDdl(spec: TableSpec): string[] {
  const log = quoteIdent(logTableName(spec));
  const fn = AUDIT_SETTING_FUNCTION;
  const targetColumns = [
    spec.parentKey,
    ...spec.columns.map((c) => c.name),
    LOG_COLUMNS.byId,
    LOG_COLUMNS.byName,
    LOG_COLUMNS.byTime,
    LOG_COLUMNS.changeCue,
    ...howMadeColumns(spec),
  ]
    .map(quoteIdent)
    .join(', ');
  const session = `${fn}('by_id'), ${fn}('by_name'), ${fn}('by_time')`;
  const made = (spec.howMade ?? []).map((setting) => `, ${fn}('${setting}')`).join('');
  const snapshot = (row: 'NEW' | 'OLD'): string =>
    [KEY_COLUMN, ...spec.columns.map((c) => c.name)].map((c) => `${row}.${quoteIdent(c)}`).join(', ');
  // `IS` rather than `=` so that NULL compares equal to NULL: a save that changed nothing is
  // `Unchanged` (the parent "touched" alongside a changed child), anything else is `Modified`.
  const sameAsBefore = [KEY_COLUMN, ...spec.columns.map((c) => c.name)]
    .map((c) => `NEW.${quoteIdent(c)} IS OLD.${quoteIdent(c)}`)
    .join('\n      AND ');
  const trigger = (event: string, suffix: string, body: string): string =>
    `CREATE TRIGGER ${quoteIdent(`${logTableName(spec)}_after_${suffix}`)} AFTER ${event} ON ${quoteIdent(spec.name)}\n` +
    `BEGIN\n  INSERT INTO ${log} (${targetColumns})\n  ${body};\nEND`;
  return [
    trigger('INSERT', 'insert', `VALUES (${snapshot('NEW')}, ${session}, 'Added'${made})`),
    trigger(
      'UPDATE',
      'update',
      `VALUES (${snapshot('NEW')}, ${session},\n    CASE WHEN ${sameAsBefore}\n    THEN 'Unchanged' ELSE 'Modified' END${made})`,
    ),
    trigger('DELETE', 'delete', `VALUES (${snapshot('OLD')}, ${session}, 'Deleted'${made})`),
  ];
}

/** Base-table indexes on foreign keys (created up front: deletes check them). */
export function baseIndexDdl(spec: TableSpec): string[] {
  return spec.columns
    .filter((c) => c.references)
    .map(
      (c) =>
        `CREATE INDEX ${quoteIdent(`${spec.name}_${c.name}`)} ON ${quoteIdent(spec.name)} (${quoteIdent(c.name)})`,
    );
}

/**
 * Log-table indexes: one for reading a record's history in time order, one for "Modified By"
 * filters (and change sets), one for Activity's newest-first read of a whole log. Created after the bulk load, which is much faster than maintaining them row by row.
 */
export function logIndexDdl(spec: TableSpec): string[] {
  const log = logTableName(spec);
  const by = (...columns: string[]): string => columns.map(quoteIdent).join(', ');
  return [
    `CREATE INDEX ${quoteIdent(`${log}_by_parent`)} ON ${quoteIdent(log)} (${by(spec.parentKey, LOG_COLUMNS.byTime, LOG_COLUMNS.id)})`,
    `CREATE INDEX ${quoteIdent(`${log}_by_person`)} ON ${quoteIdent(log)} (${by(LOG_COLUMNS.byId, LOG_COLUMNS.byTime)})`,
    // Activity reads every log newest first without a record or person to narrow it (the prefix
    // (ByTime, ID)); Review and Insights group a period's entries by time, person and cue from the
    // same index alone (the aggregate index: db/schema/index-hints.ts).
    `CREATE INDEX ${quoteIdent(`${log}_by_time`)} ON ${quoteIdent(log)} (${by(LOG_COLUMNS.byTime, LOG_COLUMNS.id, LOG_COLUMNS.byId, LOG_COLUMNS.changeCue)})`,
  ];
}
