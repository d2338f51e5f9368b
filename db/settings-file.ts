/**
 * Reads the settings file every shell accepts (`--config FILE`) and checks it whole: every key and
 * every value, nested ones included, against one table of rules (SETTINGS_RULES below, mirroring
 * {@link SettingsFile}). Settings decide who is an admin and what is masked, so a key written
 * wrongly must stop the program with one sentence, not be ignored: `"colums"` silently dropped
 * would read the wrong columns, `"role": "dba"` accepted would make anyone an admin (the role is
 * a runtime setting, set in code by the CLI; see settings.ts).
 *
 * Hand-written rather than a schema library: none is a declared dependency, and the rules are
 * few; each message names the key's path and what it must be.
 */
import fs from 'node:fs';
import { isValidTimeZone } from '../shared/day-range';
import { AuditError } from '../shared/errors';
import type { SettingsFile } from './settings';

/** A value's rule: null when it is acceptable, else what it must be ("a whole number of …"). */
type ValueCheck = (value: unknown) => string | null;

/** How one key's value is checked. */
type Rule =
  /** A single value. */
  | { kind: 'value'; check: ValueCheck }
  /** An object with these keys only (each optional). */
  | { kind: 'object'; example: string; keys: Readonly<Record<string, Rule>> }
  /** An object whose keys are names the user chooses (tables, columns), each value checked by `value`. */
  | { kind: 'map'; example: string; value: Rule }
  /** A list whose items are each checked. */
  | { kind: 'list'; expected: string; item: ValueCheck };

/** Largest timeout Node's timers and PostgreSQL's settings both accept (2³¹ − 1 ms, about 24 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

const isText = (value: unknown): value is string => typeof value === 'string';

const columnName: ValueCheck = (value) => (isText(value) && value.trim() !== '' ? null : 'a column name (text)');

const personRef: ValueCheck = (value) =>
  (typeof value === 'number' && Number.isSafeInteger(value)) || (isText(value) && value.trim() !== '')
    ? null
    : 'a person id (a whole number, or text) or a login';

const milliseconds: ValueCheck = (value) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return 'a whole number of milliseconds above 0';
  return value > MAX_TIMEOUT_MS ? `at most ${MAX_TIMEOUT_MS} milliseconds (about 24 days)` : null;
};

/** "HH:MM", 00:00 to 24:00 (the end of a working day may be midnight). */
const clockTime: ValueCheck = (value) =>
  isText(value) && /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(value) ? null : 'a time of day such as "08:30" (HH:MM, 24-hour)';

const SENSITIVITIES = ['none', 'masked', 'hidden'] as const;

/** Every key a settings file may hold, and what each must be: the one place settings are checked. */
const SETTINGS_RULES = {
  personId: { kind: 'value', check: (value) => (personRef(value) === null ? null : 'a person id (a whole number, or text)') },
  tables: {
    kind: 'map',
    example: '{"Widget": {"titleField": "Label"}}',
    value: {
      kind: 'object',
      example: '{"parentKey": "WidgetKey", "titleField": "Label"}',
      keys: {
        parentKey: { kind: 'value', check: columnName },
        recordKey: { kind: 'value', check: columnName },
        titleField: { kind: 'value', check: columnName },
        belongsTo: {
          kind: 'map',
          example: '{"CustomerID": "Customer", "CountryID": false}',
          value: { kind: 'value', check: (value) => (value === false || (isText(value) && value.trim() !== '') ? null : 'a table name (text), or false') },
        },
        columns: {
          kind: 'object',
          example: '{"byTime": "ChangedAt", "byId": "ChangedBy"}',
          keys: {
            id: { kind: 'value', check: columnName },
            byId: { kind: 'value', check: columnName },
            byName: { kind: 'value', check: columnName },
            byTime: { kind: 'value', check: columnName },
            changeCue: { kind: 'value', check: columnName },
            method: { kind: 'value', check: columnName },
            application: { kind: 'value', check: columnName },
            ip: { kind: 'value', check: columnName },
            correlation: { kind: 'value', check: columnName },
          },
        },
      },
    },
  },
  sensitivity: {
    kind: 'map',
    example: '{"Customer.Notes": "masked"}',
    value: { kind: 'value', check: (value) => (SENSITIVITIES.includes(value as never) ? null : '"none", "masked" or "hidden"') },
  },
  revealSensitive: { kind: 'value', check: (value) => (typeof value === 'boolean' ? null : 'true or false') },
  roles: {
    kind: 'object',
    example: '{"admins": [4, "jsmith"]}',
    keys: {
      admins: { kind: 'list', expected: 'a list of person ids or logins', item: personRef },
      seeSensitive: { kind: 'list', expected: 'a list of person ids or logins', item: personRef },
    },
  },
  busyTimeoutMs: { kind: 'value', check: milliseconds },
  connectTimeoutMs: { kind: 'value', check: milliseconds },
  statementTimeoutMs: { kind: 'value', check: milliseconds },
  organisation: {
    kind: 'object',
    example: '{"timeZone": "Europe/London", "workingHours": {"from": "08:00", "to": "18:00"}}',
    keys: {
      timeZone: { kind: 'value', check: (value) => (isText(value) && isValidTimeZone(value) ? null : 'a time zone such as "Europe/London"') },
      workingHours: {
        kind: 'object',
        example: '{"from": "08:00", "to": "18:00"}',
        keys: { from: { kind: 'value', check: clockTime }, to: { kind: 'value', check: clockTime } },
      },
      workingDays: {
        kind: 'list',
        expected: 'a list of days, 1 (Monday) to 7 (Sunday)',
        item: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7 ? null : 'a day'),
      },
      automation: { kind: 'list', expected: 'a list of person ids or logins', item: personRef },
      retentionMonths: {
        kind: 'value',
        check: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1200 ? null : 'a whole number of months, 1 to 1200'),
      },
    },
  },
  review: {
    kind: 'object',
    example: '{"massDelete": {"count": 50, "windowMinutes": 10}}',
    keys: {
      bulkChange: thresholds({ count: wholeNumber, windowMinutes: quarterHour }),
      massDelete: thresholds({ count: wholeNumber, windowMinutes: quarterHour }),
      offHours: thresholds({ gapMinutes: wholeNumber }),
      volumeSpike: thresholds({ factor: positiveNumber, minCount: wholeNumber, baselineDays: wholeNumber }),
      sensitiveChange: thresholds({ count: wholeNumber }),
      automationAnomaly: thresholds({ minDays: wholeNumber, baselineDays: wholeNumber }),
    },
  },
} satisfies Record<keyof SettingsFile, Rule>; // one rule for every key of SettingsFile, and no other key

/** A kind of finding's thresholds: an object of numbers. */
function thresholds(keys: Record<string, (value: unknown) => string | null>): Rule {
  return {
    kind: 'object',
    example: JSON.stringify(Object.fromEntries(Object.keys(keys).map((k) => [k, 10]))),
    keys: Object.fromEntries(Object.entries(keys).map(([k, check]) => [k, { kind: 'value', check }])),
  };
}

function wholeNumber(value: unknown): string | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? null : 'a whole number, 1 to 1,000,000';
}

/** A burst's window: Review finds bursts within a quarter hour (db/queries/review/bulk.ts). */
function quarterHour(value: unknown): string | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 15 ? null : 'a whole number of minutes, 1 to 15';
}

function positiveNumber(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1_000 ? null : 'a number above 0, at most 1,000';
}

const TOP_LEVEL: Rule = { kind: 'object', example: '{"personId": 4}', keys: SETTINGS_RULES };

/** A key path as the message shows it: quoted, escaped (a key may hold a line break), never huge. */
function showPath(path: readonly string[]): string {
  const text = path.map((key) => (key.length > 80 ? `${key.slice(0, 80)}…` : key)).join('.');
  return JSON.stringify(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `value` against `rule`; returns the first problem as the end of a sentence, or null. */
function problemWith(value: unknown, rule: Rule, path: readonly string[]): string | null {
  switch (rule.kind) {
    case 'value': {
      const expected = rule.check(value);
      return expected === null ? null : `${showPath(path)} must be ${expected}`;
    }
    case 'list': {
      if (!Array.isArray(value)) return `${showPath(path)} must be ${rule.expected}`;
      const bad = value.findIndex((item) => rule.item(item) !== null);
      return bad < 0 ? null : `${showPath(path)} must be ${rule.expected}, and item ${bad + 1} is not`;
    }
    case 'map':
    case 'object': {
      if (!isPlainObject(value)) {
        return path.length === 0 ? 'the file must hold a JSON object' : `${showPath(path)} must be an object such as ${rule.example}`;
      }
      for (const [key, item] of Object.entries(value)) {
        const inner = rule.kind === 'map' ? rule.value : Object.hasOwn(rule.keys, key) ? rule.keys[key] : undefined;
        if (!inner) {
          const allowed = Object.keys(rule.kind === 'object' ? rule.keys : {});
          const list = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
          return `${showPath([...path, key])} is not a setting; ${path.length === 0 ? 'a settings file' : showPath(path)} may hold ${list}`;
        }
        const problem = problemWith(item, inner, [...path, key]);
        if (problem) return problem;
      }
      return null;
    }
  }
}

/**
 * Checks parsed settings against the rules; throws one sentence naming the key path and what it
 * must be. `file` is named in the sentence.
 */
export function checkSettings(file: string, settings: unknown): SettingsFile {
  const problem = problemWith(settings, TOP_LEVEL, []);
  if (problem) throw new AuditError('bad-request', `In the settings file ${file}, ${problem}.`);
  return settings as SettingsFile;
}

/** The settings in `file`, or none when no file is given; one clear sentence when it is unusable. */
export function readSettingsFile(file: string | undefined): SettingsFile {
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
  } catch {
    throw new AuditError('bad-request', `The settings file ${file} is not valid JSON.`);
  }
  if (!isPlainObject(settings)) throw new AuditError('bad-request', `The settings file ${file} is not a JSON object.`);
  return checkSettings(file, settings);
}
