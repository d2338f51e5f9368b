/** Reads the settings file every shell accepts (`--config FILE`): a JSON object of AuditSettings. */
import fs from 'node:fs';
import { AuditError } from '../shared/errors';
import type { AuditSettings } from './settings';

/** The settings in `file`, or none when no file is given; one clear sentence when it is unusable. */
export function readSettingsFile(file: string | undefined): AuditSettings {
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AuditError('bad-request', `Cannot read the settings file ${file}.`);
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
    if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw new Error('not an object');
  } catch {
    throw new AuditError('bad-request', `The settings file ${file} is not a JSON object.`);
  }
  checkRoles(file, settings as AuditSettings);
  return settings as AuditSettings;
}

/** Roles decide who sees what: a list written wrongly must stop here, not widen or narrow access. */
function checkRoles(file: string, settings: AuditSettings): void {
  const roles: unknown = settings.roles;
  if (roles === undefined) return;
  const isList = (value: unknown): boolean =>
    value === undefined || (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'));
  if (!roles || typeof roles !== 'object' || Array.isArray(roles)) {
    throw new AuditError('bad-request', `In the settings file ${file}, "roles" must be an object such as {"admins": [4, "jsmith"]}.`);
  }
  for (const key of ['admins', 'seeSensitive'] as const) {
    if (!isList((roles as Record<string, unknown>)[key])) {
      throw new AuditError('bad-request', `In the settings file ${file}, "roles.${key}" must be a list of person ids or logins.`);
    }
  }
}
