/**
 * A record's related log (getRelatedHistory), once per engine: a customer's own log merged with its
 * contacts', audits', their findings' and (by the settings' `belongsTo`, no foreign key declared)
 * its notes' logs; a contact moved in counts from the move, one moved away up to and including the
 * move; a deleted contact is for admins only; entries at the very same microsecond ordered by
 * table then log id; paging exact; the Entity filter; a date filter in a zone; masked stays masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import type { ActivityEntry } from '../../shared/domain';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

const LOG = `"ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT NOT NULL, "ChangeCue" TEXT`;
const A = `1, 'Alice Archer'`;

export const RELATED_FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice'), (3, 'Carol Admin', 'carol');
CREATE TABLE "Customer" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
INSERT INTO "Customer" VALUES (1, 'Acme Ltd'), (2, 'Globex');
CREATE TABLE "Customer_log" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER, "Name" TEXT, ${LOG});
INSERT INTO "Customer_log" VALUES
 (1, 1, 'Acme', ${A}, '2024-01-01 09:00:00', 'Added'),
 (2, 2, 'Globex', ${A}, '2024-01-01 09:00:01', 'Added'),
 (3, 1, 'Acme Ltd', ${A}, '2024-03-01 10:00:00.123456', 'Updated'),
 (4, 1, 'Acme Ltd', ${A}, '2024-05-01 12:00:00', 'Updated');
CREATE TABLE "Contact" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER REFERENCES "Customer" ("ID"), "Name" TEXT, "Phone" TEXT, "TaxNumber" TEXT);
INSERT INTO "Contact" VALUES (10, 1, 'Ann', '113', 'TX-SECRET-2'), (11, 1, 'Ben', '223', NULL), (12, 2, 'Cy', '334', NULL);
CREATE TABLE "Contact_log" ("ID" INTEGER PRIMARY KEY, "ContactID" INTEGER, "CustomerID" INTEGER, "Name" TEXT, "Phone" TEXT, "TaxNumber" TEXT, ${LOG});
INSERT INTO "Contact_log" VALUES
 (1, 10, 1, 'Ann', '111', 'TX-SECRET-1', ${A}, '2024-01-02 09:00:00', 'Added'),
 (2, 11, 2, 'Ben', '222', NULL, ${A}, '2024-01-03 09:00:00', 'Added'),
 (3, 11, 2, 'Ben', '223', NULL, ${A}, '2024-01-04 09:00:00', 'Updated'),
 (4, 11, 1, 'Ben', '223', NULL, ${A}, '2024-02-01 09:00:00', 'Updated'),
 (5, 12, 1, 'Cy', '333', NULL, ${A}, '2024-01-05 09:00:00', 'Added'),
 (6, 12, 2, 'Cy', '333', NULL, ${A}, '2024-02-02 09:00:00', 'Updated'),
 (7, 12, 2, 'Cy', '334', NULL, ${A}, '2024-02-03 09:00:00', 'Updated'),
 (8, 13, 1, 'Dee', '444', NULL, ${A}, '2024-01-06 09:00:00', 'Added'),
 (9, 13, 1, 'Dee', '444', NULL, ${A}, '2024-02-10 09:00:00', 'Deleted'),
 (10, 10, 1, 'Ann', '112', 'TX-SECRET-2', ${A}, '2024-03-01 10:00:00.123456', 'Updated'),
 (11, 10, 1, 'Ann', '113', 'TX-SECRET-2', ${A}, '2024-03-01 10:00:00.123456', 'Updated');
CREATE TABLE "Audit" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER REFERENCES "Customer" ("ID"), "Title" TEXT);
INSERT INTO "Audit" VALUES (20, 1, 'Q1 audit done'), (21, 2, 'Other');
CREATE TABLE "Audit_log" ("ID" INTEGER PRIMARY KEY, "AuditID" INTEGER, "CustomerID" INTEGER, "Title" TEXT, ${LOG});
INSERT INTO "Audit_log" VALUES
 (1, 20, 1, 'Q1 audit', ${A}, '2024-01-10 09:00:00', 'Added'),
 (2, 20, 1, 'Q1 audit done', ${A}, '2024-03-01 10:00:00.123456', 'Updated'),
 (3, 21, 2, 'Other', ${A}, '2024-01-11 09:00:00', 'Added');
CREATE TABLE "Finding" ("ID" INTEGER PRIMARY KEY, "AuditID" INTEGER REFERENCES "Audit" ("ID"), "Reference" TEXT);
INSERT INTO "Finding" VALUES (30, 20, 'F-1b'), (31, 21, 'F-X');
CREATE TABLE "Finding_log" ("ID" INTEGER PRIMARY KEY, "FindingID" INTEGER, "AuditID" INTEGER, "Reference" TEXT, ${LOG});
INSERT INTO "Finding_log" VALUES
 (1, 30, 20, 'F-1', ${A}, '2024-01-12 09:00:00', 'Added'),
 (2, 30, 20, 'F-1b', ${A}, '2024-03-01 10:00:00.123457', 'Updated'),
 (3, 31, 21, 'F-X', ${A}, '2024-01-13 09:00:00', 'Added');
CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER, "Body" TEXT);
INSERT INTO "Note" VALUES (40, 1, 'Called'), (41, 2, 'Other');
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "CustomerID" INTEGER, "Body" TEXT, ${LOG});
INSERT INTO "Note_log" VALUES
 (1, 40, 1, 'Called', ${A}, '2024-04-01 23:30:00', 'Added'),
 (2, 41, 2, 'Other', ${A}, '2024-04-01 23:31:00', 'Added');
`;

/** Customer 1's whole story (depth 2, notes by the settings), as `table:logId`, newest first. */
export const WHOLE_STORY = [
  'Customer:4',
  'Note:1',
  'Finding:2',
  // The very same microsecond: by table, then log id descending.
  'Audit:2',
  'Contact:11',
  'Contact:10',
  'Customer:3',
  'Contact:9',
  'Contact:6',
  'Contact:4',
  'Finding:1',
  'Audit:1',
  'Contact:8',
  'Contact:5',
  'Contact:1',
  'Customer:1',
];
/** Contact 13 was deleted: its entries are for admins. */
const DELETED_CONTACT = ['Contact:9', 'Contact:8'];

const keys = (entries: readonly ActivityEntry[]) => entries.map((e) => `${e.table}:${String(e.logId)}`);

describe.each(ENGINES)('a record\'s related log on %s', (engine) => {
  let source: DataSource;
  let admin: AuditService;
  let user: AuditService;
  let plain: AuditService;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'related', RELATED_FIXTURE);
    const notes = { Note: { belongsTo: { CustomerID: 'Customer' } } };
    admin = await openSource(source, { osLogin: 'nobody', roles: { admins: [3] }, personId: 3, tables: notes });
    user = await openSource(source, { osLogin: 'nobody', roles: { admins: [3] }, personId: 1, tables: notes });
    plain = await openSource(source, { osLogin: 'nobody' });
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await user?.close();
    await plain?.close();
  });

  it('merges the family\'s logs, moved contacts for the time they belonged, ties by table then log id', async () => {
    const story = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000 });
    expect(keys(story.entries)).toEqual(WHOLE_STORY);
    expect(story.nextCursor).toBeNull();
    expect(story.family[0]).toEqual({ table: 'Customer', parent: null, column: null, depth: 0, records: 1 });
    const byDepth = [...story.family].sort((a, b) => a.depth - b.depth || (a.table < b.table ? -1 : 1));
    expect(byDepth.slice(1)).toEqual([
      { table: 'Audit', parent: 'Customer', column: 'CustomerID', depth: 1, records: 1 },
      { table: 'Contact', parent: 'Customer', column: 'CustomerID', depth: 1, records: 4 },
      { table: 'Note', parent: 'Customer', column: 'CustomerID', depth: 1, records: 1 },
      { table: 'Finding', parent: 'Audit', column: 'AuditID', depth: 2, records: 1 },
    ]);
    const moved = story.entries.find((e) => e.table === 'Contact' && e.logId === 6)!;
    expect(moved.recordId).toBe(12);
    expect(moved.title).toBe('Cy');
    expect(moved.changes.map((c) => c.field)).toEqual(['CustomerID']);
  });

  it('follows a relation the settings declare, and none where neither schema nor settings do', async () => {
    const story = await plain.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000 });
    expect(story.family.map((f) => f.table)).not.toContain('Note');
    expect(keys(story.entries)).toEqual(WHOLE_STORY.filter((k) => !k.startsWith('Note:')));
  });

  it('leaves a deleted contact out for a plain user, in for an admin', async () => {
    const story = await user.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000 });
    expect(keys(story.entries)).toEqual(WHOLE_STORY.filter((k) => !DELETED_CONTACT.includes(k)));
    expect(story.family.find((f) => f.table === 'Contact')?.records).toBe(3);
  });

  it('reads to the depth asked: 1 without findings, 0 the record alone as its history', async () => {
    const one = await admin.getRelatedHistory({ table: 'Customer', id: 1, depth: 1, limit: 1000 });
    expect(keys(one.entries)).toEqual(WHOLE_STORY.filter((k) => !k.startsWith('Finding:')));
    const zero = await admin.getRelatedHistory({ table: 'Customer', id: 1, depth: 0, limit: 1000 });
    const history = await admin.getHistory({ table: 'Customer', id: 1, limit: 1000 });
    expect(zero.entries.map(({ table, title, ...entry }) => entry)).toEqual(history.entries);
    expect(zero.family).toHaveLength(1);
    await expect(admin.getRelatedHistory({ table: 'Customer', id: 1, depth: 4 })).rejects.toThrow(/depth/);
  });

  it('pages exactly: pages of 1, 2 and 50 hold the one page of 1000, nothing repeated', async () => {
    for (const limit of [1, 2, 50]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit, cursor });
        seen.push(...keys(page.entries));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(WHOLE_STORY);
    }
  });

  it('filters by entity, refusing a table outside the family in one sentence', async () => {
    const contacts = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000, filter: { tables: ['Contact', 'Finding'] } });
    expect(keys(contacts.entries)).toEqual(WHOLE_STORY.filter((k) => k.startsWith('Contact:') || k.startsWith('Finding:')));
    await expect(admin.getRelatedHistory({ table: 'Customer', id: 1, filter: { tables: ['Person'] } })).rejects.toThrow(/"Person" is not a table of this record's story/);
  });

  it('filters by days in a time zone', async () => {
    const day = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000, filter: { from: '2024-04-02', to: '2024-04-02', timeZone: 'Asia/Kolkata' } });
    expect(keys(day.entries)).toEqual(['Note:1']);
    const utc = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000, filter: { from: '2024-04-02', to: '2024-04-02', timeZone: 'UTC' } });
    expect(keys(utc.entries)).toEqual([]);
  });

  it('keeps a child\'s masked column masked', async () => {
    const story = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000 });
    expect(JSON.stringify(story)).not.toContain('TX-SECRET');
    const ann = story.entries.find((e) => e.table === 'Contact' && e.logId === 10)!;
    expect(ann.changes.map((c) => c.field)).toContain('TaxNumber');
  });
});
