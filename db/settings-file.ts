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
  try {
    const settings: unknown = JSON.parse(text);
    if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw new Error('not an object');
    return settings as AuditSettings;
  } catch {
    throw new AuditError('bad-request', `The settings file ${file} is not a JSON object.`);
  }
}
