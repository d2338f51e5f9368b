/**
 * Where a PostgreSQL database is: host, port, database, user and schema. A target comes from a
 * `postgres://` URL (CLI `--db`) or a saved connection profile; it never carries a password, which
 * travels separately so that a target can be shown, saved and logged freely.
 */
import type { ConnectionTarget, SslMode } from '../../../shared/connections-contract';
import { AuditError } from '../../../shared/errors';

export type { SslMode } from '../../../shared/connections-contract';

/** Where a PostgreSQL database is: the contract's connection target (it never holds a password). */
export type PostgresTarget = ConnectionTarget;

export const DEFAULT_SCHEMA = 'public';
export const DEFAULT_PORT = 5432;
const SSL_MODES: readonly SslMode[] = ['disable', 'prefer', 'require', 'verify-full'];

/** Whether a `--db` value names a PostgreSQL database rather than a replica file or a profile. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/**
 * Parses `postgres://user[:password]@host[:port]/database[?schema=…&sslmode=…]`. A password in the
 * URL is returned apart from the target (the CLI accepts it, as psql does, but never prints it).
 */
export function parsePostgresUrl(text: string): { target: PostgresTarget; password?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AuditError('bad-request', `"${redactUrl(text)}" is not a PostgreSQL address; write it as postgres://user@host:5432/database.`);
  }
  if (!/^postgres(ql)?:$/i.test(url.protocol)) {
    throw new AuditError('bad-request', `"${redactUrl(text)}" is not a postgres:// address.`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname) throw new AuditError('bad-request', 'The PostgreSQL address needs a host, as in postgres://user@host/database.');
  if (!database) throw new AuditError('bad-request', 'The PostgreSQL address needs a database name after the host, as in postgres://user@host/database.');
  const params = url.searchParams;
  const ssl = (params.get('sslmode') ?? 'prefer') as SslMode;
  if (!SSL_MODES.includes(ssl)) {
    throw new AuditError('bad-request', `sslmode must be one of ${SSL_MODES.join(', ')}, not "${ssl}".`);
  }
  const target = checkTarget({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    database,
    user: decodeURIComponent(url.username) || defaultUser(),
    schema: params.get('schema') ?? DEFAULT_SCHEMA,
    ssl,
  });
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return password === undefined ? { target } : { target, password };
}

/** Checks a target's fields (a profile edited by hand or sent by the UI is checked the same way). */
export function checkTarget(target: PostgresTarget): PostgresTarget {
  const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  if (!text(target.host)) throw new AuditError('bad-request', 'Give the PostgreSQL server\'s host name.');
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new AuditError('bad-request', `The port must be a whole number from 1 to 65535, not ${String(target.port)}.`);
  }
  if (!text(target.database)) throw new AuditError('bad-request', 'Give the database name.');
  if (!text(target.user)) throw new AuditError('bad-request', 'Give the database user name.');
  if (!text(target.schema)) throw new AuditError('bad-request', 'Give the schema that holds the log tables (usually public).');
  if (!SSL_MODES.includes(target.ssl)) throw new AuditError('bad-request', `sslmode must be one of ${SSL_MODES.join(', ')}.`);
  return { host: target.host.trim(), port: target.port, database: target.database.trim(), user: target.user.trim(), schema: target.schema.trim(), ssl: target.ssl };
}

/** The target as a URL without any password, for titles, messages and the recent list. */
export function targetUrl(target: PostgresTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const query = new URLSearchParams();
  if (target.schema !== DEFAULT_SCHEMA) query.set('schema', target.schema);
  if (target.ssl !== 'prefer') query.set('sslmode', target.ssl);
  const suffix = query.size ? `?${query.toString()}` : '';
  return `postgres://${encodeURIComponent(target.user)}@${host}:${target.port}/${encodeURIComponent(target.database)}${suffix}`;
}

/** A URL as text with its password replaced, so that an error message cannot leak it. */
export function redactUrl(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

function defaultUser(): string {
  return process.env.PGUSER ?? process.env.USER ?? process.env.USERNAME ?? 'postgres';
}
