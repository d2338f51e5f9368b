/**
 * The saved connections: PostgreSQL profiles (name and target, never a password) and the replicas
 * opened lately, in `connections.json` in the app's user-data folder, which every shell shares
 * (the CLI's profile commands, the web shell, the desktop app).
 *
 * The file is read afresh for every operation and written whole, atomically, so a profile the CLI
 * adds shows up in a running app, and two writers never leave half a file. A file that cannot be
 * understood is reported in one sentence and left untouched: it may hold profiles the user wants
 * back, so it is never silently replaced by an empty one.
 */
import path from 'node:path';
import type { RecentReplica } from '../../shared/connections-contract';
import { isValidProfileName, PROFILE_NAME_RULE } from '../../shared/connections-contract';
import { AuditError } from '../../shared/errors';
import { checkTarget, type PostgresTarget } from '../dialects/postgres/target';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

export const CONNECTIONS_FILE = 'connections.json';
/** How many recent replicas are remembered. */
export const RECENT_REPLICAS_LIMIT = 10;
const VERSION = 1;

export interface SavedProfile {
  name: string;
  target: PostgresTarget;
}

export interface SavedConnections {
  /** By name. */
  profiles: SavedProfile[];
  /** Newest first. */
  recentReplicas: RecentReplica[];
}

export interface ProfileStore {
  /** The file, for messages. */
  readonly file: string;
  /** Everything saved; empty lists when there is no file yet. Throws one sentence for a damaged file. */
  read(): SavedConnections;
  find(name: string): SavedProfile | undefined;
  /**
   * Adds a profile, or replaces `previousName` (which may be the same name) with it. Refuses a
   * name another profile has, and an edit of a profile that is gone.
   */
  saveProfile(profile: SavedProfile, previousName?: string): void;
  /** Removes a profile; false when there was none of that name. */
  deleteProfile(name: string): boolean;
  /** Puts `file` first in the recent replicas (once), dropping the oldest past the limit. */
  addRecentReplica(file: string, openedAt: Date): void;
}

/** `dir` is the user-data folder (the shells pass `userDataDir()`; tests a temporary folder). */
export function createProfileStore(dir: string): ProfileStore {
  const file = path.join(dir, CONNECTIONS_FILE);

  const damaged = (why: string): AuditError =>
    new AuditError(
      'corrupt',
      `The saved connections in ${file} cannot be read (${why}); fix the file or move it away. It has been left as it is, and nothing is saved until then.`,
    );

  const read = (): SavedConnections => {
    const text = readFileIfExists(file);
    if (text === null || text.trim() === '') return { profiles: [], recentReplicas: [] };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw damaged('it is not valid JSON');
    }
    return parseConnections(data, damaged);
  };

  const write = (data: SavedConnections): void => {
    // Built field by field, so nothing but what is declared here (never a password) can reach the file.
    const out = {
      version: VERSION,
      profiles: data.profiles.map((p) => ({ name: p.name, target: targetFields(p.target) })),
      recentReplicas: data.recentReplicas.map((r) => ({ file: r.file, openedAt: r.openedAt })),
    };
    writeFileAtomic(file, `${JSON.stringify(out, null, 2)}\n`);
  };

  return {
    file,
    read,
    find: (name) => read().profiles.find((p) => p.name === name),
    saveProfile(profile, previousName) {
      if (!isValidProfileName(profile.name)) throw new AuditError('bad-request', PROFILE_NAME_RULE);
      const target = checkTarget(profile.target);
      const data = read();
      if (previousName !== undefined && !data.profiles.some((p) => p.name === previousName)) {
        throw new AuditError('not-found', `There is no saved profile named ${previousName}; it may have been deleted meanwhile.`);
      }
      if (profile.name !== previousName && data.profiles.some((p) => p.name === profile.name)) {
        throw new AuditError('bad-request', `A profile named ${profile.name} already exists; choose another name.`);
      }
      const profiles = data.profiles.filter((p) => p.name !== previousName);
      profiles.push({ name: profile.name, target });
      profiles.sort((a, b) => a.name.localeCompare(b.name));
      write({ ...data, profiles });
    },
    deleteProfile(name) {
      const data = read();
      const profiles = data.profiles.filter((p) => p.name !== name);
      if (profiles.length === data.profiles.length) return false;
      write({ ...data, profiles });
      return true;
    },
    addRecentReplica(replica, openedAt) {
      const data = read();
      const recentReplicas = [
        { file: replica, openedAt: openedAt.toISOString() },
        ...data.recentReplicas.filter((r) => r.file !== replica),
      ].slice(0, RECENT_REPLICAS_LIMIT);
      write({ ...data, recentReplicas });
    },
  };
}

function targetFields(t: PostgresTarget): PostgresTarget {
  return { host: t.host, port: t.port, database: t.database, user: t.user, schema: t.schema, ssl: t.ssl };
}

/** Checks a parsed file field by field; anything unexpected makes the whole file "damaged". */
function parseConnections(data: unknown, damaged: (why: string) => AuditError): SavedConnections {
  if (!isObject(data)) throw damaged('it is not a JSON object');
  if (data.version !== VERSION) {
    throw damaged(typeof data.version === 'number' && data.version > VERSION ? 'it was written by a newer version of the app' : 'it has no known version');
  }
  const profilesIn = data.profiles ?? [];
  const recentIn = data.recentReplicas ?? [];
  if (!Array.isArray(profilesIn) || !Array.isArray(recentIn)) throw damaged('its lists are not lists');
  const profiles: SavedProfile[] = profilesIn.map((p: unknown, i) => {
    if (!isObject(p) || typeof p.name !== 'string' || !isValidProfileName(p.name) || !isObject(p.target)) {
      throw damaged(`profile ${i + 1} has no usable name or target`);
    }
    try {
      return { name: p.name, target: checkTarget(p.target as unknown as PostgresTarget) };
    } catch (error) {
      throw damaged(`profile ${p.name}: ${error instanceof Error ? error.message.replace(/\.$/, '') : String(error)}`);
    }
  });
  if (new Set(profiles.map((p) => p.name)).size !== profiles.length) throw damaged('two profiles have the same name');
  const recentReplicas: RecentReplica[] = recentIn.map((r: unknown, i) => {
    if (!isObject(r) || typeof r.file !== 'string' || r.file === '' || typeof r.openedAt !== 'string' || Number.isNaN(Date.parse(r.openedAt))) {
      throw damaged(`recent replica ${i + 1} has no usable file or time`);
    }
    return { file: r.file, openedAt: r.openedAt };
  });
  return { profiles, recentReplicas };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
