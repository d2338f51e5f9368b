/**
 * Where profile passwords are kept. Never in connections.json, never in a plain file: either by
 * the desktop shell through the operating system's secret storage (electron/safe-storage-secrets.ts,
 * `persistent`), or in this process's memory for the session (the web shell, the CLI, and the
 * desktop shell for a password the user did not ask it to remember).
 *
 * Keys are made by `secretKey`: the profile's name together with the server, port, database, user
 * and SSL mode it points at. A password is thus found only for the server it was given for: a
 * profile that is renamed keeps it (the caller moves it), but one that is pointed elsewhere (or
 * deleted and made again for another server, perhaps by another program) does not.
 */
import type { PostgresTarget } from '../dialects/postgres/target';

export interface SecretStore {
  /** True when secrets outlive the process (the OS secret storage); false for memory. */
  readonly persistent: boolean;
  has(key: string): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key held, so that secrets left behind by deleted profiles can be pruned. */
  keys(): Promise<string[]>;
}

/** The key of a profile's password: its name and everything that says which server hears it. */
export function secretKey(name: string, target: PostgresTarget): string {
  return JSON.stringify([name, target.host, target.port, target.database, target.user, target.ssl]);
}

/** Whether a password given for `a` may be sent to `b`: the same server, database, user and SSL mode. */
export function sameServer(a: PostgresTarget, b: PostgresTarget): boolean {
  return a.host === b.host && a.port === b.port && a.database === b.database && a.user === b.user && a.ssl === b.ssl;
}

/** Secrets in memory, gone when the process ends. */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    persistent: false,
    has: async (key) => secrets.has(key),
    get: async (key) => secrets.get(key),
    set: async (key, secret) => void secrets.set(key, secret),
    delete: async (key) => void secrets.delete(key),
    keys: async () => [...secrets.keys()],
  };
}
