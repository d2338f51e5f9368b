/**
 * Records the demo simulation's writes as PostgreSQL statements, one per line, in a file: the
 * history is replayed from it into PostgreSQL, where that database's own triggers write the logs.
 * A file rather than memory, because a large demo makes millions of writes.
 */
import fs from 'node:fs';
import { quoteIdent } from '../schema';
import type { HowWritten } from '../how-made';
import type { Actor, SqlValue, WriteRecorder } from '../session';
import type { TableName } from '../schema';
import { qualified } from './pg-schema';

/** The line that marks where the logging triggers are switched on. */
export const LOGGING_ON_MARKER = '-- logging on';

/** A value as a PostgreSQL literal on one line (escape-string syntax when it holds line breaks). */
export function pgLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} to PostgreSQL.`);
    return String(value);
  }
  if (/[\\\n\r]/.test(value)) {
    return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`;
  }
  return `'${value.replaceAll("'", "''")}'`;
}

export class SqlJournal implements WriteRecorder {
  private readonly fd: number;
  private buffer: string[] = [];
  private bufferedChars = 0;
  /** Statements written so far. */
  statements = 0;

  constructor(
    readonly file: string,
    private readonly schema: string,
  ) {
    this.fd = fs.openSync(file, 'w');
  }

  private write(line: string): void {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.statements += 1;
    if (this.bufferedChars > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    fs.writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.bufferedChars = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private table(name: string): string {
    return qualified(this.schema, name);
  }

  act(actor: Actor, byTime: string, how: HowWritten | null): void {
    const set = (name: string, value: SqlValue): string => `set_config('audit.${name}', ${pgLiteral(value === null ? '' : String(value))}, false)`;
    // An empty setting is no value: the triggers write NULL (unknown) for it.
    const made = `${set('method', how?.method ?? null)}, ${set('ip', how?.ip ?? null)}`;
    this.write(`SELECT ${set('by_id', actor.id)}, ${set('by_name', actor.name)}, ${set('by_time', `${byTime}Z`)}, ${made};`);
  }

  insert(table: TableName, id: number, columns: readonly string[], values: readonly SqlValue[]): void {
    const names = ['ID', ...columns].map(quoteIdent).join(', ');
    this.write(`INSERT INTO ${this.table(table)} (${names}) VALUES (${[id, ...values].map(pgLiteral).join(', ')});`);
  }

  update(table: TableName, id: number, columns: readonly string[], values: readonly SqlValue[]): void {
    const sets = columns.map((c, i) => `${quoteIdent(c)} = ${pgLiteral(values[i] ?? null)}`).join(', ');
    this.write(`UPDATE ${this.table(table)} SET ${sets} WHERE "ID" = ${id};`);
  }

  touch(table: TableName, id: number, column: string): void {
    this.write(`UPDATE ${this.table(table)} SET ${quoteIdent(column)} = ${quoteIdent(column)} WHERE "ID" = ${id};`);
  }

  remove(table: TableName, id: number): void {
    this.write(`DELETE FROM ${this.table(table)} WHERE "ID" = ${id};`);
  }

  legacy(table: TableName, columns: readonly string[], values: readonly SqlValue[]): void {
    // Legacy times are UTC text; the loading session's zone is UTC, so they are stored as written.
    this.write(`INSERT INTO ${this.table(`${table}_log`)} (${columns.map(quoteIdent).join(', ')}) VALUES (${values.map(pgLiteral).join(', ')});`);
  }

  loggingOn(): void {
    this.write(LOGGING_ON_MARKER);
  }
}
