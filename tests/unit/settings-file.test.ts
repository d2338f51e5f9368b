/**
 * The settings file is checked whole when it is read: every key, every type, nested keys included;
 * each problem is one sentence naming the key's path and what it must be.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { organisationOf } from '../../db/organisation';
import { readSettingsFile } from '../../db/settings-file';
import { AuditError } from '../../shared/errors';
import { tempDir } from '../support/temp-dir';

const dir = tempDir('audit-trail-settings-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'settings.json');

/** Writes `settings` as the file and reads it back: the settings, or the sentence it stopped with. */
function read(settings: unknown): unknown {
  fs.writeFileSync(file, typeof settings === 'string' ? settings : JSON.stringify(settings));
  try {
    return readSettingsFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('bad-request');
    return (error as AuditError).message;
  }
}

const sentence = (rest: string) => `In the settings file ${file}, ${rest}.`;

describe('reading the settings file', () => {
  it('accepts every documented setting', () => {
    const settings = {
      personId: 4,
      tables: {
        Widget: { parentKey: 'WidgetKey', recordKey: 'ID', titleField: 'Label' },
        Invoice: { columns: { id: 'LogID', byTime: 'ChangedAt', byId: 'ChangedBy', byName: 'ChangedByName', changeCue: 'Cue' } },
      },
      sensitivity: { 'Customer.Notes': 'masked', EmployeeNumber: 'masked', Phone: 'none', Pin: 'hidden' },
      revealSensitive: false,
      roles: { admins: [4, 'CORP\\jsmith'], seeSensitive: ['jsmith'] },
      busyTimeoutMs: 2000,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30000,
      organisation: {
        timeZone: 'Europe/London',
        workingHours: { from: '08:30', to: '24:00' },
        workingDays: [1, 2, 3, 4, 5, 6],
        automation: [12, 'svc-import'],
        retentionMonths: 18,
      },
    };
    expect(read(settings)).toEqual(settings);
    expect(read({ personId: 'E-104' })).toEqual({ personId: 'E-104' });
    expect(read({})).toEqual({});
    expect(readSettingsFile(undefined)).toEqual({});
  });

  it('refuses a key that is not a setting: a file cannot set the role, or who the user is', () => {
    const keys = 'personId, tables, sensitivity, revealSensitive, roles, busyTimeoutMs, connectTimeoutMs, statementTimeoutMs, organisation or review';
    expect(read({ role: 'dba' })).toBe(sentence(`"role" is not a setting; a settings file may hold ${keys}`));
    expect(read({ osLogin: 'carol' })).toBe(sentence(`"osLogin" is not a setting; a settings file may hold ${keys}`));
    expect(read({ statementTimeout: 5000 })).toBe(sentence(`"statementTimeout" is not a setting; a settings file may hold ${keys}`));
  });

  it('refuses a wrong type, naming the key and what it must be', () => {
    for (const value of ['abc', -5, 0, 1.5, null, true, '30000']) {
      expect(read({ statementTimeoutMs: value })).toBe(sentence('"statementTimeoutMs" must be a whole number of milliseconds above 0'));
    }
    expect(read({ busyTimeoutMs: 2 ** 31 })).toBe(sentence('"busyTimeoutMs" must be at most 2147483647 milliseconds (about 24 days)'));
    expect(read({ connectTimeoutMs: [5000] })).toBe(sentence('"connectTimeoutMs" must be a whole number of milliseconds above 0'));
    expect(read({ revealSensitive: 'yes' })).toBe(sentence('"revealSensitive" must be true or false'));
    expect(read({ personId: 4.5 })).toBe(sentence('"personId" must be a person id (a whole number, or text)'));
    expect(read({ personId: '' })).toBe(sentence('"personId" must be a person id (a whole number, or text)'));
    expect(read({ tables: ['Customer'] })).toBe(sentence('"tables" must be an object such as {"Widget": {"titleField": "Label"}}'));
    expect(read({ sensitivity: 'masked' })).toBe(sentence('"sensitivity" must be an object such as {"Customer.Notes": "masked"}'));
  });

  it('refuses wrong nested keys and values that were silently ignored before', () => {
    expect(read({ tables: { Customer: { colums: { byTime: 'At' } } } })).toBe(
      sentence('"tables.Customer.colums" is not a setting; "tables.Customer" may hold parentKey, recordKey, titleField, belongsTo or columns'),
    );
    expect(read({ tables: { Customer: { columns: { byTme: 'At' } } } })).toBe(
      sentence('"tables.Customer.columns.byTme" is not a setting; "tables.Customer.columns" may hold id, byId, byName, byTime, changeCue, method, application, ip or correlation'),
    );
    expect(read({ tables: { Customer: { titleField: 7 } } })).toBe(sentence('"tables.Customer.titleField" must be a column name (text)'));
    expect(read({ tables: { Customer: 'Name' } })).toBe(sentence('"tables.Customer" must be an object such as {"parentKey": "WidgetKey", "titleField": "Label"}'));
    expect(read({ sensitivity: { 'Customer.TaxNumber': 'secret' } })).toBe(sentence('"sensitivity.Customer.TaxNumber" must be "none", "masked" or "hidden"'));
    expect(read({ roles: { admin: [4] } })).toBe(sentence('"roles.admin" is not a setting; "roles" may hold admins or seeSensitive'));
    expect(read({ roles: { admins: 'carol' } })).toBe(sentence('"roles.admins" must be a list of person ids or logins'));
    expect(read({ roles: { seeSensitive: ['carol', { id: 4 }] } })).toBe(sentence('"roles.seeSensitive" must be a list of person ids or logins, and item 2 is not'));
    expect(read({ roles: [4] })).toBe(sentence('"roles" must be an object such as {"admins": [4, "jsmith"]}'));
  });

  it('checks the organisation: zone, hours, days, automation accounts, retention', () => {
    expect(read({ review: { massDelete: { count: 0 } } })).toBe(sentence('"review.massDelete.count" must be a whole number, 1 to 1,000,000'));
    expect(read({ review: { volumeSpike: { factor: -1 } } })).toBe(sentence('"review.volumeSpike.factor" must be a number above 0, at most 1,000'));
    const review = { massDelete: { count: 50, windowMinutes: 10 }, offHours: { gapMinutes: 30 } };
    expect(read({ review })).toEqual({ review });
    expect(read({ organisation: { timeZone: 'Mars/Olympus' } })).toBe(sentence('"organisation.timeZone" must be a time zone such as "Europe/London"'));
    for (const from of ['8:00', '25:00', '08:60', '24:01', 8]) {
      expect(read({ organisation: { workingHours: { from } } })).toBe(sentence('"organisation.workingHours.from" must be a time of day such as "08:30" (HH:MM, 24-hour)'));
    }
    expect(read({ organisation: { workingDays: [1, 8] } })).toBe(sentence('"organisation.workingDays" must be a list of days, 1 (Monday) to 7 (Sunday), and item 2 is not'));
    expect(read({ organisation: { automation: 'svc' } })).toBe(sentence('"organisation.automation" must be a list of person ids or logins'));
    expect(read({ organisation: { retentionMonths: 0 } })).toBe(sentence('"organisation.retentionMonths" must be a whole number of months, 1 to 1200'));
    expect(read({ organisation: { timezone: 'UTC' } })).toBe(
      sentence('"organisation.timezone" is not a setting; "organisation" may hold timeZone, workingHours, workingDays, automation or retentionMonths'),
    );
  });

  it('fills in the organisation\'s defaults, and says where its zone came from', () => {
    const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(organisationOf({})).toEqual({
      timeZone: machine,
      timeZoneSource: 'machine',
      workingHours: { from: '07:00', to: '19:00' },
      workingDays: [1, 2, 3, 4, 5],
      automation: [],
      retentionMonths: 24,
    });
    expect(organisationOf({ organisation: { timeZone: 'Asia/Kolkata', workingHours: { to: '17:30' }, workingDays: [7, 1, 1] } })).toMatchObject({
      timeZone: 'Asia/Kolkata',
      timeZoneSource: 'settings',
      workingHours: { from: '07:00', to: '17:30' },
      workingDays: [1, 7],
    });
  });

  it('keeps a hostile key to one line of one sentence', () => {
    const message = read({ tables: { 'Evil\nTable': { ['x'.repeat(10_000)]: 1 } } }) as string;
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(500);
    expect(message).toContain('"tables.Evil\\nTable.xxxx');
    expect(read('{"__proto__": {"role": "dba"}}')).toBe(
      sentence('"__proto__" is not a setting; a settings file may hold personId, tables, sensitivity, revealSensitive, roles, busyTimeoutMs, connectTimeoutMs, statementTimeoutMs, organisation or review'),
    );
  });

  it('refuses a file that is not a JSON object, or not there', () => {
    expect(read('{"personId": 4,')).toBe(`The settings file ${file} is not valid JSON.`);
    expect(read('[1, 2]')).toBe(`The settings file ${file} is not a JSON object.`);
    expect(read('null')).toBe(`The settings file ${file} is not a JSON object.`);
    const missing = path.join(dir, 'missing.json');
    expect(() => readSettingsFile(missing)).toThrow(`Cannot read the settings file ${missing}.`);
  });
});
