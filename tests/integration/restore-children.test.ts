/**
 * Restore with children, once per engine: a customer deleted together with its contacts, audits
 * and findings comes back with them in one transaction, parents before children; the contact
 * deleted a year before, the ones moved to another customer and the finding deleted on its own
 * stay out and are named in the script's comments; hostile names stay inside their comments. The
 * script is RUN on a scratch copy of the fixture and every restored row is compared with its last
 * snapshot column by column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { ANN, ATTACK, FAMILY_FIXTURE } from './fixtures/family-fixture';
import { tempDir } from './fixtures/replica';
import { scratchCopy } from './fixtures/scratch';

const dir = tempDir();

/** Every line break any engine, client or editor knows. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/** The columns each table's restored rows are compared on, and its log's record column. */
const COLUMNS: Record<string, { key: string; columns: string[] }> = {
  Customer: { key: 'CustomerID', columns: ['Name', 'Phone'] },
  Contact: { key: 'ContactID', columns: ['CustomerID', 'Name', 'Email'] },
  Audit: { key: 'AuditID', columns: ['CustomerID', 'Title'] },
  Finding: { key: 'FindingID', columns: ['AuditID', 'Reference'] },
};

describe.each(ENGINES)('restore with children on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'restore_children', FAMILY_FIXTURE);
    api = await openSource(source, { osLogin: 'nobody' });
  }, 120_000);
  afterAll(() => api?.close());

  it('offers the deleted children, and leaves the script for the record alone as it was', async () => {
    const alone = await api.getRestoreSql({ table: 'Customer', id: 7 });
    expect(alone.deletedChildren).toBe(7);
    expect(alone.children).toEqual([]);
    expect(alone.sql).not.toMatch(/BEGIN|Contact/);
    expect(alone.sql.split('\n').filter((l) => !l.startsWith('-- '))).toHaveLength(2);
  });

  it('restores the children that went with the customer, parents first, and names every other one with why', async () => {
    const restore = await api.getRestoreSql({ table: 'Customer', id: 7, withChildren: true });
    const restored = restore.children.map((c) => `${c.table} ${c.id}`);
    expect([...restored].sort()).toEqual(['Audit 20', 'Contact 10', 'Contact 11', 'Contact 14', 'Contact 17', 'Finding 30', 'Finding 31']);
    // Parents before children: the customer's children (any table order), then the audit's.
    expect(restored.slice(5)).toEqual(['Finding 30', 'Finding 31']);
    expect(restore.children.find((c) => c.id === 30)?.parent).toEqual({ table: 'Audit', id: 20 });
    expect(restore.children.find((c) => c.id === 10)).toMatchObject({
      title: ANN,
      basedOn: { logId: 13, changeCue: 'Deleted', byTime: '2024-06-01T09:00:00.000Z'.replace('09', '10') },
      omitted: [
        { field: 'TaxNumber', reason: 'masked for you' },
        { field: 'PasswordHash', reason: 'never shown (password-like)' },
      ],
    });
    const why = Object.fromEntries(restore.childrenLeftOut.map((c) => [`${c.table} ${c.id}`, c.reason]));
    expect(Object.keys(why).sort()).toEqual(['Contact 12', 'Contact 13', 'Contact 15', 'Contact 16', 'Finding 32']);
    expect(why['Contact 16']).toMatch(/deletion was not logged, and its last entry \(2023-02-01 09:00:00 UTC\) is not after Customer 7's last change/);
    expect(why['Contact 12']).toMatch(/deleted at 2023-05-01 09:00:00 UTC, before Customer 7's last change \(2024-05-01 09:00:00 UTC\)/);
    expect(why['Contact 13']).toMatch(/moved to another Customer and its row still exists/);
    expect(why['Contact 15']).toMatch(/names another Customer/);
    expect(why['Finding 32']).toMatch(/before Audit 20's last change/);

    const lines = restore.sql.split(LINE_BREAKS);
    // Every line is a comment, the transaction, or a statement: nothing from the log starts a line.
    for (const line of lines) expect(line, restore.sql).toMatch(/^(-- |BEGIN;$|COMMIT;$|INSERT INTO |VALUES \()/);
    for (const line of lines.filter((l) => l.startsWith('-- '))) expect(line).not.toMatch(/[\p{Cc}\p{Cf}]|\*\/|\/\*/u);
    expect(lines.filter((l) => l === 'BEGIN;')).toHaveLength(1);
    expect(lines.at(-1)).toBe('COMMIT;');
    expect(lines.filter((l) => l.startsWith('INSERT INTO '))).toHaveLength(8);
    for (const left of ['Contact 12 (Old Ann)', 'Contact 13 (Moved Bob)', 'Contact 15 (Moved Eve)', 'Contact 16 (Legacy Len)', 'Finding 32']) {
      expect(lines.some((l) => l.startsWith(`-- Not restored: ${left}`)), left).toBe(true);
    }
    // Ann's name, line break and all, stays in its comment, written visibly.
    expect(restore.sql).toContain(`-- Contact 10 (Ann\\n* / DROP TABLE "Contact_log"; --), of Customer 7: log entry 13, Deleted by Mallory at 2024-06-01 10:00:00 UTC.`);
    expect(restore.sql).not.toContain('h10');
    expect(restore.sql).not.toContain('111-11-1111');
    // Parents before children: the audit's INSERT before its findings'.
    const insertInto = (table: string) => lines.findIndex((l) => new RegExp(`^INSERT INTO (?:"public"\\.)?"${table}" `).test(l));
    expect(insertInto('Audit')).toBeGreaterThan(insertInto('Customer'));
    expect(insertInto('Finding')).toBeGreaterThan(insertInto('Audit'));
    expect(insertInto('Contact')).toBeGreaterThan(insertInto('Customer'));
    expect(ATTACK).toContain('*/');
  });

  it('runs on a scratch copy and brings every row back as its last snapshot, and nothing else', async () => {
    const restore = await api.getRestoreSql({ table: 'Customer', id: 7, withChildren: true });
    const scratch = await scratchCopy(source, FAMILY_FIXTURE, dir);
    try {
      await scratch.run(restore.sql);
      const all = [{ table: 'Customer', id: 7, basedOn: restore.basedOn }, ...restore.children];
      for (const { table, id, basedOn } of all) {
        const { key, columns } = COLUMNS[table]!;
        const row = await scratch.row(table, 'ID', Number(id), ['ID', ...columns]);
        const snapshot = await scratch.row(`${table}_log`, 'ID', Number(basedOn.logId), [key, ...columns]);
        expect(snapshot, `${table} ${id}`).toBeDefined();
        expect(row, `${table} ${id}`).toEqual(snapshot);
      }
      // Masked and password-like values stay out of the restored contact.
      expect(await scratch.row('Contact', 'ID', 10, ['TaxNumber', 'PasswordHash'])).toEqual({ c0: null, c1: null });
      // The children left out are not restored; the moved contact that exists is not touched.
      for (const [table, id] of [['Contact', 12], ['Contact', 15], ['Contact', 16], ['Finding', 32]] as const) {
        expect(await scratch.row(table, 'ID', id, ['ID']), `${table} ${id}`).toBeUndefined();
      }
      expect(await scratch.row('Contact', 'ID', 13, ['CustomerID', 'Name'])).toEqual(await scratch.row('Contact_log', 'ID', 8, ['CustomerID', 'Name']));
      expect(await scratch.tableExists('Contact_log')).toBe(true);
    } finally {
      await scratch.close();
    }
  });

  it('restores a child alone as before, and refuses a record that still exists', async () => {
    const finding = await api.getRestoreSql({ table: 'Audit', id: 20, withChildren: true });
    expect(finding.children.map((c) => `${c.table} ${c.id}`)).toEqual(['Finding 30', 'Finding 31']);
    await expect(api.getRestoreSql({ table: 'Customer', id: 1, withChildren: true })).rejects.toThrow(/still exists/);
  });
});
