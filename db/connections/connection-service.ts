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
  SaveProfileRequest,
  TestConnectionRequest,
} from '../../shared/connections-contract';
import { AuditError } from '../../shared/errors';
import type { AuditService, ExportEntryReader } from '../audit-service';
import { checkTarget, targetUrl, type PostgresTarget } from '../dialects/postgres/target';
import type { DataSource } from '../index';
import { createCurrentDatabase, type CurrentDatabase } from './current-database';
import type { ProfileStore, SavedProfile } from './profile-store';
import { createPasswordKeeper, type PasswordKeeper } from './password-keeper';
import { sameServer, secretKey, type SecretStore } from './secret-store';

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
  /** The audit contract, served from whatever database is current (and its export stream, for the exporter). */
  readonly api: AuditApi & ExportEntryReader;
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

function findProfile(store: ProfileStore, name: string): SavedProfile {
  const profile = store.find(name);
  if (!profile) throw new AuditError('not-found', `There is no saved profile named ${name}.`);
  return profile;
}

/** A saveProfile request, checked. */
function readSaveRequest(req: SaveProfileRequest) {
  requireObject(req);
  return {
    name: requireString(req.name, 'the profile a name'),
    previousName: optionalString(req.previousName, 'The previous name'),
    password: optionalString(req.password, 'The password'),
    target: targetFrom(req.target),
    remember: req.rememberPassword === true,
  };
}

/**
 * The password a saved profile keeps: a new one (an empty one: none), or the one kept before if
 * the profile still points at the same server; it is dropped when the server changed.
 */
async function passwordToKeep(passwords: PasswordKeeper, before: SavedProfile | undefined, target: PostgresTarget, password: string | undefined) {
  const keptBefore = before ? await passwords.kept(before) : undefined;
  const passwordDropped = before !== undefined && password === undefined && keptBefore !== undefined && !sameServer(before.target, target);
  const next = password !== undefined ? password || undefined : passwordDropped ? undefined : keptBefore;
  return { next, passwordDropped };
}

/** The server a testConnection request means, and the password to try (given, or kept for that very server). */
async function whatToTest(req: TestConnectionRequest, store: ProfileStore, passwords: PasswordKeeper): Promise<{ target: PostgresTarget; password: string | undefined }> {
  requireObject(req);
  const given = optionalString(req.password, 'The password');
  if ('target' in req && req.target !== undefined) {
    const target = targetFrom(req.target);
    const profileName = optionalString(req.profile, 'The profile');
    const profile = profileName !== undefined ? store.find(profileName) : undefined;
    // A kept password goes only to the server it was given for, whatever the form now says.
    const kept = given === undefined && profile && sameServer(profile.target, target) ? await passwords.kept(profile) : undefined;
    return { target, password: given ?? kept };
  }
  const profile = findProfile(store, requireString((req as { profile?: unknown }).profile, 'the profile to test'));
  return { target: profile.target, password: given ?? (await passwords.kept(profile)) };
}

export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const passwords = createPasswordKeeper(options.secrets);
  const holder: CurrentDatabase<CurrentInfo> = createCurrentDatabase();
  /** Profile edits run one after another, so their secret moves cannot interleave. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const toProfile = async (profile: SavedProfile): Promise<ConnectionProfile> => ({
    name: profile.name,
    target: { ...profile.target },
    password: await passwords.keptAs(profile),
    url: targetUrl(profile.target),
  });

  const openSource = async (source: DataSource, profile?: string, callOptions?: CallOptions): Promise<ConnectResponse> => {
    let toOpen = source;
    if (source.kind === 'postgres' && source.password === undefined && profile !== undefined) {
      const savedProfile = store.find(profile);
      const password = savedProfile && sameServer(savedProfile.target, source.target) ? await passwords.kept(savedProfile) : undefined;
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
  const served = (): AuditService => {
    const opened = holder.current();
    if (!opened) throw new AuditError('cannot-open', NO_DATABASE_MESSAGE);
    return opened.service;
  };
  const api: AuditApi & ExportEntryReader = Object.assign(
    AUDIT_CONTRACT.client(async (name, req, callOptions) => AUDIT_CONTRACT.dispatch(served(), name, req, callOptions)),
    { openExportEntries: async (...args: Parameters<ExportEntryReader['openExportEntries']>) => served().openExportEntries(...args) },
  );

  return {
    api,
    current: () => holder.current()?.service ?? null,
    openSource,

    async listConnections(): Promise<ListConnectionsResponse> {
      const opened = holder.current();
      const current: CurrentConnection = opened ? opened.info.connection : { kind: 'none', label: 'No database is open' };
      const { passwordStorage } = passwords;
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
        ...(passwords.problem() !== undefined ? { problem: passwords.problem() } : {}),
      };
    },

    saveProfile: (req: SaveProfileRequest) =>
      serial(async () => {
        const { name, previousName, password, target, remember } = readSaveRequest(req);
        const before = previousName !== undefined ? store.find(previousName) : undefined;
        const { next, passwordDropped } = await passwordToKeep(passwords, before, target, password);

        // The profile first: if it cannot be saved, no password moves.
        store.saveProfile({ name, target }, previousName);
        if (before) await passwords.forget(secretKey(before.name, before.target));
        const key = secretKey(name, target);
        if (next !== undefined) await passwords.keep(key, next, remember);
        else await passwords.forget(key);
        const profile = findProfile(store, name);
        return { profile: await toProfile(profile), passwordDropped };
      }),

    deleteProfile: (req) =>
      serial(async () => {
        requireObject(req);
        const name = requireString(req.name, 'the name of the profile to delete');
        const profile = findProfile(store, name);
        store.deleteProfile(name);
        await passwords.forget(secretKey(profile.name, profile.target));
        return {};
      }),

    async testConnection(req: TestConnectionRequest, callOptions?: CallOptions) {
      const { target, password } = await whatToTest(req, store, passwords);
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
      const profile = findProfile(store, name);
      const source: DataSource = { kind: 'postgres', target: profile.target, ...(given !== undefined ? { password: given } : {}) };
      const response = await openSource(source, name, callOptions);
      // A password typed at Connect worked: keep it for the session, so the next connect needs none.
      if (given !== undefined && (await passwords.kept(profile)) !== given) await passwords.keepForSession(secretKey(name, profile.target), given);
      return response;
    },

    pruneSecrets: () => serial(() => passwords.keepOnly(new Set(store.read().profiles.map((p) => secretKey(p.name, p.target))))),

    close: () => holder.close(),
  };
}
