/**
 * The connections contract: which databases the app knows (saved PostgreSQL profiles, recently
 * opened replicas), testing them, and switching the app to one. A second, small contract beside
 * `contract.ts`, declared the same way (contract-kit.ts): every call takes one object, the call
 * names are a map checked at compile time, and shells and clients are built from the declaration.
 *
 * Passwords travel one way only: from the UI (or CLI) to the shell, in `saveProfile`,
 * `testConnection` and `connect`. No response carries one; a profile says only whether a password
 * is kept for it, and where.
 */
import type { DescribeSourceResponse } from './contract';
import { defineContract, type CallOptions } from './contract-kit';

/** How the client's connection is encrypted, as PostgreSQL's `sslmode` names it. */
export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';

/**
 * Where a PostgreSQL database is. Never holds a password, so it can be shown, saved and logged.
 * (The data layer's `PostgresTarget` is this type.)
 */
export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** The schema holding the tables and their logs (usually `public`). */
  schema: string;
  ssl: SslMode;
}

/**
 * Where a profile's password is kept: by the operating system's secret storage (kept across
 * launches), in memory for this session only, or nowhere (it is asked for when connecting).
 */
export type PasswordKept = 'saved' | 'session' | 'none';

export interface ConnectionProfile {
  /** Unique; what `--db NAME` and the UI call it. */
  name: string;
  target: ConnectionTarget;
  password: PasswordKept;
  /** The target as a URL without a password, for tooltips and messages. */
  url: string;
}

export interface RecentReplica {
  /** The replica's full path. */
  file: string;
  /** When it was last opened, ISO 8601 UTC. */
  openedAt: string;
}

/** What the app is reading now. */
export interface CurrentConnection {
  /** `none` before anything opened (or when the first open failed). */
  kind: 'sqlite' | 'postgres' | 'none';
  /** As a person reads it: the replica's path or the database's URL, without a password. */
  label: string;
  /** The profile it was opened through, if any. */
  profile?: string;
  /** The replica's full path, for `kind: 'sqlite'`. */
  file?: string;
}

/**
 * `os`: the desktop shell can save passwords with the operating system's secret storage.
 * `session`: it cannot (the web shell, the CLI, or a desktop without a keyring), so a password is
 * kept in memory until the app stops.
 */
export type PasswordStorage = 'os' | 'session';

export type ListConnectionsRequest = Record<string, never>;
export interface ListConnectionsResponse {
  /** By name. */
  profiles: ConnectionProfile[];
  /** Newest first. */
  recentReplicas: RecentReplica[];
  current: CurrentConnection;
  passwordStorage: PasswordStorage;
  /**
   * A sentence when the saved connections could not be read (the file is damaged): the lists are
   * then empty, and nothing is saved until the file is fixed or moved away.
   */
  problem?: string;
}

export interface SaveProfileRequest {
  name: string;
  /** The profile being edited, when it had another name (it is renamed). Absent: a new profile. */
  previousName?: string;
  target: ConnectionTarget;
  /**
   * A new password. Absent: keep the one already kept for the profile, unless the server, port,
   * database, user or SSL mode changed (a password is only ever sent to the server it was given
   * for). An empty string forgets it.
   */
  password?: string;
  /**
   * Keep the password with the operating system's secret storage across launches (only where
   * `passwordStorage` is `os`; otherwise it is kept for this session whatever this says).
   */
  rememberPassword: boolean;
}
export interface SaveProfileResponse {
  profile: ConnectionProfile;
  /** True when a kept password was dropped because the profile now points at another server. */
  passwordDropped: boolean;
}

export interface DeleteProfileRequest {
  name: string;
}
export type DeleteProfileResponse = Record<string, never>;

/**
 * What to test: a saved profile (with its kept password, or the one given), or a target that is
 * not saved yet (a form being filled in). With both `target` and `profile`, the profile's kept
 * password is used for the target only when the target is still the same server.
 */
export type TestConnectionRequest =
  | { profile: string; password?: string }
  | { target: ConnectionTarget; password?: string; profile?: string };
export interface TestConnectionResponse {
  /** The logged tables found. */
  tables: number;
  /** Their log rows, all together. */
  logRows: number;
  /** The database as a URL without a password. */
  label: string;
}

/** Switch the app to a saved profile or a replica file; on failure the app stays where it was. */
export type ConnectRequest = { profile: string; password?: string } | { replica: string };
export interface ConnectResponse {
  current: CurrentConnection;
  source: DescribeSourceResponse;
}

/** Every connections call, by name. */
export interface ConnectionsApi {
  /** The saved profiles, the recent replicas, what is open now, and where passwords can be kept. */
  listConnections(req: ListConnectionsRequest, options?: CallOptions): Promise<ListConnectionsResponse>;
  /** Adds or edits (and renames) a PostgreSQL profile. Its password, if given, goes to the secret storage only. */
  saveProfile(req: SaveProfileRequest, options?: CallOptions): Promise<SaveProfileResponse>;
  /** Deletes a profile and any password kept for it. */
  deleteProfile(req: DeleteProfileRequest, options?: CallOptions): Promise<DeleteProfileResponse>;
  /** Opens the database, counts its logged tables and log rows, and closes it again. */
  testConnection(req: TestConnectionRequest, options?: CallOptions): Promise<TestConnectionResponse>;
  /** Opens the database and, only when that succeeds, makes it the one the app reads. */
  connect(req: ConnectRequest, options?: CallOptions): Promise<ConnectResponse>;
}

export type ConnectionsCallName = keyof ConnectionsApi;

/** The call names at run time, as a map over `ConnectionsApi` so a missing one fails to compile. */
const CALLS: { readonly [K in ConnectionsCallName]: true } = {
  listConnections: true,
  saveProfile: true,
  deleteProfile: true,
  testConnection: true,
  connect: true,
};

/**
 * The connections contract as every shell carries it (see contract-kit.ts): IPC channel
 * `audit:connections`, `POST /api/connections/<call>`, and `window.auditTrailConnections`.
 */
export const CONNECTIONS_CONTRACT = defineContract<ConnectionsApi>({
  calls: CALLS,
  channel: 'audit:connections',
  httpPath: '/api/connections/',
  global: 'auditTrailConnections',
});

export const CONNECTIONS_CALL_NAMES = CONNECTIONS_CONTRACT.names;

/** Profile names stand where a file path or URL could on the command line (`--db NAME`). */
export const PROFILE_NAME_RULE = 'A profile name is 1 to 64 characters, without / or \\ and not starting with a dot or postgres:.';

/** Whether `name` can name a profile (see {@link PROFILE_NAME_RULE}). */
export function isValidProfileName(name: string): boolean {
  const controlCharacter = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return (
    name.length >= 1 &&
    name.length <= 64 &&
    name.trim() === name &&
    !controlCharacter &&
    !/[/\\]/.test(name) &&
    !name.startsWith('.') &&
    !/^postgres(ql)?:/i.test(name)
  );
}
