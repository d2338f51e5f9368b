/**
 * What `--db` names: a SQLite replica file, a PostgreSQL database as a `postgres://` URL, or a
 * saved connection profile by name. The password of a PostgreSQL database comes from the URL or
 * from PGPASSWORD (as with psql), or, on a terminal, from a hidden prompt when the server asks
 * for one; it is never printed: messages show the target without it.
 */
import fs from 'node:fs';
import type { DataSource } from '../db/index';
import type { ProfileStore } from '../db/connections/index';
import { isPostgresUrl, parsePostgresUrl, targetUrl } from '../db/dialects/postgres/target';
import { AuditError } from '../shared/errors';

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

/** Asks for a password without echoing it; undefined when there is no terminal to ask on. */
export type PasswordPrompt = (question: string) => Promise<string | undefined>;

/**
 * Opens `source` with `open`. When a PostgreSQL server wants a password that was not given, asks
 * for it with `prompt` (a terminal) and tries once more; where nobody can be asked, the sentence
 * says how to give one.
 */
export async function openWithPassword<T>(source: DataSource, open: (source: DataSource) => Promise<T>, prompt?: PasswordPrompt): Promise<T> {
  try {
    return await open(source);
  } catch (error) {
    if (!(error instanceof AuditError) || error.code !== 'auth-failed' || source.kind !== 'postgres' || source.password !== undefined) throw error;
    const password = prompt ? await prompt(`Password for ${source.target.user} on ${source.target.host}: `) : undefined;
    if (password === undefined) {
      throw new AuditError('auth-failed', `${error.message} Set PGPASSWORD, or run this in a terminal to be asked for the password.`, { cause: error });
    }
    return open({ ...source, password });
  }
}
