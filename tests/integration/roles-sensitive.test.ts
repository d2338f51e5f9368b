/**
 * Who may see what, decided in the data layer: masked columns in clear only for the people the
 * settings allow (by id or login), password-like columns for nobody; admin views for admins.
 */
import { describe, expect, it } from 'vitest';
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
