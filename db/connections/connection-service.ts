/**
 * The connections contract's implementation, shared by every shell: saved profiles and recent
 * replicas (profile-store.ts), their passwords (a SecretStore), testing a database, and the
 * current database (current-database.ts), which the shells serve the audit contract from through
 * `api`, a delegating AuditApi.
 *
 * Passwords come in (saveProfile, testConnection, connect) and never go out: no response, error
 * or log line built here carries one. A kept password is only ever sent to the server it was
 * given for (see secret-store.ts).
 */
import path from 'node:path';
import { AUDIT_CONTRACT, type AuditApi, type CallOptions } from '../../shared/contract';
import type {
  ConnectionProfile,
  ConnectionsApi,
  ConnectionTarget,
  ConnectRequest,
  ConnectResponse,
  CurrentConnection,
  ListConnectionsResponse,
  PasswordKept,
  SaveProfileRequest,
  TestConnectionRequest,
} from '../../shared/connections-contract';
import { AuditError } from '../../shared/errors';
import type { AuditService } from '../audit-service';
import { checkTarget, targetUrl, type PostgresTarget } from '../dialects/postgres/target';
import type { DataSource } from '../index';
import { createCurrentDatabase, type CurrentDatabase } from './current-database';
import type { ProfileStore, SavedProfile } from './profile-store';
import { createMemorySecretStore, sameServer, secretKey, type SecretStore } from './secret-store';

// The contract's target and the data layer's are the same shape; this fails to compile if they drift.
const _targetsAgree: [ConnectionTarget, PostgresTarget] = [{} as PostgresTarget, {} as ConnectionTarget];
void _targetsAgree;

/** The sentence every audit call answers while no database is open. */
export const NO_DATABASE_MESSAGE = 'No database is open: choose one with the database button at the top left of the window.';

export interface ConnectionServiceOptions {
  store: ProfileStore;
  /**
   * Where passwords the user asks to remember are kept. A persistent store (the OS secret
   * storage) keeps them across launches; a memory one (or none) keeps every password for the
   * session only.
   */
  secrets?: SecretStore;
  /** Opens a database (the shells pass `openAuditDatabase` with their settings). */
  open(source: DataSource): Promise<AuditService>;
  now?: () => Date;
}

export interface ConnectionService extends ConnectionsApi {
  /** The audit contract, served from whatever database is current. */
  readonly api: AuditApi;
  /** The open database, if any. */
  current(): AuditService | null;
  /**
   * Opens `source` and makes it current; on failure throws the sentence and keeps the previous
   * one. A PostgreSQL source opened through `profile` without a password gets the profile's kept
   * one. A replica joins the recent list.
   */
  openSource(source: DataSource, profile?: string, options?: CallOptions): Promise<ConnectResponse>;
  /** Drops kept passwords of profiles that no longer exist (another program may have deleted them). */
  pruneSecrets(): Promise<void>;
  close(): Promise<void>;
}

interface CurrentInfo {
  connection: CurrentConnection;
}

function requireObject(req: unknown, what = 'A request'): asserts req is Record<string, unknown> {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    throw new AuditError('bad-request', `${what} must be an object of named arguments.`);
  }
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AuditError('bad-request', `${name} must be text.`);
  return value;
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new AuditError('bad-request', `Give ${name}.`);
  return value;
}

function targetFrom(value: unknown): PostgresTarget {
  requireObject(value, 'The target');
  return checkTarget(value as unknown as PostgresTarget);
}

function describeConnection(source: DataSource, profile?: string): CurrentConnection {
  if (source.kind === 'sqlite') return { kind: 'sqlite', label: source.file, file: source.file };
  return { kind: 'postgres', label: targetUrl(source.target), ...(profile !== undefined ? { profile } : {}) };
}

export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const supplied = options.secrets ?? createMemorySecretStore();
  /** The OS secret storage, when there is one. */
  const saved: SecretStore | null = supplied.persistent ? supplied : null;
  /** Passwords for this session: typed at Connect, or not to be remembered. */
  const session: SecretStore = supplied.persistent ? createMemorySecretStore() : supplied;
  const holder: CurrentDatabase<CurrentInfo> = createCurrentDatabase();
  /** Profile edits run one after another, so their secret moves cannot interleave. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  /** Sentences about the secret storage that the UI should show (a damaged secrets file). */
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

  const keptPassword = async (profile: SavedProfile): Promise<string | undefined> => {
    const key = secretKey(profile.name, profile.target);
    return (await session.get(key)) ?? (await fromSaved((s) => s.get(key), undefined));
  };

  const keptAs = async (profile: SavedProfile): Promise<PasswordKept> => {
    const key = secretKey(profile.name, profile.target);
    if (await fromSaved((s) => s.has(key), false)) return 'saved';
    return (await session.has(key)) ? 'session' : 'none';
  };

  const toProfile = async (profile: SavedProfile): Promise<ConnectionProfile> => ({
    name: profile.name,
    target: { ...profile.target },
    password: await keptAs(profile),
    url: targetUrl(profile.target),
  });

  const findProfile = (name: string): SavedProfile => {
    const profile = store.find(name);
    if (!profile) throw new AuditError('not-found', `There is no saved profile named ${name}.`);
    return profile;
  };

  /** Forgets a password wherever it is kept. One left in a damaged secrets file is harmless: its key names the old server. */
  const forget = async (key: string): Promise<void> => {
    await session.delete(key);
    await fromSaved((s) => s.delete(key), undefined);
  };

  /** Keeps `password` under `key`: in the OS secret storage when asked and possible, else for the session. */
  const keep = async (key: string, password: string, remember: boolean): Promise<void> => {
    if (remember && saved) {
      await saved.set(key, password);
      await session.delete(key);
    } else {
      await session.set(key, password);
      if (saved) await saved.delete(key);
    }
  };

  const openSource = async (source: DataSource, profile?: string, callOptions?: CallOptions): Promise<ConnectResponse> => {
    let toOpen = source;
    if (source.kind === 'postgres' && source.password === undefined && profile !== undefined) {
      const savedProfile = store.find(profile);
      const password = savedProfile && sameServer(savedProfile.target, source.target) ? await keptPassword(savedProfile) : undefined;
      if (password !== undefined) toOpen = { ...source, password };
    }
    if (toOpen.kind === 'sqlite') toOpen = { kind: 'sqlite', file: path.resolve(toOpen.file) };
    if (callOptions?.signal?.aborted) throw new AuditError('cancelled', 'The request was abandoned.');
    const connection = describeConnection(toOpen, profile);
    const outcome = await holder.open(() => options.open(toOpen), { connection });
    if (!outcome.ok) {
      throw outcome.cause instanceof AuditError ? outcome.cause : new AuditError(outcome.error.code, outcome.error.message, { cause: outcome.cause });
    }
    if (toOpen.kind === 'sqlite') {
      try {
        store.addRecentReplica(toOpen.file, now());
      } catch {
        // The recent list is a convenience: a damaged connections file must not stop a replica opening
        // (listConnections reports the file's problem).
      }
    }
    const opened = holder.current();
    if (!opened) throw new AuditError('internal', 'The database closed as soon as it opened.');
    return { current: opened.info.connection, source: await opened.service.describeSource({}) };
  };

  // The audit contract, each call answered by whatever database is open when it arrives.
  const api: AuditApi = AUDIT_CONTRACT.client(async (name, req, callOptions) => {
    const opened = holder.current();
    if (!opened) throw new AuditError('cannot-open', NO_DATABASE_MESSAGE);
    return AUDIT_CONTRACT.dispatch(opened.service, name, req, callOptions);
  });

  return {
    api,
    current: () => holder.current()?.service ?? null,
    openSource,

    async listConnections(): Promise<ListConnectionsResponse> {
      const opened = holder.current();
      const current: CurrentConnection = opened ? opened.info.connection : { kind: 'none', label: 'No database is open' };
      const passwordStorage = saved ? 'os' : 'session';
      let data;
      try {
        data = store.read();
      } catch (error) {
        return { profiles: [], recentReplicas: [], current, passwordStorage, problem: error instanceof Error ? error.message : String(error) };
      }
      const profiles = await Promise.all(data.profiles.map(toProfile));
      return {
        profiles,
        recentReplicas: data.recentReplicas,
        current,
        passwordStorage,
        ...(secretsProblem !== undefined ? { problem: secretsProblem } : {}),
      };
    },

    saveProfile: (req: SaveProfileRequest) =>
      serial(async () => {
        requireObject(req);
        const name = requireString(req.name, 'the profile a name');
        const previousName = optionalString(req.previousName, 'The previous name');
        const password = optionalString(req.password, 'The password');
        const target = targetFrom(req.target);
        const remember = req.rememberPassword === true;

        const before = previousName !== undefined ? store.find(previousName) : undefined;
        // The password to keep: a new one, or the old one if the profile still points at the same server.
        let keptBefore: string | undefined;
        let passwordDropped = false;
        if (before) {
          keptBefore = await keptPassword(before);
          if (password === undefined && keptBefore !== undefined && !sameServer(before.target, target)) passwordDropped = true;
        }
        const next = password !== undefined ? password || undefined : passwordDropped ? undefined : keptBefore;

        // The profile first: if it cannot be saved, no password moves.
        store.saveProfile({ name, target }, previousName);
        if (before) await forget(secretKey(before.name, before.target));
        const key = secretKey(name, target);
        if (next !== undefined) await keep(key, next, remember);
        else await forget(key);
        const profile = findProfile(name);
        return { profile: await toProfile(profile), passwordDropped };
      }),

    deleteProfile: (req) =>
      serial(async () => {
        requireObject(req);
        const name = requireString(req.name, 'the name of the profile to delete');
        const profile = findProfile(name);
        store.deleteProfile(name);
        await forget(secretKey(profile.name, profile.target));
        return {};
      }),

    async testConnection(req: TestConnectionRequest, callOptions?: CallOptions) {
      requireObject(req);
      const given = optionalString(req.password, 'The password');
      let target: PostgresTarget;
      let password = given;
      if ('target' in req && req.target !== undefined) {
        target = targetFrom(req.target);
        const profileName = optionalString(req.profile, 'The profile');
        const profile = profileName !== undefined ? store.find(profileName) : undefined;
        // A kept password goes only to the server it was given for, whatever the form now says.
        if (password === undefined && profile && sameServer(profile.target, target)) password = await keptPassword(profile);
      } else {
        const profile = findProfile(requireString((req as { profile?: unknown }).profile, 'the profile to test'));
        target = profile.target;
        password ??= await keptPassword(profile);
      }
      const service = await options.open({ kind: 'postgres', target, ...(password !== undefined ? { password } : {}) });
      try {
        const { tables } = await service.listTables({}, callOptions);
        return { tables: tables.length, logRows: tables.reduce((n, t) => n + t.logRowCount, 0), label: targetUrl(target) };
      } finally {
        await service.close().catch(() => undefined);
      }
    },

    async connect(req: ConnectRequest, callOptions?: CallOptions) {
      requireObject(req);
      if ('replica' in req) {
        return openSource({ kind: 'sqlite', file: requireString(req.replica, 'the replica file to open') }, undefined, callOptions);
      }
      const name = requireString((req as { profile?: unknown }).profile, 'the profile or replica to connect to');
      const given = optionalString(req.password, 'The password');
      const profile = findProfile(name);
      const source: DataSource = { kind: 'postgres', target: profile.target, ...(given !== undefined ? { password: given } : {}) };
      const response = await openSource(source, name, callOptions);
      // A password typed at Connect worked: keep it for the session, so the next connect needs none.
      if (given !== undefined && (await keptPassword(profile)) !== given) await session.set(secretKey(name, profile.target), given);
      return response;
    },

    pruneSecrets: () =>
      serial(async () => {
        const wanted = new Set(store.read().profiles.map((p) => secretKey(p.name, p.target)));
        for (const secrets of saved ? [session, saved] : [session]) {
          for (const key of await secrets.keys()) if (!wanted.has(key)) await secrets.delete(key);
        }
      }),

    close: () => holder.close(),
  };
}
