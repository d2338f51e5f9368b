/**
 * Restore SQL that nothing in the log can subvert, on both engines: names, titles and values that
 * hold line breaks (and every other control character) stay inside their comments and literals,
 * and every column type comes back exactly. Each script is RUN, as a DBA would, on a scratch copy
 * built from the same fixture (never on the database the app reads), and the restored row is
 * compared with the last snapshot column by column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService, DataSource } from '../../db/index';
import { ENGINES, fixtureSource, openSource, type EngineKind } from './fixtures/engines';
import { tempDir } from './fixtures/replica';
import { scratchCopy as copyOf, type Scratch } from './fixtures/scratch';

const dir = tempDir();

/** What a name, title or value may hold to end a `--` comment and run the rest as SQL. */
const ATTACK = ' DROP TABLE "Customer_log"; --';

/**
 * Customers deleted with hostile names (the title) and ByName, one per line terminator; customer 1
 * is still there. The text is written raw inside the literals, which both engines accept.
 */
const CUSTOMERS = `
CREATE TABLE "Person" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Login" TEXT);
INSERT INTO "Person" VALUES (1, 'Alice Archer', 'alice'), (2, 'Mallory', 'mallory');
CREATE TABLE "Customer" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Phone" TEXT, "TaxNumber" TEXT, "PasswordHash" TEXT);
INSERT INTO "Customer" VALUES (1, 'Live Ltd', '1', '111-11-1111', 'h1');
CREATE TABLE "Customer_log" ("ID" INTEGER PRIMARY KEY, "CustomerID" INTEGER, "Name" TEXT, "Phone" TEXT, "TaxNumber" TEXT,
  "PasswordHash" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Customer_log" VALUES
 (1, 1, 'Live Ltd', '1', '111-11-1111', 'h1', 1, 'Alice Archer', '2024-01-01 09:00:00', 'Added'),
 (2, 7, 'Evil\n${ATTACK}', 'a''b\n${ATTACK}', '222-22-2222', 'secret-hash-7', 1, 'Alice Archer', '2024-01-02 09:00:00', 'Added'),
 (3, 7, 'Evil\n${ATTACK}', 'a''b\n${ATTACK}', '222-22-2222', 'secret-hash-7', 2, 'Mallory\n${ATTACK}', '2024-01-03 09:00:00', 'Deleted'),
 (4, 8, 'Evil\r${ATTACK}', 'x\r${ATTACK}', NULL, NULL, 2, 'Mallory\r${ATTACK}', '2024-01-04 09:00:00', 'Deleted'),
 (5, 9, 'Evil\r\n${ATTACK} */ \u000b\u000c\u0085\u2028\u2029\u202e${ATTACK}', 'tab\there', NULL, NULL, 2,
    'Mallory\u2028${ATTACK}\u0085${ATTACK}\u000b${ATTACK}\u000c${ATTACK}\u0001${ATTACK}', '2024-01-05 09:00:00', 'Deleted');
`;

/** PostgreSQL: a deleted gadget whose columns are of every kind of type. */
const PG_GADGETS = `
CREATE TYPE "Mood" AS ENUM ('sad', 'ok', 'very happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE "Gadget" (
  "ID" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "Name" text, "Mood" "Mood", "Moods" "Mood"[], "Size" posint, "Ints" integer[], "Tags" text[], "Doc" json, "DocB" jsonb,
  "Bytes" bytea, "Price" numeric(32,12), "Big" bigint, "Ratio" double precision, "Third" double precision, "Small" real,
  "Key" uuid, "Active" boolean, "Day" date, "At" timestamp(6), "AtZone" timestamptz, "Search" tsvector, "Span" interval,
  "Label" varchar(60), "Code" char(5),
  "Twice" numeric GENERATED ALWAYS AS ("Price" * 2) STORED);
CREATE TABLE "Gadget_log" ("ID" bigint PRIMARY KEY, "GadgetID" integer,
  "Name" text, "Mood" "Mood", "Moods" "Mood"[], "Size" posint, "Ints" integer[], "Tags" text[], "Doc" json, "DocB" jsonb,
  "Bytes" bytea, "Price" numeric(32,12), "Big" bigint, "Ratio" double precision, "Third" double precision, "Small" real,
  "Key" uuid, "Active" boolean, "Day" date, "At" timestamp(6), "AtZone" timestamptz, "Search" tsvector, "Span" interval,
  "Label" varchar(60), "Code" char(5), "Twice" numeric,
  "ByID" integer, "ByName" text, "ByTime" timestamptz, "ChangeCue" text);
INSERT INTO "Gadget_log" VALUES
 (1, 5, 'Widget', 'very happy', '{sad,"very happy",NULL}', 3, '{1,NULL,-3}', '{"a,b","say \\"hi\\"",NULL,"line
break",""}',
  '{"b": 1,   "a": [1, 2.50]}', '{"b": 1, "a": [1, 2.50]}', '\\x00ff10'::bytea, 12345678901234567890.123456789012, 9007199254740993,
  0.1, 1::float8 / 3, 0.1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, '2024-02-29', '2024-03-01 10:11:12.123456',
  '2024-03-01 10:11:12.654321+05:30', to_tsvector('simple', 'fat cats sat'), '1 year 2 months 3 days 04:05:06.789',
  E'C:\\\\new\\\\path ''quoted'' \\t tab', 'ab', 24691357802469135780.246913578024,
  1, 'Alice Archer', '2024-04-01 09:00:00+00', 'Added'),
 (2, 5, 'Widget', 'very happy', '{sad,"very happy",NULL}', 3, '{1,NULL,-3}', '{"a,b","say \\"hi\\"",NULL,"line
break",""}',
  '{"b": 1,   "a": [1, 2.50]}', '{"b": 1, "a": [1, 2.50]}', '\\x00ff10'::bytea, 12345678901234567890.123456789012, 9007199254740993,
  0.1, 1::float8 / 3, 0.1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, '2024-02-29', '2024-03-01 10:11:12.123456',
  '2024-03-01 10:11:12.654321+05:30', to_tsvector('simple', 'fat cats sat'), '1 year 2 months 3 days 04:05:06.789',
  E'C:\\\\new\\\\path ''quoted'' \\t tab', 'ab', 24691357802469135780.246913578024,
  2, 'Mallory', '2024-04-02 09:00:00.000001+00', 'Deleted');
`;

/**
 * SQLite: a deleted gadget whose values test each storage class at its edges: "Lines" holds 300
 * line breaks and "Latin1" bytes that are not UTF-8 (both only writable exactly by their bytes).
 */
const SQLITE_GADGETS = `
CREATE TABLE "Gadget" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Big" INTEGER, "Ratio" REAL, "Third" REAL, "Tiny" REAL,
  "Whole" REAL, "Huge" REAL, "Bytes" BLOB, "Raw" TEXT, "Notes" TEXT, "Lines" TEXT, "Latin1" TEXT, "Anything");
CREATE TABLE "Gadget_log" ("ID" INTEGER PRIMARY KEY, "GadgetID" INTEGER, "Name" TEXT, "Big" INTEGER, "Ratio" REAL, "Third" REAL,
  "Tiny" REAL, "Whole" REAL, "Huge" REAL, "Bytes" BLOB, "Raw" TEXT, "Notes" TEXT, "Lines" TEXT, "Latin1" TEXT, "Anything",
  "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Gadget_log" VALUES
 (1, 5, 'Widget', 9007199254740993, 0.1, 1.0 / 3, 5e-324, 2.0, 9e999, X'00FF10', 'nul' || char(0) || 'inside' || char(10) || 'and' || char(13) || 'end',
  'it''s */ a tab' || char(9) || 'here', replace(hex(zeroblob(300)), '00', 'a' || char(10)), CAST(X'436166E9' AS TEXT),
  -9223372036854775808, 1, 'Alice Archer', '2024-04-01 09:00:00', 'Added'),
 (2, 5, 'Widget', 9007199254740993, 0.1, 1.0 / 3, 5e-324, 2.0, 9e999, X'00FF10', 'nul' || char(0) || 'inside' || char(10) || 'and' || char(13) || 'end',
  'it''s */ a tab' || char(9) || 'here', replace(hex(zeroblob(300)), '00', 'a' || char(10)), CAST(X'436166E9' AS TEXT),
  -9223372036854775808, 2, 'Mallory', '2024-04-02 09:00:00', 'Deleted');
`;

const fixtureSql = (engine: EngineKind): string => CUSTOMERS + (engine === 'postgres' ? PG_GADGETS : SQLITE_GADGETS);

/** Where a DBA would run the script: a writable copy of the fixture, never the database the app reads. */
const scratchCopy = (engine: EngineKind, source: DataSource): Promise<Scratch> => copyOf(source, fixtureSql(engine), dir);

/** Every line break any engine, client or editor knows. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

describe.each(ENGINES)('restore SQL on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;

  beforeAll(async () => {
    source = await fixtureSource(engine, dir, 'restore', fixtureSql(engine));
    api = await openSource(source);
  });
  afterAll(() => api?.close());

  it.each([7, 8, 9])('keeps hostile text of customer %i inside its comments and literals, and leaves the log standing when run', async (id) => {
    const restore = await api.getRestoreSql({ table: 'Customer', id });
    const lines = restore.sql.split(LINE_BREAKS);
    // Every line is a comment or the statement: nothing from the log starts a line of its own.
    for (const line of lines) expect(line, restore.sql).toMatch(/^(-- |INSERT INTO |VALUES \()/);
    expect(lines.filter((l) => !l.startsWith('-- '))).toHaveLength(2);
    // No control character, and no comment delimiter of any kind, in a comment.
    for (const line of lines.filter((l) => l.startsWith('-- '))) {
      expect(line).not.toMatch(/[\p{Cc}\p{Cf}]|\*\/|\/\*/u);
    }
    const scratch = await scratchCopy(engine, source);
    try {
      await scratch.run(restore.sql);
      expect(await scratch.tableExists('Customer_log')).toBe(true);
      const columns = ['ID', 'Name', 'Phone'];
      const restored = await scratch.row('Customer', 'ID', id, columns);
      const logRows = await scratch.row('Customer_log', 'ID', Number(restore.basedOn.logId), ['CustomerID', 'Name', 'Phone']);
      expect(restored).toEqual(logRows);
      // The password-like column stays out, and so does the masked one for this user.
      expect(await scratch.row('Customer', 'ID', id, ['TaxNumber', 'PasswordHash'])).toEqual({ c0: null, c1: null });
    } finally {
      await scratch.close();
    }
  });

  it('shows the name and the person in the comments, with their line breaks written visibly', async () => {
    const restore = await api.getRestoreSql({ table: 'Customer', id: 7 });
    expect(restore.sql).toContain(`-- Restores Customer 7 (Evil\\n${ATTACK}) as its last log snapshot recorded it:`);
    expect(restore.sql).toContain(`, Deleted by Mallory\\n${ATTACK} at 2024-01-03 09:00:00 UTC.`);
    expect(restore.omitted).toEqual([
      { field: 'TaxNumber', reason: 'masked for you' },
      { field: 'PasswordHash', reason: 'never shown (password-like)' },
    ]);
    expect(restore.sql).not.toContain('secret-hash-7');
    expect(restore.sql).not.toContain('222-22-2222');
  });

  it('writes every column type as a literal of its type, and the restored gadget equals its last snapshot', async () => {
    const restore = await api.getRestoreSql({ table: 'Gadget', id: 5 });
    const logColumns = (await api.listTables({})).tables.find((t) => t.name === 'Gadget')!.fields.map((f) => f.name);
    expect(restore.omitted).toEqual(engine === 'postgres' ? [{ field: 'Twice', reason: 'computed by the database' }] : []);
    if (engine === 'postgres') {
      // An identity GENERATED ALWAYS takes the old id only when told to.
      expect(restore.sql).toContain('OVERRIDING SYSTEM VALUE');
      // Types outside pg_catalog are schema-qualified, so the script does not depend on a search_path.
      expect(restore.sql).toContain(`'{sad,"very happy",NULL}'::public."Mood"[]`);
      expect(restore.sql).toContain(`E'\\\\x00ff10'::bytea`);
    }
    const scratch = await scratchCopy(engine, source);
    try {
      await scratch.run(restore.sql);
      const restored = await scratch.row('Gadget', 'ID', 5, ['ID', ...logColumns]);
      const last = await scratch.row('Gadget_log', 'ID', Number(restore.basedOn.logId), ['GadgetID', ...logColumns]);
      expect(last).toBeDefined();
      expect(Object.values(last!).filter((v) => v === null)).toEqual([]);
      expect(restored).toEqual(last);
    } finally {
      await scratch.close();
    }
  });

  it('includes the masked column for a user who may see it, still never the password-like one', async () => {
    const revealing = await openSource(source, { revealSensitive: true, sensitivity: { PasswordHash: 'none' } });
    try {
      const restore = await revealing.getRestoreSql({ table: 'Customer', id: 7 });
      expect(restore.omitted).toEqual([{ field: 'PasswordHash', reason: 'never shown (password-like)' }]);
      expect(restore.sql).not.toContain('secret-hash-7');
      const scratch = await scratchCopy(engine, source);
      try {
        await scratch.run(restore.sql);
        expect(await scratch.row('Customer', 'ID', 7, ['TaxNumber', 'PasswordHash'])).toEqual({
          c0: engine === 'postgres' ? '222-22-2222' : `text:${Buffer.from('222-22-2222').toString('hex').toUpperCase()}`,
          c1: null,
        });
      } finally {
        await scratch.close();
      }
    } finally {
      await revealing.close();
    }
  });
});
