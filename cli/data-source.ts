/**
 * The CLI's side of `--db`: what it names is resolved in db/connections/db-argument.ts (shared
 * with the desktop shell); here, a PostgreSQL server that wants a password not given is asked for
 * one on a terminal, never echoed.
 */
import type { DataSource } from '../db/index';
import { AuditError } from '../shared/errors';

export {
  describeDataSource,
  envPassword,
  resolveDataSource,
  resolveDbArgument,
  type ProfileLookup,
  type ResolvedDb,
} from '../db/connections/db-argument';

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
