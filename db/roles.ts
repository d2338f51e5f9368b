/**
 * Roles. A plain user reads the logs of the records they open; an admin also sees Activity,
 * Deleted records (with restore SQL) and export. Roles map to persons in the settings
 * (`roles.admins`: person ids or logins); the CLI, a DBA tool, runs as `dba`. Enforced here, in the
 * data layer, so no shell can serve an admin view to a plain user.
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
  if (!person) return 'user';
  const login = person.login?.toLowerCase().replace(/^.*\\/, '').replace(/@.*$/, '');
  const listed = admins.some((entry) =>
    typeof entry === 'number' ? entry === person.id : String(entry) === String(person.id) || entry.toLowerCase() === login,
  );
  return listed ? 'admin' : 'user';
}

/** What an admin view needs; a plain user gets one sentence saying why not. */
export function requireAdmin(role: Role, what: string): void {
  if (role === 'user') {
    throw new AuditError('forbidden', `${what} is for admins; ask an administrator to add you to the admins in the settings.`);
  }
}
