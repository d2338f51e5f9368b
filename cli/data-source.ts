/**
 * What `--db` names: a SQLite replica file, or a PostgreSQL database as a `postgres://` URL. The
 * password of a PostgreSQL database comes from the URL or from PGPASSWORD (as with psql), and is
 * never printed: messages show the target without it.
 */
import type { DataSource } from '../db/index';
import { isPostgresUrl, parsePostgresUrl, targetUrl } from '../db/dialects/postgres/target';

export function resolveDataSource(db: string, env: NodeJS.ProcessEnv = process.env): DataSource {
  if (isPostgresUrl(db)) {
    const { target, password } = parsePostgresUrl(db);
    const secret = password ?? env.PGPASSWORD;
    return secret === undefined ? { kind: 'postgres', target } : { kind: 'postgres', target, password: secret };
  }
  return { kind: 'sqlite', file: db };
}

/** The source as a person reads it: the replica's path, or the database's URL without a password. */
export function describeDataSource(source: DataSource): string {
  return source.kind === 'sqlite' ? source.file : targetUrl(source.target);
}
