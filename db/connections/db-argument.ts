/**
 * What a `--db` argument names, for every shell (the CLI, npm start, the desktop app): a SQLite
 * replica file, a PostgreSQL database as a `postgres://` URL, or a saved connection profile by
 * name. A password comes from the URL or PGPASSWORD (as with psql); messages never show it.
 */
import fs from 'node:fs';
import { AuditError } from '../../shared/errors';
import { isPostgresUrl, parsePostgresUrl, targetUrl } from '../dialects/postgres/target';
import type { DataSource } from '../index';
import type { ProfileStore } from './profile-store';

/** A resolved `--db`, with the profile it named, if it named one. */
export interface ResolvedDb {
  source: DataSource;
  profile?: string;
}

/** Where profiles are looked up (the user-data folder's connections.json). */
export type ProfileLookup = Pick<ProfileStore, 'find'>;

/**
 * Resolves `--db`: a `postgres://` URL; else an existing file, or anything written as a path (with
 * a / or \), is a replica; else a saved profile of that name, if `profiles` has one. A name that is
 * none of these is reported in one sentence.
 */
export function resolveDbArgument(db: string, env: NodeJS.ProcessEnv = process.env, profiles?: ProfileLookup): ResolvedDb {
  if (isPostgresUrl(db)) {
    const { target, password } = parsePostgresUrl(db);
    const secret = password ?? envPassword(env);
    return { source: secret === undefined ? { kind: 'postgres', target } : { kind: 'postgres', target, password: secret } };
  }
  if (!profiles || /[\\/]/.test(db) || fs.existsSync(db)) return { source: { kind: 'sqlite', file: db } };
  const profile = profiles.find(db);
  if (!profile) {
    throw new AuditError(
      'file-not-found',
      `There is no replica file named ${db} here, and no saved connection profile of that name (audit-trail profiles lists them).`,
    );
  }
  const secret = envPassword(env);
  return {
    source: secret === undefined ? { kind: 'postgres', target: profile.target } : { kind: 'postgres', target: profile.target, password: secret },
    profile: profile.name,
  };
}

/** PGPASSWORD, where set to something: empty means none, as for libpq. */
export function envPassword(env: NodeJS.ProcessEnv): string | undefined {
  return env.PGPASSWORD || undefined;
}

/** `resolveDbArgument` without profiles: a URL or a replica file. */
export function resolveDataSource(db: string, env: NodeJS.ProcessEnv = process.env): DataSource {
  return resolveDbArgument(db, env).source;
}

/** The source as a person reads it: the replica's path, or the database's URL without a password. */
export function describeDataSource(source: DataSource): string {
  return source.kind === 'sqlite' ? source.file : targetUrl(source.target);
}

