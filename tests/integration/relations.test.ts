/**
 * Which records belong to which, once per engine: declared foreign keys followed by the rule of
 * db/schema/relations.ts (people, role-named columns, unlogged parents, one table's trees and
 * columns the log does not keep are not ownership), and the settings' `belongsTo` adding a
 * relation the schema does not declare and removing one it does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { isNamedAfter } from '../../db/schema/relations';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const dir = tempDir();

const LOG_COLUMNS = `"ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT NOT NULL, "ChangeCue" TEXT`;

const FIXTURE = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
CREATE TABLE "Person_log" ("ID" INTEGER PRIMARY KEY, "PersonID" INTEGER, "Name" TEXT, "Login" TEXT, ${LOG_COLUMNS});
CREATE TABLE "Country" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
CREATE TABLE "Country_log" ("ID" INTEGER PRIMARY KEY, "CountryID" INTEGER, "Name" TEXT, ${LOG_COLUMNS});
CREATE TABLE "Region" ("ID" INTEGER PRIMARY KEY, "Name" TEXT);
CREATE TABLE "Customer" ("ID" INTEGER PRIMARY KEY, "Name" TEXT,
  "AccountManagerID" INTEGER REFERENCES "Person" ("ID"), "CountryID" INTEGER REFERENCES "Country" ("ID"),
  "RegionID" INTEGER REFERENCES "Region" ("ID"), "ParentCustomerID" INTEGER REFERENCES "Customer" ("ID"));
CREATE TABLE "Customer_log" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER, "Name" TEXT, "AccountManagerID" INTEGER,
  "CountryID" INTEGER, "RegionID" INTEGER, "ParentCustomerID" INTEGER, ${LOG_COLUMNS});
CREATE TABLE "Contact" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER NOT NULL REFERENCES "Customer" ("ID"), "Name" TEXT);
CREATE TABLE "Contact_log" ("ID" INTEGER PRIMARY KEY, "ContactID" INTEGER, "CustomerID" INTEGER, "Name" TEXT, ${LOG_COLUMNS});
CREATE TABLE "Audit" ("ID" INTEGER PRIMARY KEY, "customer_id" INTEGER REFERENCES "Customer" ("ID"),
  "LeadAuditorID" INTEGER REFERENCES "Person" ("ID"), "Title" TEXT);
CREATE TABLE "Audit_log" ("ID" INTEGER PRIMARY KEY, "AuditID" INTEGER, "customer_id" INTEGER, "LeadAuditorID" INTEGER, "Title" TEXT, ${LOG_COLUMNS});
CREATE TABLE "Finding" ("ID" INTEGER PRIMARY KEY, "AuditID" INTEGER REFERENCES "Audit" ("ID"), "Reference" TEXT);
CREATE TABLE "Finding_log" ("ID" INTEGER PRIMARY KEY, "ParentID" INTEGER, "AuditID" INTEGER, "Reference" TEXT, ${LOG_COLUMNS});
CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER, "Body" TEXT);
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "CustomerID" INTEGER, "Body" TEXT, ${LOG_COLUMNS});
CREATE TABLE "Invoice" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER REFERENCES "Customer" ("ID"), "Total" TEXT);
CREATE TABLE "Invoice_log" ("ID" INTEGER PRIMARY KEY, "InvoiceID" INTEGER, "Total" TEXT, ${LOG_COLUMNS});
`;

describe.each(ENGINES)('relations on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;
  let configured: AuditService;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'relations', FIXTURE);
    api = await openSource(source, { osLogin: 'nobody' });
    configured = await openSource(source, {
      osLogin: 'nobody',
      tables: { Note: { belongsTo: { customerid: 'Customer' } }, Customer: { belongsTo: { CountryID: false } }, Invoice: { belongsTo: { Total: 'Nowhere' } } },
    });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await configured?.close();
  });

  const pairs = (relations: Array<{ child: string; column: string; parent: string }>) => relations.map((r) => `${r.child}.${r.column} → ${r.parent}`).sort();

  it('follows the declared keys named after a logged parent, and says why the others are not ownership', async () => {
    const { relations, relationsLeftOut } = await api.listTables({});
    expect(pairs(relations)).toEqual(['Audit.customer_id → Customer', 'Contact.CustomerID → Customer', 'Customer.CountryID → Country', 'Finding.AuditID → Audit']);
    expect(relations.every((r) => r.from === 'foreign key')).toBe(true);
    const why = Object.fromEntries(relationsLeftOut.map((r) => [`${r.child}.${r.column}`, r.reason]));
    expect(why['Customer.AccountManagerID']).toMatch(/person/);
    expect(why['Audit.LeadAuditorID']).toMatch(/person/);
    expect(why['Customer.RegionID']).toMatch(/Region is not a logged table/);
    expect(why['Customer.ParentCustomerID']).toMatch(/its own table/);
    expect(why['Invoice.CustomerID']).toMatch(/does not keep CustomerID/);
  });

  it('adds and removes relations as the settings say, and says what it could not follow', async () => {
    const { relations, relationsLeftOut } = await configured.listTables({});
    expect(pairs(relations)).toEqual(['Audit.customer_id → Customer', 'Contact.CustomerID → Customer', 'Finding.AuditID → Audit', 'Note.CustomerID → Customer']);
    expect(relations.find((r) => r.child === 'Note')?.from).toBe('settings');
    const why = Object.fromEntries(relationsLeftOut.map((r) => [`${r.child}.${r.column}`, r.reason]));
    expect(why['Customer.CountryID']).toMatch(/settings say it is not ownership/);
    expect(why['Invoice.Total']).toMatch(/Nowhere, which is not a logged table/);
  });
});

describe('a column named after its table', () => {
  it('reads the usual spellings and singulars, and not role names', () => {
    for (const [column, table] of [['CustomerID', 'Customer'], ['customer_id', 'Customer'], ['Customer', 'Customer'], ['ServiceOrderID', 'Service Order'], ['customer_id', 'customers'], ['category_id', 'categories'], ['address_id', 'addresses'], ['CUSTOMER_KEY', 'Customer']]) {
      expect(isNamedAfter(column!, table!), `${column} after ${table}`).toBe(true);
    }
    for (const [column, table] of [['AccountManagerID', 'Person'], ['LeadAuditorID', 'Person'], ['BillingAddressID', 'Address'], ['ID', 'Customer'], ['CustomerName', 'Customer']]) {
      expect(isNamedAfter(column!, table!), `${column} after ${table}`).toBe(false);
    }
  });
});
