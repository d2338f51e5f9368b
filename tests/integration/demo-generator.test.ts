/**
 * The demo replica generator (db/demo): builds real SQLite files and checks that they look like an
 * organisation's trigger-logged database as docs/data-model.md describes it. The expectations (table
 * names, parent keys, special accounts) are spelled out here rather than imported from the
 * generator, because they are the contract the reader side relies on.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoReplica, type DemoStats } from '../../db/demo/generate';
import { adminUrl } from '../support/pg-server';
import { asAdmin } from './fixtures/engines';
import { tempDir } from '../support/temp-dir';

const LOGGED = [
  { table: 'Person', parentKey: 'PersonID' },
  { table: 'Customer', parentKey: 'CustomerID' },
  { table: 'Contact', parentKey: 'ContactID' },
  { table: 'Audit', parentKey: 'AuditID' },
  { table: 'Finding', parentKey: 'ParentID' },
  { table: 'Service Order', parentKey: 'RecordID' },
] as const;

const COMMON = ['ByID', 'ByName', 'ByTime', 'ChangeCue'];
/** The logs that record how each change was made, after the common columns (db/demo/how-made.ts). */
const HOW_MADE: Record<string, string[]> = { Customer: ['UpdateMethod', 'SourceIP'], Contact: ['UpdateMethod'] };
const LOGGING_START = '2024-05-01';

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

const root = tempDir('demo-generator-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the demo replica at default scale', () => {
  const file = path.join(root, 'default.sqlite');
  let stats: DemoStats;
  let db: Database.Database;

  /** Snapshot column names of a log table, in order (everything but the common columns). */
  const snapshotColumns = (table: string, parentKey: string): string[] =>
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(`${table}_log`) as string[]).filter(
      (c) => c !== 'ID' && c !== parentKey && !COMMON.includes(c) && !(HOW_MADE[table] ?? []).includes(c),
    );
  const count = (sql: string, ...params: unknown[]): number => db.prepare(sql).pluck().get(...params) as number;
  const personId = (login: string): number => count('SELECT ID FROM Person WHERE Login = ?', login);

  beforeAll(() => {
    stats = generateDemoReplica({ out: file });
    db = new Database(file, { readonly: true, fileMustExist: true });
  });
  afterAll(() => db?.close());

  it('reports what it wrote, and leaves no partial file behind', () => {
    expect(stats.file).toBe(path.resolve(file));
    expect(stats.seed).toBe(1);
    expect(stats.scale).toBe(1);
    expect(stats.bytes).toBe(fs.statSync(file).size);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    let records = 0;
    let logRows = 0;
    for (const { table } of LOGGED) {
      const t = stats.tables[table];
      expect(t, table).toBeDefined();
      expect(t?.records).toBe(count(`SELECT COUNT(*) FROM ${q(table)}`));
      expect(t?.logRows).toBe(count(`SELECT COUNT(*) FROM ${q(`${table}_log`)}`));
      records += t?.records ?? 0;
      logRows += t?.logRows ?? 0;
    }
    expect(stats.records).toBe(records);
    expect(stats.logRows).toBe(logRows);
    // About 2,000 records (counting those deleted since) and at least 50,000 log rows.
    expect(records + stats.deletedRecords).toBeGreaterThan(1_600);
    expect(records + stats.deletedRecords).toBeLessThan(2_600);
    expect(logRows).toBeGreaterThanOrEqual(50_000);
  });

  it('is a sound SQLite file in rollback-journal mode, with consistent foreign keys', () => {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('has the six logged tables, each with a log in the documented shape', () => {
    for (const { table, parentKey } of LOGGED) {
      const base = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
      const log = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(`${table}_log`) as string[];
      expect(base[0], table).toBe('ID');
      // ID, parent key, the base table's columns (its ID excluded) in order, then the common columns.
      expect(log, table).toEqual(['ID', parentKey, ...base.slice(1), ...COMMON, ...(HOW_MADE[table] ?? [])]);
      const pk = db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk = 1').pluck().all(`${table}_log`);
      expect(pk).toEqual(['ID']);
    }
    expect(snapshotColumns('Service Order', 'RecordID')).toContain('Order Date');
    expect(snapshotColumns('Service Order', 'RecordID')).toContain('Due Date');
    expect(snapshotColumns('Person', 'PersonID')).toContain('PasswordHash');
    expect(snapshotColumns('Customer', 'CustomerID')).toEqual(
      expect.arrayContaining(['TaxNumber', 'BankAccount', 'Notes', 'Balance', 'CreditLimit', 'AccountManagerID']),
    );
  });

  it('logs through after-insert, after-update and after-delete triggers that read the writing session', () => {
    for (const { table } of LOGGED) {
      const triggers = db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
        .pluck()
        .all(table) as string[];
      expect(triggers, table).toHaveLength(3);
      for (const event of ['AFTER INSERT', 'AFTER UPDATE', 'AFTER DELETE']) {
        const sql = triggers.find((t) => t.includes(event));
        expect(sql, `${table} ${event}`).toBeDefined();
        expect(sql).toContain(`INSERT INTO ${q(`${table}_log`)}`);
        for (const setting of ['by_id', 'by_name', 'by_time']) expect(sql).toContain(`audit_setting('${setting}')`);
      }
    }
  });

  it('indexes every log for history reads and person filters', () => {
    for (const { table, parentKey } of LOGGED) {
      const log = `${table}_log`;
      const indexes = (db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(log) as string[]).map((name) =>
        db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(name),
      );
      expect(indexes, log).toContainEqual([parentKey, 'ByTime', 'ID']);
      expect(indexes, log).toContainEqual(['ByID', 'ByTime']);
    }
    expect(count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).toBe(1);
  });

  it('has at least 14 people, including the automation, portal and import accounts', () => {
    expect(count('SELECT COUNT(*) FROM Person')).toBeGreaterThanOrEqual(14);
    const special = db.prepare('SELECT Login, Name FROM Person WHERE Login IN (?, ?, ?) ORDER BY Login').all('svc-automation', 'svc-import', 'web-portal');
    expect(special).toEqual([
      { Login: 'svc-automation', Name: 'Automation Service' },
      { Login: 'svc-import', Name: 'Data Import' },
      { Login: 'web-portal', Name: 'Online Portal' },
    ]);
    for (const login of ['svc-automation', 'svc-import', 'web-portal']) {
      expect(count('SELECT COUNT(*) FROM Customer_log WHERE ByID = ?', personId(login)), login).toBeGreaterThan(0);
    }
    expect(count("SELECT COUNT(*) FROM Person WHERE PasswordHash NOT LIKE '$2b$12$%'")).toBe(0);
  });

  it('logs who changed what under the name they had at the time (a renamed person)', () => {
    const renamed = db
      .prepare(
        `SELECT ByID, COUNT(DISTINCT ByName) AS names FROM (
           SELECT ByID, ByName FROM Customer_log UNION ALL SELECT ByID, ByName FROM Contact_log
         ) GROUP BY ByID HAVING names > 1`,
      )
      .all() as { ByID: number }[];
    expect(renamed.length).toBeGreaterThanOrEqual(1);
    const id = renamed[0]?.ByID;
    const latest = db.prepare('SELECT ByName FROM Customer_log WHERE ByID = ? ORDER BY ByTime DESC, ID DESC LIMIT 1').pluck().get(id);
    expect(latest).toBe(db.prepare('SELECT Name FROM Person WHERE ID = ?').pluck().get(id));
    // Person_log records the rename itself, password resets and department moves.
    expect(count("SELECT COUNT(*) FROM Person_log WHERE PersonID = ? AND ChangeCue = 'Modified' AND Name IS NOT NULL", id)).toBeGreaterThan(0);
    expect(count('SELECT COUNT(DISTINCT Name) FROM Person_log WHERE PersonID = ? AND Name IS NOT NULL', id)).toBeGreaterThanOrEqual(2);
    expect(count(`SELECT COUNT(*) FROM Person_log a JOIN Person_log b ON b.PersonID = a.PersonID AND b.ID > a.ID
      AND b.PasswordHash IS NOT a.PasswordHash AND a.PasswordHash IS NOT NULL`)).toBeGreaterThan(10);
    expect(count("SELECT COUNT(*) FROM Person_log WHERE PersonID = ? AND Department = 'Compliance'", personId('gkim'))).toBeGreaterThan(0);
    expect(db.prepare("SELECT Department FROM Person WHERE Login = 'gkim'").pluck().get()).toBe('Compliance');
  });

  it('keeps the logs of deleted records (at least 5%), each ending with a Deleted entry, across tables and time', () => {
    let everKnown = 0;
    let deleted = 0;
    const tablesWithDeletions: string[] = [];
    const deletionTimes: string[] = [];
    for (const { table, parentKey } of LOGGED) {
      const log = q(`${table}_log`);
      const key = q(parentKey);
      const gone = db
        .prepare(
          `SELECT p.id, (SELECT ChangeCue FROM ${log} l WHERE l.${key} = p.id ORDER BY ByTime DESC, ID DESC LIMIT 1) AS lastCue,
                  (SELECT ByTime FROM ${log} l WHERE l.${key} = p.id ORDER BY ByTime DESC, ID DESC LIMIT 1) AS lastTime
           FROM (SELECT DISTINCT ${key} AS id FROM ${log}) p
           WHERE p.id NOT IN (SELECT ID FROM ${q(table)})`,
        )
        .all() as { id: number; lastCue: string; lastTime: string }[];
      for (const row of gone) expect(row.lastCue, `${table} ${row.id}`).toBe('Deleted');
      const existing = count(`SELECT COUNT(*) FROM ${q(table)}`);
      everKnown += existing + gone.length;
      deleted += gone.length;
      if (gone.length > 0) tablesWithDeletions.push(table);
      deletionTimes.push(...gone.map((g) => g.lastTime));
    }
    expect(deleted).toBe(stats.deletedRecords);
    expect(deleted / everKnown).toBeGreaterThanOrEqual(0.05);
    expect(tablesWithDeletions).toEqual(expect.arrayContaining(['Customer', 'Contact', 'Audit', 'Finding', 'Service Order']));
    deletionTimes.sort();
    expect((deletionTimes[0] ?? '') < '2024-09-01').toBe(true);
    expect((deletionTimes.at(-1) ?? '') > '2026-06-01').toBe(true);
    // Deleting a customer deletes its contacts first, in the same save.
    expect(
      count(`SELECT COUNT(*) FROM Customer_log c JOIN Contact_log k
               ON k.CustomerID = c.CustomerID AND k.ByID = c.ByID AND k.ByTime = c.ByTime AND k.ChangeCue = 'Deleted'
             WHERE c.ChangeCue = 'Deleted'`),
    ).toBeGreaterThan(0);
  });

  it('has legacy rows from before full logging whose snapshot columns are all NULL', () => {
    let legacy = 0;
    for (const { table, parentKey } of LOGGED) {
      const log = q(`${table}_log`);
      const columns = snapshotColumns(table, parentKey);
      const allNull = columns.map((c) => `${q(c)} IS NULL`).join(' AND ');
      const before = count(`SELECT COUNT(*) FROM ${log} WHERE ByTime < ?`, LOGGING_START);
      const beforeAndNull = count(`SELECT COUNT(*) FROM ${log} WHERE ByTime < ? AND ${allNull}`, LOGGING_START);
      expect(beforeAndNull, table).toBe(before);
      // Trigger-written rows always carry a snapshot.
      expect(count(`SELECT COUNT(*) FROM ${log} WHERE ByTime >= ? AND ${allNull}`, LOGGING_START), table).toBe(0);
      expect(
        count(
          `SELECT COUNT(*) FROM ${log} WHERE ByTime < ? AND (ByID IS NULL OR ByName IS NULL OR ChangeCue NOT IN ('Added', 'Modified'))`,
          LOGGING_START,
        ),
      ).toBe(0);
      legacy += before;
    }
    expect(legacy).toBeGreaterThan(50);
    expect(count('SELECT COUNT(*) FROM Customer_log WHERE ByTime < ? AND ByTime LIKE ?', LOGGING_START, '2023-%')).toBeGreaterThan(0);
    // Legacy rows were written before the triggers: they have the lowest log ids.
    const firstTriggerRow = count('SELECT MIN(ID) FROM Customer_log WHERE ByTime >= ?', LOGGING_START);
    expect(count('SELECT MAX(ID) FROM Customer_log WHERE ByTime < ?', LOGGING_START)).toBeLessThan(firstTriggerRow);
  });

  it('logs a parent saved with a changed child as Unchanged, same person and second as the child', () => {
    expect(
      count(`SELECT COUNT(*) FROM Audit_log a JOIN Finding_log f
               ON f.AuditID = a.AuditID AND f.ByID = a.ByID AND f.ByTime = a.ByTime AND f.ChangeCue = 'Modified'
             WHERE a.ChangeCue = 'Unchanged'`),
    ).toBeGreaterThan(20);
    expect(
      count(`SELECT COUNT(*) FROM Customer_log c JOIN Contact_log k
               ON k.CustomerID = c.CustomerID AND k.ByID = c.ByID AND k.ByTime = c.ByTime AND k.ChangeCue = 'Modified'
             WHERE c.ChangeCue = 'Unchanged'`),
    ).toBeGreaterThan(20);
  });

  it('computes the cue from the snapshot: Unchanged rows repeat the previous one, Modified rows differ', () => {
    for (const { table, parentKey } of [LOGGED[1], LOGGED[3], LOGGED[4]]) {
      const columns = snapshotColumns(table, parentKey);
      const log = q(`${table}_log`);
      const rows = db
        .prepare(
          `SELECT cur.ChangeCue AS cue, ${columns.map((c, i) => `cur.${q(c)} IS prev.${q(c)} AS same${i}`).join(', ')}
           FROM ${log} cur JOIN ${log} prev ON prev.ID = (
             SELECT MAX(ID) FROM ${log} p WHERE p.${q(parentKey)} = cur.${q(parentKey)} AND p.ID < cur.ID)
           WHERE cur.ChangeCue IN ('Modified', 'Unchanged') AND prev.ByTime >= ? LIMIT 3000`,
        )
        .all(LOGGING_START) as Record<string, number | string>[];
      expect(rows.length, table).toBeGreaterThan(100);
      for (const row of rows) {
        const same = columns.every((_, i) => row[`same${i}`] === 1);
        expect(same, `${table} ${row.cue}`).toBe(row.cue === 'Unchanged');
      }
    }
  });

  it('has bulk edits: one person changing 20+ records within a minute', () => {
    const services = [personId('svc-automation'), personId('svc-import'), personId('web-portal')];
    const bulk = db
      .prepare(
        `SELECT a.ByID, COUNT(DISTINCT b.CustomerID) AS n FROM Customer_log a
         JOIN Customer_log b ON b.ByID = a.ByID AND b.ChangeCue = 'Modified'
           AND b.ByTime BETWEEN a.ByTime AND datetime(a.ByTime, '+59 seconds')
         WHERE a.ChangeCue = 'Modified' AND a.ByID NOT IN (?, ?, ?)
         GROUP BY a.ID HAVING n >= 20 LIMIT 1`,
      )
      .get(...services) as { ByID: number; n: number } | undefined;
    expect(bulk).toBeDefined();
  });

  it('records how each change was made, consistently with who made it (UpdateMethod, SourceIP)', () => {
    const [automation, importer, portal] = [personId('svc-automation'), personId('svc-import'), personId('web-portal')];
    const methods = (table: string, byId: number) =>
      db.prepare(`SELECT DISTINCT UpdateMethod FROM ${q(`${table}_log`)} WHERE ByID = ? AND UpdateMethod IS NOT NULL ORDER BY 1`).pluck().all(byId);
    for (const table of ['Customer', 'Contact']) {
      expect(methods(table, automation), table).toEqual(['Automation']);
      expect(methods(table, importer), table).toEqual(['Import']);
      expect(methods(table, portal), table).toEqual(['User']);
      // Every row the triggers wrote says how; only the legacy rows, written before, do not know.
      const unknown = count(`SELECT COUNT(*) FROM ${q(`${table}_log`)} WHERE UpdateMethod IS NULL`);
      const legacy = count(`SELECT COUNT(*) FROM ${q(`${table}_log`)} WHERE ByTime < ?`, LOGGING_START);
      expect(unknown, table).toBe(legacy);
    }
    expect(db.prepare('SELECT DISTINCT UpdateMethod FROM Customer_log WHERE UpdateMethod IS NOT NULL ORDER BY 1').pluck().all()).toEqual(['Automation', 'Bulk', 'Import', 'User']);
    // A bulk edit is one person's: never a service account's, and 20 or more of their changes within a minute.
    const bulk = db.prepare("SELECT ByID, ByTime FROM Customer_log WHERE UpdateMethod = 'Bulk' LIMIT 1").get() as { ByID: number; ByTime: string };
    expect([automation, importer, portal]).not.toContain(bulk.ByID);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND ByTime BETWEEN datetime(?, '-60 seconds') AND datetime(?, '+60 seconds')", bulk.ByID, bulk.ByTime, bulk.ByTime)).toBeGreaterThanOrEqual(20);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND UpdateMethod = 'Bulk'", personId('rokafor'))).toBeGreaterThan(0);
    // The IP address: the portal's visitors from the documentation range, the office from its network.
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND SourceIP NOT LIKE '203.0.113.%'", portal)).toBe(0);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND SourceIP <> '10.0.0.5'", automation)).toBe(0);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE UpdateMethod IN ('User', 'Bulk') AND ByID <> ? AND SourceIP NOT LIKE '10.20.%'", portal)).toBe(0);
  });

  it('has imports: the import account adding many records in the same second', () => {
    const batch = db
      .prepare(
        `SELECT ByTime, COUNT(*) AS n FROM Customer_log WHERE ByID = ? AND ChangeCue = 'Added'
         GROUP BY ByTime ORDER BY n DESC LIMIT 1`,
      )
      .get(personId('svc-import')) as { ByTime: string; n: number } | undefined;
    expect(batch?.n).toBeGreaterThanOrEqual(5);
    expect(count("SELECT COUNT(*) FROM Contact_log WHERE ByID = ? AND ByTime = ? AND ChangeCue = 'Added'", personId('svc-import'), batch?.ByTime)).toBeGreaterThanOrEqual(5);
  });

  it('has ties: two entries of one record in the same second (import, then automation tidying it)', () => {
    const ties = db
      .prepare(
        `SELECT a.ContactID, a.ByTime FROM Contact_log a JOIN Contact_log b
           ON b.ContactID = a.ContactID AND b.ByTime = a.ByTime AND b.ID > a.ID
         WHERE a.ChangeCue = 'Added' AND a.ByID = ? AND b.ChangeCue = 'Modified' AND b.ByID = ?`,
      )
      .all(personId('svc-import'), personId('svc-automation'));
    expect(ties.length).toBeGreaterThan(5);
    expect(count('SELECT COUNT(*) FROM (SELECT CustomerID FROM Customer_log GROUP BY CustomerID, ByTime HAVING COUNT(*) >= 2)')).toBeGreaterThan(0);
  });

  it('spans more than two years of full logging, in UTC, in both GMT and BST', () => {
    const range = db.prepare('SELECT MIN(ByTime) AS first, MAX(ByTime) AS last FROM Customer_log WHERE ByTime >= ?').get(LOGGING_START) as {
      first: string;
      last: string;
    };
    expect(range.first < '2024-05-02').toBe(true);
    expect(range.last >= '2026-10-30').toBe(true);
    expect(Date.parse(`${range.last}Z`) - Date.parse(`${range.first}Z`)).toBeGreaterThan(2 * 365 * 86_400_000);
    for (const { table } of LOGGED) {
      const bad = count(
        `SELECT COUNT(*) FROM ${q(`${table}_log`)} WHERE ByTime NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'`,
      );
      expect(bad, table).toBe(0);
    }
    // The nightly job runs at 02:00 London time: 01:00 UTC in summer, 02:00 UTC in winter.
    const bot = personId('svc-automation');
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND ByTime LIKE '2025-07-%' AND substr(ByTime, 12, 2) = '01'", bot)).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND ByTime LIKE '2025-07-%' AND substr(ByTime, 12, 2) = '02'", bot)).toBe(0);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND ByTime LIKE '2025-01-%' AND substr(ByTime, 12, 2) = '02'", bot)).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE ByID = ? AND ByTime LIKE '2025-01-%' AND substr(ByTime, 12, 2) = '01'", bot)).toBe(0);
  });

  it('gives the key account (Customer 1) a long log', () => {
    expect(count('SELECT COUNT(*) FROM Customer_log WHERE CustomerID = 1')).toBeGreaterThanOrEqual(1_200);
    expect(db.prepare('SELECT Name FROM Customer WHERE ID = 1').pluck().get()).toBe('Albion Foods Group plc');
  });

  it('moves records through sensible lives', () => {
    expect(count("SELECT COUNT(*) FROM Finding WHERE Status = 'Closed' AND ClosedOn IS NULL")).toBe(0);
    expect(count("SELECT COUNT(*) FROM Finding WHERE Status <> 'Closed' AND ClosedOn IS NOT NULL")).toBe(0);
    expect(count("SELECT COUNT(*) FROM Audit WHERE Status IN ('Reported', 'Closed') AND Score IS NULL")).toBe(0);
    // Open → Remediating → Closed, as logged.
    expect(
      count(`SELECT COUNT(DISTINCT a.ParentID) FROM Finding_log a
             JOIN Finding_log b ON b.ParentID = a.ParentID AND b.ID > a.ID AND b.Status = 'Remediating'
             JOIN Finding_log c ON c.ParentID = a.ParentID AND c.ID > b.ID AND c.Status = 'Closed'
             WHERE a.ChangeCue = 'Added' AND a.Status = 'Open'`),
    ).toBeGreaterThan(50);
    for (const status of ['Planned', 'In progress', 'Reported', 'Closed']) {
      expect(count('SELECT COUNT(*) FROM Audit_log WHERE Status = ? AND ByTime >= ?', status, LOGGING_START), status).toBeGreaterThan(0);
    }
  });

  it('holds realistic values: non-ASCII text, multi-line notes, NULLs, money in pence', () => {
    expect(count("SELECT COUNT(*) FROM Customer_log WHERE Notes LIKE '%’%' OR Notes LIKE '%ü%' OR Notes LIKE '%é%'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM Contact WHERE FirstName GLOB '*[^ -~]*' OR LastName GLOB '*[^ -~]*'")).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) FROM Customer WHERE instr(Notes, char(10)) > 0')).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) FROM Contact WHERE Mobile IS NULL')).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) FROM Customer WHERE BankAccount IS NULL')).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) FROM Customer_log WHERE abs(Balance * 100 - round(Balance * 100)) > 1e-6')).toBe(0);
    expect(count(`SELECT COUNT(*) FROM ${q('Service Order')} WHERE abs(Amount * 100 - round(Amount * 100)) > 1e-6`)).toBe(0);
    expect(count("SELECT COUNT(*) FROM Contact WHERE Phone GLOB '0[1-2]*' AND Phone NOT GLOB '0[1-2]* [0-9]*'")).toBe(0);
  });
});

describe('the demo generator', () => {
  it('gives the same file for the same seed, and different data for another seed', () => {
    const a = generateDemoReplica({ out: path.join(root, 'a.sqlite'), seed: 7, scale: 0.1 });
    const b = generateDemoReplica({ out: path.join(root, 'b.sqlite'), seed: 7, scale: 0.1 });
    const c = generateDemoReplica({ out: path.join(root, 'c.sqlite'), seed: 8, scale: 0.1 });
    expect(sha256(a.file)).toBe(sha256(b.file));
    expect({ ...b, file: a.file, seconds: a.seconds }).toEqual(a);
    expect(sha256(c.file)).not.toBe(sha256(a.file));
    const names = (file: string): unknown[] => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT Name FROM Customer ORDER BY ID LIMIT 50').pluck().all();
      } finally {
        db.close();
      }
    };
    expect(names(c.file)).not.toEqual(names(a.file));
  });

  it('scales the number of records roughly linearly', () => {
    const small = generateDemoReplica({ out: path.join(root, 'small.sqlite'), scale: 0.1 });
    const larger = generateDemoReplica({ out: path.join(root, 'larger.sqlite'), scale: 0.5 });
    const ratio = (larger.records + larger.deletedRecords) / (small.records + small.deletedRecords);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(7);
    expect(larger.logRows).toBeGreaterThan(small.logRows * 2.5);
  });

  it('refuses to overwrite an existing file unless forced', () => {
    const out = path.join(root, 'existing.sqlite');
    fs.writeFileSync(out, 'precious');
    expect(() => generateDemoReplica({ out, scale: 0.05 })).toThrow(/already exists/);
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    const stats = generateDemoReplica({ out, scale: 0.05, force: true });
    expect(stats.logRows).toBeGreaterThan(0);
    expect(fs.readFileSync(out).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('rejects nonsense options with one clear sentence', () => {
    expect(() => generateDemoReplica({ out: path.join(root, 'x.sqlite'), scale: 0 })).toThrow(/^The scale must be/);
    expect(() => generateDemoReplica({ out: path.join(root, 'x.sqlite'), seed: 1.5 })).toThrow(/^The seed must be/);
    expect(fs.existsSync(path.join(root, 'x.sqlite'))).toBe(false);
  });

  it('writes its log only through the writing session: without audit_setting a write fails', () => {
    const out = path.join(root, 'session.sqlite');
    generateDemoReplica({ out, scale: 0.05 });
    const db = new Database(out);
    try {
      const before = db.prepare('SELECT COUNT(*) FROM Customer_log').pluck().get();
      expect(() => db.prepare('UPDATE Customer SET Phone = ? WHERE ID = 1').run('020 7946 0999')).toThrow(/audit_setting/);
      expect(() => db.prepare('DELETE FROM Contact WHERE ID = 1').run()).toThrow(/audit_setting/);
      expect(db.prepare('SELECT COUNT(*) FROM Customer_log').pluck().get()).toBe(before);
      // A session that says who is writing gets its change logged by the trigger.
      const session: Record<string, string | number> = { by_id: 1, by_name: 'Helen Carter', by_time: '2026-11-02 10:00:00' };
      db.function('audit_setting', (name: unknown) => session[String(name)] ?? null);
      db.prepare('UPDATE Customer SET Phone = ? WHERE ID = 1').run('020 7946 0999');
      const last = db.prepare('SELECT CustomerID, Phone, ByID, ByName, ByTime, ChangeCue FROM Customer_log ORDER BY ID DESC LIMIT 1').get();
      expect(last).toEqual({ CustomerID: 1, Phone: '020 7946 0999', ByID: 1, ByName: 'Helen Carter', ByTime: '2026-11-02 10:00:00', ChangeCue: 'Modified' });
    } finally {
      db.close();
    }
  });
});

describe('npm run demo-db (db/demo/main.ts)', () => {
  const run = promisify(execFile);
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const main = path.resolve(__dirname, '../../db/demo/main.ts');

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [tsx, main, ...args]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('prints a summary on stdout and progress on stderr', async () => {
    const out = path.join(root, 'cli.sqlite');
    const { code, stdout, stderr } = await cli('--out', out, '--scale', '0.05', '--seed', '3');
    expect(code).toBe(0);
    expect(stdout).toMatch(/records: +[\d,]+/);
    expect(stdout).toMatch(/log rows: +[\d,]+/);
    expect(stdout).toMatch(/size: +[\d.]+ MB/);
    expect(stderr).toMatch(/Simulated 2026-10/);
    expect(fs.existsSync(out)).toBe(true);
  });

  it('fails with one sentence and exit code 1, without a stack trace', async () => {
    const out = path.join(root, 'cli-existing.sqlite');
    fs.writeFileSync(out, 'precious');
    for (const args of [['--out', out], ['--scale', '2'], ['--out', out, '--scale', 'lots'], ['--bogus']]) {
      const { code, stderr } = await cli(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('the demo on PostgreSQL', () => {
  it('loads through npm run demo-db --postgres, logged by triggers, with the same rows as the SQLite replica of the seed', async () => {
    const run = promisify(execFile);
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const main = path.resolve(__dirname, '../../db/demo/main.ts');
    const server = inject('pg');
    await asAdmin('postgres', 'CREATE DATABASE demo_cli');
    const twin = path.join(root, 'pg-twin.sqlite');
    const url = `postgres://${server.adminUser}@${server.host}:${server.port}/demo_cli?schema=demo`;
    const { stdout } = await run(process.execPath, [tsx, main, '--postgres', url, '--scale', '0.05', '--seed', '3', '--out', twin], {
      env: { ...process.env, PGPASSWORD: server.adminPassword },
    });
    expect(stdout).toMatch(/logged by PL\/pgSQL triggers/);
    expect(stdout).not.toContain(server.adminPassword);

    const client = new pg.Client({ connectionString: adminUrl(server, 'demo_cli') });
    await client.connect();
    const sqlite = new Database(twin, { readonly: true });
    try {
      // The triggers exist and read the acting person from the session: a write without it fails.
      await expect(client.query(`UPDATE demo."Customer" SET "Name" = "Name" WHERE "ID" = 1`)).rejects.toThrow(/audit\.by_id/);
      for (const table of ['Person', 'Customer', 'Contact', 'Audit', 'Finding', 'Service Order']) {
        const pgRows = (await client.query(`SELECT * FROM demo."${table}_log" ORDER BY "ID"`)).rows as Array<Record<string, unknown>>;
        const sqliteRows = sqlite.prepare(`SELECT * FROM "${table}_log" ORDER BY ID`).all() as Array<Record<string, unknown>>;
        expect(pgRows.length, table).toBe(sqliteRows.length);
        const normalise = (row: Record<string, unknown>) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : k === 'ByTime' ? `${String(v).replace(' ', 'T')}.000Z` : k === 'ID' ? Number(v) : v]),
          );
        expect(pgRows.map(normalise), table).toEqual(sqliteRows.map(normalise));
      }
    } finally {
      sqlite.close();
      await client.end();
    }
  });
});
