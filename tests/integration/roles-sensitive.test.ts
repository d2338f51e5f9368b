/**
 * Who may see what, decided in the data layer: masked columns in clear only for the people the
 * settings allow (by id or login), password-like columns for nobody; admin views, and the logs of
 * deleted records, for admins.
 */
import { describe, expect, it } from 'vitest';
import type { AuditService } from '../../db/index';
import { ACTIVITY_FIXTURE } from './fixtures/activity-fixture';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { STANDARD_FIXTURE, tempDir } from './fixtures/replica';

const dir = tempDir();

describe.each(ENGINES)('on %s', (engine) => {
  it('shows masked columns in clear only to the people allowed, and password-like ones to nobody', async () => {
    const source = await fixtureSource(engine, dir, 'sensitive', STANDARD_FIXTURE);
    const asBob = { osLogin: 'bob', roles: { seeSensitive: ['CORP\\carol', 2] } };
    for (const [settings, clear] of [
      [asBob, true],
      [{ osLogin: 'carol', roles: { seeSensitive: ['carol@corp.example'] } }, true],
      [{ osLogin: 'alice', roles: { seeSensitive: [2, 'carol'] } }, false],
      [{ osLogin: 'mallory', roles: { seeSensitive: [2] } }, false],
    ] as const) {
      const api = await openSource(source, { ...settings, roles: { seeSensitive: [...settings.roles.seeSensitive] } });
      try {
        const { entries } = await api.getHistory({ table: 'Customer', id: 1, limit: 1 });
        const tax = entries[0]?.changes.find((c) => c.field === 'TaxNumber');
        expect(tax, settings.osLogin).toEqual(clear ? { field: 'TaxNumber', old: '111-22-3333', new: '123-45-6789' } : { field: 'TaxNumber', old: '***-**-3333', new: '***-**-6789', redacted: 'masked' });
        expect(JSON.stringify(entries), settings.osLogin).not.toContain('9999');
        const { record } = await api.getRecord({ table: 'Customer', id: 1 });
        expect(record.values.TaxNumber).toBe(clear ? '123-45-6789' : '***-**-6789');
        expect(record.values).not.toHaveProperty('PasswordPin');
      } finally {
        await api.close();
      }
    }
  });

  it('keeps admin views from plain users, and says so', async () => {
    const source = await fixtureSource(engine, dir, 'roles', STANDARD_FIXTURE);
    const user = await openSource(source, { osLogin: 'alice', roles: { admins: ['carol'] } });
    const admin = await openSource(source, { osLogin: 'carol', roles: { admins: ['carol'] } });
    try {
      expect((await user.whoAmI({})).role).toBe('user');
      expect((await admin.whoAmI({})).role).toBe('admin');
      await expect(user.listDeletedRecords({ table: 'Customer' })).rejects.toMatchObject({
        code: 'forbidden',
        message: 'Deleted records is for admins; ask an administrator to add you to the admins in the settings.',
      });
      await expect(user.getRestoreSql({ table: 'Customer', id: 2 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(user.listActivity({})).rejects.toMatchObject({ code: 'forbidden' });
      // A plain user still reads the logs of the records they open.
      expect((await user.getHistory({ table: 'Customer', id: 1 })).entries).toHaveLength(9);
      expect((await admin.listDeletedRecords({ table: 'Customer' })).records).toHaveLength(1);
    } finally {
      await user.close();
      await admin.close();
    }
  });
});

/** Every call about one record, each as a thunk, for the record `id` of Customer. */
function callsAbout(api: AuditService, id: number) {
  return {
    getRecord: () => api.getRecord({ table: 'Customer', id }),
    getHistory: () => api.getHistory({ table: 'Customer', id }),
    getFieldHistory: () => api.getFieldHistory({ table: 'Customer', id, field: 'Name' }),
    getRecordAsOf: () => api.getRecordAsOf({ table: 'Customer', id, at: '2024-06-01T00:00:00Z' }),
    getEntries: () => api.getEntries({ table: 'Customer', id, logIds: id === 2 ? [12, 13] : [1, 2] }),
    listPeople: () => api.listPeople({ table: 'Customer', recordId: id }),
  };
}

describe.each(ENGINES)('deleted records on %s', (engine) => {
  it('refuses a plain user the snapshot and log of a record gone from its table, in one sentence', async () => {
    const source = await fixtureSource(engine, dir, 'deleted-for-admins', ACTIVITY_FIXTURE);
    const user = await openSource(source, { osLogin: 'alice', roles: { admins: ['carol'] } });
    try {
      const refusal = {
        code: 'forbidden',
        message: 'Customer 2 is not a current record of Customer, and the logs of deleted records are for admins; ask an administrator to add you to the admins in the settings.',
      };
      for (const [name, call] of Object.entries(callsAbout(user, 2))) await expect(call(), name).rejects.toMatchObject(refusal);
      // Ids given as text (the CLI, URLs) are refused alike; an id that never existed tells nothing either.
      await expect(user.getHistory({ table: 'customer', id: '2' as unknown as number })).rejects.toMatchObject(refusal);
      await expect(user.getRecord({ table: 'Customer', id: 99 })).rejects.toMatchObject({ code: 'forbidden' });
      // A change set: refused when it starts at a deleted record's entry...
      await expect(user.getChangeSet({ table: 'Invoice', logId: 1 })).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/^Invoice 100 is not a current record of Invoice/),
      });
      await expect(user.getChangeSet({ table: 'Customer', logId: 13 })).rejects.toMatchObject(refusal);
      // ...and without the entries the same save wrote to records deleted since.
      expect((await user.getChangeSet({ table: 'Customer', logId: 5 })).entries.map((e) => `${e.table}:${e.logId}`)).toEqual(['Customer:7', 'Customer:5']);
      // The records still there read as before.
      for (const [name, call] of Object.entries(callsAbout(user, 1))) await expect(call(), name).resolves.toBeDefined();
      expect((await user.getRecord({ table: 'Customer', id: 1 })).record.exists).toBe(true);
      // Bad requests keep their own sentences.
      await expect(user.getHistory({ table: 'Customer' } as never)).rejects.toMatchObject({ code: 'bad-request' });
      await expect(user.getHistory({ table: 'Nope', id: 1 })).rejects.toMatchObject({ code: 'unknown-table' });
    } finally {
      await user.close();
    }
  });

  it('lets admins and DBAs read the snapshot and log of a deleted record', async () => {
    const source = await fixtureSource(engine, dir, 'deleted-for-dbas', ACTIVITY_FIXTURE);
    for (const settings of [{ osLogin: 'carol', roles: { admins: ['carol'] } }, { role: 'dba' as const, roles: { admins: ['carol'] } }, {}]) {
      const api = await openSource(source, settings);
      try {
        const calls = callsAbout(api, 2);
        expect((await calls.getRecord()).record).toMatchObject({ exists: false, title: 'Gone Gmbh', logEntryCount: 4 });
        expect((await calls.getHistory()).entries).toHaveLength(4);
        for (const [name, call] of Object.entries(calls)) await expect(call(), name).resolves.toBeDefined();
        expect((await api.getChangeSet({ table: 'Customer', logId: 5 })).entries.map((e) => `${e.table}:${e.logId}`)).toEqual([
          'Customer:7', 'Customer:5', 'Invoice:2', 'Invoice:1',
        ]);
        expect((await api.getChangeSet({ table: 'Invoice', logId: 1 })).entries).toHaveLength(4);
      } finally {
        await api.close();
      }
    }
  });
});

describe('roles in the settings file', () => {
  it('refuses a roles list written wrongly, in one sentence', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { readSettingsFile } = await import('../../db/settings-file');
    const file = path.join(dir, 'bad-roles.json');
    fs.writeFileSync(file, JSON.stringify({ roles: { admins: 'carol' } }));
    expect(() => readSettingsFile(file)).toThrow(`In the settings file ${file}, "roles.admins" must be a list of person ids or logins.`);
    fs.writeFileSync(file, JSON.stringify({ roles: { admins: ['carol', 4] } }));
    expect(readSettingsFile(file).roles?.admins).toEqual(['carol', 4]);
  });
});
