/**
 * Which database a saved view belongs to: decided here, and only here. A view saved on the demo
 * replica is not listed on a PostgreSQL profile, nor on another replica.
 *
 * - A replica: its file's real path (symbolic links followed, so two ways of naming one file are
 *   one database), `sqlite:/home/ann/.config/Audit Trail Browser/demo-replica.sqlite`.
 * - PostgreSQL: the server, port, database and schema, `postgres://db.example.com:5432/crm?schema=public`.
 *   Never the user or a password: the same tables read through two profiles with different
 *   users share their views, and nothing secret reaches the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from '../index';

export function databaseKey(source: DataSource): string {
  if (source.kind === 'sqlite') {
    const resolved = path.resolve(source.file);
    let real = resolved;
    try {
      real = fs.realpathSync.native(resolved);
    } catch {
      // Not there (yet): its path as given, resolved, is all there is to go by.
    }
    return `sqlite:${real}`;
  }
  const { host, port, database, schema } = source.target;
  // Host names ignore case; database and schema names do not.
  return `postgres://${host.toLowerCase()}:${port}/${encodeURIComponent(database)}?schema=${encodeURIComponent(schema)}`;
}
