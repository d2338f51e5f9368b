/**
 * Where the connection service keeps profile passwords: in the operating system's secret storage
 * when the shell has one and the user asks to remember a password, else in memory for this
 * session. Kept apart from connection-service.ts so the rules of where a password lives read in
 * one place. Keys name the profile and its server (secret-store.ts's `secretKey`), so a kept
 * password is only ever sent to the server it was given for.
 */
import type { PasswordKept, PasswordStorage } from '../../shared/connections-contract';
import type { SavedProfile } from './profile-store';
import { createMemorySecretStore, secretKey, type SecretStore } from './secret-store';

export interface PasswordKeeper {
  /** `os` when passwords can be kept across launches, else `session`. */
  readonly passwordStorage: PasswordStorage;
  /** A sentence when the secret storage could not be read (a damaged secrets file), for the UI. */
  problem(): string | undefined;
  /** The password kept for `profile` (for this session first), if any. */
  kept(profile: SavedProfile): Promise<string | undefined>;
  /** Where the password of `profile` is kept. */
  keptAs(profile: SavedProfile): Promise<PasswordKept>;
  /** Keeps `password`: with the OS secret storage when `remember` and possible, else for this session. */
  keep(key: string, password: string, remember: boolean): Promise<void>;
  /** Keeps `password` for this session only (one typed at Connect). */
  keepForSession(key: string, password: string): Promise<void>;
  /** Forgets a password wherever it is kept. */
  forget(key: string): Promise<void>;
  /** Forgets every password whose key is not in `wanted` (profiles deleted elsewhere). */
  keepOnly(wanted: ReadonlySet<string>): Promise<void>;
}

/**
 * `supplied`: a persistent store (the OS secret storage) keeps remembered passwords across
 * launches; a memory one (or none) keeps every password for the session only.
 */
export function createPasswordKeeper(supplied: SecretStore = createMemorySecretStore()): PasswordKeeper {
  /** The OS secret storage, when there is one. */
  const saved: SecretStore | null = supplied.persistent ? supplied : null;
  /** Passwords for this session: typed at Connect, or not to be remembered. */
  const session: SecretStore = supplied.persistent ? createMemorySecretStore() : supplied;
  let secretsProblem: string | undefined;

  /** Reads the OS secret storage; a failure there must not stop the app, so it is reported instead. */
  const fromSaved = async <T>(read: (s: SecretStore) => Promise<T>, fallback: T): Promise<T> => {
    if (!saved) return fallback;
    try {
      const value = await read(saved);
      secretsProblem = undefined;
      return value;
    } catch (error) {
      secretsProblem = error instanceof Error ? error.message : String(error);
      return fallback;
    }
  };

  return {
    passwordStorage: saved ? 'os' : 'session',
    problem: () => secretsProblem,
    async kept(profile) {
      const key = secretKey(profile.name, profile.target);
      return (await session.get(key)) ?? (await fromSaved((s) => s.get(key), undefined));
    },
    async keptAs(profile) {
      const key = secretKey(profile.name, profile.target);
      if (await fromSaved((s) => s.has(key), false)) return 'saved';
      return (await session.has(key)) ? 'session' : 'none';
    },
    async keep(key, password, remember) {
      if (remember && saved) {
        await saved.set(key, password);
        await session.delete(key);
      } else {
        await session.set(key, password);
        if (saved) await saved.delete(key);
      }
    },
    keepForSession: (key, password) => session.set(key, password),
    // One left in a damaged secrets file is harmless: its key names the old server.
    async forget(key) {
      await session.delete(key);
      await fromSaved((s) => s.delete(key), undefined);
    },
    async keepOnly(wanted) {
      for (const secrets of saved ? [session, saved] : [session]) {
        for (const key of await secrets.keys()) if (!wanted.has(key)) await secrets.delete(key);
      }
    },
  };
}
