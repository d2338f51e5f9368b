/**
 * Roles. A plain user reads the logs of the records they open; an admin also sees Activity,
 * Deleted records (with restore SQL) and export. Roles map to persons in the settings
 * (`roles.admins`: person ids or logins); the CLI, a DBA tool, runs as `dba` (`role`, a runtime
 * setting its code sets: a settings file cannot, see settings-file.ts). Enforced here, in the data
 * layer, so no shell can serve an admin view to a plain user.
 *
 * Settings without `roles` make everyone an admin: a single user reading their own replica (the
 * demo, first start) is not locked out of half the app; an organisation that hands the app to
 * plain users lists its admins.
 */
import type { PersonRef, Role } from '../shared/domain';
import { AuditError } from '../shared/errors';
import type { AuditSettings } from './settings';

export function roleOf(settings: AuditSettings, person: PersonRef | null): Role {
  if (settings.role) return settings.role;
  const admins = settings.roles?.admins;
  if (!admins) return 'admin';
  return isListed(admins, person) ? 'admin' : 'user';
}

/**
 * Whether masked columns (tax, bank, card numbers…) show in clear: for everyone when the settings
 * say `revealSensitive`, else for the people listed in `roles.seeSensitive`. Password-like columns
 * are never shown, whoever asks.
 */
export function mayRevealSensitive(settings: AuditSettings, person: PersonRef | null): boolean {
  if (settings.revealSensitive === true) return true;
  const allowed = settings.roles?.seeSensitive;
  return allowed ? isListed(allowed, person) : false;
}

/** Whether a person is in a settings list of person ids or logins (`DOMAIN\\x`, `x@domain` match `x`). */
export function isListed(list: ReadonlyArray<string | number>, person: PersonRef | null): boolean {
  if (!person) return false;
  const bare = (login: string): string => login.toLowerCase().replace(/^.*\\/, '').replace(/@.*$/, '');
  const login = person.login === null ? null : bare(person.login);
  return list.some((entry) => String(entry) === String(person.id) || (typeof entry === 'string' && login !== null && bare(entry) === login));
}

/** What an admin view needs; a plain user gets one sentence saying why not. */
export function requireAdmin(role: Role, what: string): void {
  if (role === 'user') {
    throw new AuditError('forbidden', `${what} is for admins; ask an administrator to add you to the admins in the settings.`);
  }
}
