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
import { ENGINES, fixtureSource, openSource, writeToFixture } from './fixtures/engines';
import { DELETED_CONTACT, RELATED_FIXTURE, WHOLE_STORY } from './fixtures/related-fixture';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

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
    expect(zero.entries.map(({ table: _table, title: _title, ...entry }) => entry)).toEqual(history.entries);
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

  it('offers each child log the index on the column naming its parent (then time, id and record: the family read from it alone), until it has one', async () => {
    const hintsOf = async (api: AuditService) =>
      Object.fromEntries((await api.listTables({})).tables.map((t) => [t.name, t.indexHints.filter((h) => h.read === 'related').map((h) => h.statements)]));
    const [concurrently, schema] = engine === 'postgres' ? [' CONCURRENTLY', '"public".'] : ['', ''];
    const before = await hintsOf(admin);
    expect(before.Contact).toEqual([`CREATE INDEX${concurrently} "Contact_log_by_CustomerID" ON ${schema}"Contact_log" ("CustomerID", "ByTime", "ID", "ContactID");`]);
    expect(before.Finding).toEqual([`CREATE INDEX${concurrently} "Finding_log_by_AuditID" ON ${schema}"Finding_log" ("AuditID", "ByTime", "ID", "FindingID");`]);
    // A relation from the settings needs its index as much as a declared one; the record's own table none.
    expect(before.Note).toHaveLength(1);
    expect(before.Customer).toEqual([]);
    expect((await hintsOf(plain)).Note).toEqual([]);

    await writeToFixture(source, 'CREATE INDEX "Contact_log_by_CustomerID" ON "Contact_log" ("CustomerID", "ByTime", "ID", "ContactID");');
    const indexed = await openSource(source, { osLogin: 'nobody', tables: { Note: { belongsTo: { CustomerID: 'Customer' } } } });
    try {
      const after = await hintsOf(indexed);
      expect(after.Contact).toEqual([]);
      expect(after.Finding).toHaveLength(1);
      expect(keys((await indexed.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000 })).entries)).toEqual(WHOLE_STORY);
    } finally {
      await indexed.close();
    }
  });
});

/**
 * Where no child of a table ever moved or lost its parent and an index leads with the owner column,
 * its rows are read by that column alone (db/queries/family.ts `everyRowNamesAnOwner`): the same entries, also when a plain user's
 * family leaves out a deleted child of such a table, and no longer so once a child moves away.
 */
describe.each(ENGINES)('a related log whose children never moved, on %s', (engine) => {
  let source: DataSource;
  let admin: AuditService;
  let user: AuditService;
  // Finding 32 (of audit 20) was deleted; no finding ever moved.
  const FIXTURE = `${RELATED_FIXTURE}
INSERT INTO "Finding_log" VALUES (4, 32, 20, 'F-2', 1, 'Alice Archer', '2024-01-20 09:00:00', 'Added'), (5, 32, 20, 'F-2', 1, 'Alice Archer', '2024-01-21 09:00:00', 'Deleted');
CREATE INDEX "Finding_log_by_AuditID" ON "Finding_log" ("AuditID", "ByTime", "ID", "FindingID");`;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'related-never-moved', FIXTURE);
    admin = await openSource(source, { osLogin: 'nobody', roles: { admins: [3] }, personId: 3 });
    user = await openSource(source, { osLogin: 'nobody', roles: { admins: [3] }, personId: 1 });
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await user?.close();
  });

  const findings = async (api: AuditService) => keys((await api.getRelatedHistory({ table: 'Customer', id: 1, limit: 1000, filter: { tables: ['Finding'] } })).entries);

  it('reads them by the owner column, a deleted child left out for a plain user only', async () => {
    expect(await findings(admin)).toEqual(['Finding:2', 'Finding:5', 'Finding:4', 'Finding:1']);
    expect(await findings(user)).toEqual(['Finding:2', 'Finding:1']);
    // In pages of one, the same.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.getRelatedHistory({ table: 'Customer', id: 1, limit: 1, cursor, filter: { tables: ['Finding'] } });
      paged.push(...keys(page.entries));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(['Finding:2', 'Finding:5', 'Finding:4', 'Finding:1']);
  });

  it('reads the moved-away entry as soon as a child moves (a family read before is not reused once the database changed)', async () => {
    expect(await findings(admin)).toEqual(['Finding:2', 'Finding:5', 'Finding:4', 'Finding:1']);
    await writeToFixture(source, `INSERT INTO "Finding_log" VALUES (6, 30, 21, 'F-1b', 1, 'Alice Archer', '2024-06-01 09:00:00', 'Updated'), (7, 30, 21, 'F-1c', 1, 'Alice Archer', '2024-06-02 09:00:00', 'Updated')`);
    try {
      expect(await findings(admin)).toEqual(['Finding:6', 'Finding:2', 'Finding:5', 'Finding:4', 'Finding:1']);
    } finally {
      await writeToFixture(source, 'DELETE FROM "Finding_log" WHERE "ID" IN (6, 7)');
    }
    expect(await findings(admin)).toEqual(['Finding:2', 'Finding:5', 'Finding:4', 'Finding:1']);
  });
});
