/**
 * The data layer on the generated demo replica: what a user browsing it would rely on, checked
 * against the database itself through a separate raw connection.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase, type AuditService } from '../../db/index';
import { DEMO_SEED } from '../support/pg-server';
import { ENGINES, openSource, postgresDemoSource } from './fixtures/engines';
import type { HistoryEntry, HistoryFilter } from '../../shared/domain';
import { collectPages } from './fixtures/paging';
import { tempDir } from './fixtures/replica';

const dir = tempDir();
const file = path.join(dir, 'demo.sqlite');
let raw: Database.Database;

// The truth to compare with is the SQLite replica of the seed the PostgreSQL demo was loaded with:
// the same seed gives the same history on both engines, ids included.
beforeAll(() => {
  generateDemoReplica({ out: file, seed: DEMO_SEED });
  raw = new Database(file, { readonly: true });
});
afterAll(() => raw?.close());

describe.each(ENGINES)('on %s', (engine) => {
  let api: AuditService;
  beforeAll(async () => {
    api = engine === 'sqlite' ? await openAuditDatabase({ file }) : await openSource(postgresDemoSource());
  });
  afterAll(() => api?.close());

  async function allEntries(table: string, id: number, filter: HistoryFilter = {}, limit = 200): Promise<HistoryEntry[]> {
    return collectPages(async (cursor) => {
      const page = await api.getHistory({ table, id, filter, limit, cursor });
      return { items: page.entries, nextCursor: page.nextCursor };
    });
  }

  const SNAPSHOT_OF_CUSTOMER = ['Name', 'Status', 'Email', 'Phone', 'AddressLine1', 'City', 'PostCode', 'Country', 'AccountManagerID', 'CreditLimit', 'Balance', 'Notes', 'CreatedOn'];

  describe('browsing the demo replica', () => {
    it('discovers its six logged tables and their parent keys', async () => {
      const { tables, skipped } = await api.listTables({});
      expect(skipped).toEqual([]);
      expect(Object.fromEntries(tables.map((t) => [t.name, t.parentKey]))).toEqual({
        Audit: 'AuditID',
        Contact: 'ContactID',
        Customer: 'CustomerID',
        Finding: 'ParentID',
        Person: 'PersonID',
        'Service Order': 'RecordID',
      });
    });

    it("reads the long log in the database's order, page by page", async () => {
      const { record } = await api.getRecord({ table: 'Customer', id: 1 });
      expect(record.logEntryCount).toBeGreaterThanOrEqual(1200);
      const expected = raw.prepare('SELECT ID FROM Customer_log WHERE CustomerID = 1 ORDER BY ByTime DESC, ID DESC').pluck().all();
      const entries = await allEntries('Customer', 1, {}, 97);
      expect(entries.map((e) => e.logId)).toEqual(expected);
    });

    it("diffs one person's entries against the true predecessors the filter hides", async () => {
      const automation = raw.prepare("SELECT ID FROM Person WHERE Login = 'svc-automation'").pluck().get() as number;
      const entries = await allEntries('Customer', 1, { by: { kind: 'person', personId: automation } });
      expect(entries.length).toBeGreaterThan(100);
      const previous = raw.prepare(
        'SELECT * FROM Customer_log WHERE CustomerID = 1 AND (ByTime, ID) < (SELECT ByTime, ID FROM Customer_log WHERE ID = ?) ORDER BY ByTime DESC, ID DESC LIMIT 1',
      );
      const row = raw.prepare('SELECT * FROM Customer_log WHERE ID = ?');
      let hiddenPredecessors = 0;
      for (const entry of entries.filter((e) => e.changeCue === 'Modified' && e.previousKnown)) {
        const prev = previous.get(entry.logId) as Record<string, unknown>;
        const cur = row.get(entry.logId) as Record<string, unknown>;
        if (prev.ByID !== automation) hiddenPredecessors++;
        const differing = SNAPSHOT_OF_CUSTOMER.filter((f) => prev[f] !== cur[f]);
        expect(entry.changes.map((c) => c.field).filter((f) => SNAPSHOT_OF_CUSTOMER.includes(f))).toEqual(differing);
      }
      expect(hiddenPredecessors).toBeGreaterThan(10);
    });

    it('shows an Unchanged parent entry beside the child change saved with it', async () => {
      const pair = raw
        .prepare(
          `SELECT a.AuditID AS audit, a.ID AS auditLog, f.ParentID AS finding, f.ID AS findingLog FROM Audit_log a
           JOIN Finding_log f ON f.ByTime = a.ByTime AND f.ByID = a.ByID AND f.ChangeCue = 'Modified'
           WHERE a.ChangeCue = 'Unchanged' LIMIT 1`,
        )
        .get() as { audit: number; auditLog: number; finding: number; findingLog: number };
      const audit = (await allEntries('Audit', pair.audit)).find((e) => e.logId === pair.auditLog);
      const finding = (await allEntries('Finding', pair.finding)).find((e) => e.logId === pair.findingLog);
      expect(audit).toMatchObject({ changeCue: 'Unchanged', changes: [] });
      expect(finding?.changes.length).toBeGreaterThan(0);
      expect([audit?.byTime, audit?.byId]).toEqual([finding?.byTime, finding?.byId]);
    });

    it('finds deleted records with who deleted them, and their whole log', async () => {
      for (const table of ['Customer', 'Contact', 'Audit', 'Finding', 'Service Order']) {
        const { records } = await api.listDeletedRecords({ table, limit: 5 });
        expect(records.length, table).toBeGreaterThan(0);
        const [latest] = records;
        expect(latest).toMatchObject({ deletionLogged: true });
        expect(latest?.deletedByName).toBeTruthy();
        const entries = await allEntries(table, latest!.id as number);
        expect(entries[0]).toMatchObject({ changeCue: 'Deleted', byTime: latest?.lastTime });
        expect(entries).toHaveLength(latest!.logEntryCount);
        expect((await api.getRecord({ table, id: latest!.id })).record.exists).toBe(false);
      }
    });

    it('pages deleted records by key without losing or repeating any', async () => {
      const expected = raw.prepare('SELECT count(DISTINCT ContactID) FROM Contact_log WHERE ContactID NOT IN (SELECT ID FROM Contact)').pluck().get();
      const seen = await collectPages(async (cursor) => {
        const page = await api.listDeletedRecords({ table: 'Contact', limit: 7, cursor });
        return { items: page.records.map((r) => r.id), nextCursor: page.nextCursor };
      });
      expect(seen.length).toBe(expected);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('pages the records of a table by key, in key order, without losing or repeating any', async () => {
      const expected = raw.prepare('SELECT ID FROM Contact ORDER BY ID').pluck().all();
      const seen = await collectPages(async (cursor) => {
        const page = await api.listRecords({ table: 'Contact', limit: 64, cursor });
        return { items: page.records.map((r) => r.id), nextCursor: page.nextCursor };
      });
      expect(seen).toEqual(expected);
    });

    it('masks bank and tax numbers and never shows password hashes', async () => {
      const { records } = await api.listRecords({ table: 'Customer', limit: 50 });
      const withTax = records.find((r) => typeof r.values.TaxNumber === 'string');
      expect(withTax?.values.TaxNumber).toMatch(/^[*\s-]+.*[A-Z0-9]{1,4}$/i);
      expect(String(withTax?.values.TaxNumber)).toContain('*');
      const person = await api.getRecord({ table: 'Person', id: 1 });
      expect(person.record.values).not.toHaveProperty('PasswordHash');
      const history = await allEntries('Person', 1);
      expect(JSON.stringify(history)).not.toMatch(/\$2[aby]\$/);
    });

    it('lists the people in a log, with current names for renamed people', async () => {
      const { people } = await api.listPeople({ table: 'Customer', withCounts: true });
      expect(people.length).toBeGreaterThanOrEqual(10);
      expect(people[0]).toMatchObject({ name: 'Automation Service', login: 'svc-automation' });
      const current = raw.prepare('SELECT ID AS id, Name AS name FROM Person').all() as Array<{ id: number; name: string }>;
      for (const p of people) expect(p.name).toBe(current.find((c) => c.id === p.id)?.name);
      const oneRecord = await api.listPeople({ table: 'Customer', recordId: 1 });
      expect(oneRecord.people.reduce((n, p) => n + (p.entryCount ?? NaN), 0)).toBe((await api.getRecord({ table: 'Customer', id: 1 })).record.logEntryCount);
    });

    it('searches records, case-insensitively, without matching masked values', async () => {
      const { records } = await api.listRecords({ table: 'Customer', search: 'LTD' });
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((r) => Object.values(r.values).some((v) => typeof v === 'string' && v.toLowerCase().includes('ltd')))).toBe(true);
      const tax = raw.prepare('SELECT TaxNumber FROM Customer WHERE TaxNumber IS NOT NULL LIMIT 1').pluck().get() as string;
      expect((await api.listRecords({ table: 'Customer', search: tax })).records).toEqual([]);
    });

    it('sorts records by a field, either way, with empty values last, paged by key without loss', async () => {
      const ids = (sql: string) => (raw.prepare(sql).all() as Array<{ id: number }>).map((r) => r.id);
      const sorted = (field: string, direction: 'asc' | 'desc', search?: string) =>
        collectPages(async (cursor) => {
          const page = await api.listRecords({ table: 'Customer', sort: { field, direction }, search, limit: 37, cursor });
          return { items: page.records.map((r) => r.id), nextCursor: page.nextCursor };
        });
      expect(await sorted('City', 'asc')).toEqual(ids('SELECT ID AS id FROM Customer ORDER BY City IS NULL, City, ID'));
      expect(await sorted('City', 'desc')).toEqual(
        ids('SELECT ID AS id FROM Customer ORDER BY City IS NULL, City DESC, ID DESC'),
      );
      expect(await sorted('ID', 'desc')).toEqual(ids('SELECT ID AS id FROM Customer ORDER BY ID DESC'));
      const found = await collectPages(async (cursor) => {
        const page = await api.listRecords({ table: 'Customer', search: 'ltd', cursor });
        return { items: page.records, nextCursor: page.nextCursor };
      });
      const byName = found
        .map((r) => ({ id: r.id, name: r.values.Name as string | null }))
        .sort((a, b) => (a.name === null) !== (b.name === null) ? (a.name === null ? 1 : -1) : a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : Number(a.id) - Number(b.id));
      expect(byName.length).toBeGreaterThan(5);
      expect(await sorted('Name', 'asc', 'ltd')).toEqual(byName.map((r) => r.id));
      // A masked column would leak its values through the order; an unknown one is a mistake.
      await expect(api.listRecords({ table: 'Customer', sort: { field: 'TaxNumber', direction: 'asc' } })).rejects.toMatchObject({ code: 'bad-request' });
      await expect(api.listRecords({ table: 'Customer', sort: { field: 'Nope', direction: 'asc' } })).rejects.toMatchObject({ code: 'bad-request' });
    });
  });
});
