/**
 * Masked is masked everywhere, on both engines: a record's title is made from its shown values
 * only, so a title field that is password-like never names a record, and a masked one names it
 * masked unless the user may see it: in records, deleted records, a deleted record's properties,
 * activity, change sets and restore SQL comments. No setting shows a password-like column, and
 * search never looks into a column the user may not see.
 */
import { describe, expect, it } from 'vitest';
import type { AuditService, AuditSettings } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
let fixtures = 0;

/** Account 1 is current; account 2 was deleted. Each has a tax number (masked) and a password hash (hidden). */
const FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice'), (2, 'Bob Baker', 'bob');
CREATE TABLE "Account" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "TaxNumber" TEXT, "PasswordHash" TEXT);
INSERT INTO "Account" VALUES (1, 'Ann Smith', '123-45-6789', '$2b$hash-of-ann');
CREATE TABLE "Account_log" ("ID" INTEGER PRIMARY KEY, "AccountID" INTEGER, "Name" TEXT, "TaxNumber" TEXT, "PasswordHash" TEXT,
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Account_log" VALUES
 (1, 1, 'Ann Smith', '123-45-6789', '$2b$hash-of-ann', 1, 'Alice Archer', '2024-05-01 09:00:00', 'Added'),
 (2, 2, 'Bea Jones', '555-66-7777', '$2b$hash-of-bea', 1, 'Alice Archer', '2024-05-02 09:00:00', 'Added'),
 (3, 2, 'Bea Jones', '555-66-7777', '$2b$hash-of-bea', 2, 'Bob Baker', '2024-05-03 09:00:00', 'Deleted');
`;

const SECRETS = ['hash-of-ann', 'hash-of-bea'];
const CLEAR_TAX = ['123-45-6789', '555-66-7777'];

/** Every view that shows or names an account, as this user sees it. */
async function everything(api: AuditService) {
  return {
    tables: await api.listTables({}),
    records: (await api.listRecords({ table: 'Account' })).records,
    live: (await api.getRecord({ table: 'Account', id: 1 })).record,
    gone: (await api.getRecord({ table: 'Account', id: 2 })).record,
    deleted: (await api.listDeletedRecords({ table: 'Account' })).records,
    histories: [await api.getHistory({ table: 'Account', id: 1 }), await api.getHistory({ table: 'Account', id: 2 })],
    activity: (await api.listActivity({})).entries,
    changeSet: (await api.getChangeSet({ table: 'Account', logId: 3 })).entries,
    fieldHistory: await api.getFieldHistory({ table: 'Account', id: 2, field: 'PasswordHash' }),
    asOf: await api.getRecordAsOf({ table: 'Account', id: 2, at: '2024-05-02T12:00:00Z' }),
    restore: await api.getRestoreSql({ table: 'Account', id: 2 }),
  };
}

const byPasswordHash: AuditSettings['tables'] = { Account: { titleField: 'PasswordHash' } };
const byTaxNumber: AuditSettings['tables'] = { Account: { titleField: 'TaxNumber' } };

describe.each(ENGINES)('on %s', (engine) => {
  it.each([
    { what: 'a password-like title field, for a user who may not see masked values', settings: { tables: byPasswordHash }, titles: [null, null] },
    { what: 'a password-like title field, for a user who may see masked values', settings: { tables: byPasswordHash, revealSensitive: true }, titles: [null, null] },
    {
      what: 'a password-like title field the settings try to unmask',
      settings: { tables: byPasswordHash, revealSensitive: true, sensitivity: { PasswordHash: 'none' as const, 'Account.PasswordHash': 'masked' as const } },
      titles: [null, null],
    },
    { what: 'a masked title field, for a user who may not see masked values', settings: { tables: byTaxNumber }, titles: ['***-**-6789', '***-**-7777'] },
    { what: 'a masked title field, for a user who may see masked values', settings: { tables: byTaxNumber, revealSensitive: true }, titles: ['123-45-6789', '555-66-7777'] },
  ])('names records from shown values only: $what', async ({ settings, titles }) => {
    fixtures += 1;
    const source = await fixtureSource(engine, dir, `masked-titles-${fixtures}`, FIXTURE);
    const api = await openSource(source, settings);
    try {
      const seen = await everything(api);
      const [live, gone] = titles;
      expect(seen.records.map((r) => r.title)).toEqual([live]);
      expect(seen.live.title).toBe(live);
      expect(seen.gone.title).toBe(gone);
      expect(seen.deleted.map((r) => r.title)).toEqual([gone]);
      expect(seen.activity.map((e) => [e.recordId, e.title])).toEqual([[2, gone], [2, gone], [1, live]]);
      expect(seen.changeSet.map((e) => e.title)).toEqual([gone]);
      expect(seen.restore.sql.split('\n')[0]).toBe(`-- Restores Account 2${gone ? ` (${gone})` : ''} as its last log snapshot recorded it:`);

      // Nothing anywhere holds a password hash, or a clear tax number for a user who may not see it.
      const everythingSeen = JSON.stringify(seen);
      for (const secret of SECRETS) expect(everythingSeen).not.toContain(secret);
      if (!settings.revealSensitive) for (const tax of CLEAR_TAX) expect(everythingSeen).not.toContain(tax);
      expect(seen.tables.tables[0]!.fields.find((f) => f.name === 'PasswordHash')?.sensitivity).toBe('hidden');
      expect(seen.live.values).not.toHaveProperty('PasswordHash');
      expect(seen.fieldHistory.entries.map((e) => [e.old, e.new, e.redacted])).toEqual([[null, null, 'hidden'], [null, null, 'hidden']]);

      // Search looks only into what the user may see: never the hash, the tax number only in clear.
      expect((await api.listRecords({ table: 'Account', search: 'hash-of' })).records).toEqual([]);
      expect((await api.listRecords({ table: 'Account', search: '123-45' })).records).toHaveLength(settings.revealSensitive ? 1 : 0);
      expect((await api.listRecords({ table: 'Account', search: '6789' })).records).toHaveLength(settings.revealSensitive ? 1 : 0);
      expect((await api.listRecords({ table: 'Account', search: 'Ann' })).records).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});
