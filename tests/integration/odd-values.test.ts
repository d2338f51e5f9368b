/**
 * Columns an organisation's database may hold that a simple reader would trip over: binary
 * values, integers past 2^53, text keys, numbers stored as text, and untyped columns.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditDatabase } from '../../db/index';
import { fixtureSource, openSource } from './fixtures/engines';
import { tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir();
const COMMON = 'ByID INTEGER, ByName TEXT, ByTime TEXT, ChangeCue TEXT';

const ODD = `
CREATE TABLE Document (ID TEXT PRIMARY KEY, Title TEXT, Body BLOB, Size INTEGER, Amount, Flag INTEGER);
INSERT INTO Document VALUES ('9f1c2d3e-0000-4000-8000-000000000001', 'Spec', x'00010203', 9007199254740993, '1200.00', 1);
CREATE TABLE Document_log (ID INTEGER PRIMARY KEY, DocumentID TEXT, Title TEXT, Body BLOB, Size INTEGER, Amount, Flag INTEGER, ${COMMON});
INSERT INTO Document_log VALUES
 (9007199254740993, '9f1c2d3e-0000-4000-8000-000000000001', 'Spec', x'000102', 9007199254740992, 1200, 1, 1, 'A', '2024-01-01 10:00:00', 'Added'),
 (9007199254740995, '9f1c2d3e-0000-4000-8000-000000000001', 'Spec', x'00010203', 9007199254740993, '1200.00', 1, 1, 'A', '2024-01-02 10:00:00', 'Modified'),
 (9007199254740997, '9f1c2d3e-0000-4000-8000-000000000001', 'Spec', x'00010203', 9007199254740993, '1200.00', 'yes', 1, 'A', '2024-01-03 10:00:00', 'Modified');
`;

describe('odd column types', () => {
  it('reads binary values, big integers, text keys and numbers stored as text without loss or crash', async () => {
    const file = writeReplica(path.join(dir, 'odd.sqlite'), ODD);
    const api = await openAuditDatabase({ file });
    try {
      const id = '9f1c2d3e-0000-4000-8000-000000000001';
      const first = await api.getHistory({ table: 'Document', id, limit: 2 });
      const all = [...first.entries, ...(await api.getHistory({ table: 'Document', id, cursor: first.nextCursor! })).entries];
      // Log ids past 2^53 arrive exactly, as text, and page correctly.
      expect(all.map((e) => e.logId)).toEqual(['9007199254740997', '9007199254740995', '9007199254740993']);
      const [flagChange, bodyChange] = all;
      expect(flagChange?.changes).toEqual([{ field: 'Flag', old: 1, new: 'yes' }]);
      // '1200.00' is the same amount as 1200: not a change. The blob and the big integer did change.
      expect(bodyChange?.changes.map((c) => c.field)).toEqual(['Body', 'Size']);
      expect(bodyChange?.changes[0]?.new).toMatchObject({ kind: 'binary', bytes: 4 });
      expect(bodyChange?.changes[1]).toEqual({ field: 'Size', old: '9007199254740992', new: '9007199254740993' });
      expect(bodyChange?.narrative).toContain('Body changed from binary data (3 bytes) to binary data (4 bytes)');
      const { record } = await api.getRecord({ table: 'Document', id });
      expect(record).toMatchObject({ id, title: 'Spec', exists: true, logEntryCount: 3, values: { Size: '9007199254740993', Amount: '1200.00' } });
      // JSON can carry everything the data layer hands out.
      expect(() => JSON.stringify({ all, record })).not.toThrow();
    } finally {
      await api.close();
    }
  });
});

/** PostgreSQL's own types, and names that need quoting, in a log read through the same code. */
const ODD_POSTGRES = `
CREATE TABLE "Línea de pedido" ("ID" uuid PRIMARY KEY, "select" text, "Unit ""Price""" numeric(12,2), "Payload" jsonb, "Tags" text[],
  "Body" bytea, "Big" bigint, "Due" date, "Active" boolean);
INSERT INTO "Línea de pedido" VALUES ('9f1c2d3e-0000-4000-8000-000000000001', 'kw', 1200.50, '{"a": 1}', '{x,y}', '\\x000102', 9007199254740993, '2024-03-31', true);
CREATE TABLE "Línea de pedido_log" ("ID" bigint PRIMARY KEY, "RecordID" uuid, "select" text, "Unit ""Price""" numeric(12,2), "Payload" jsonb,
  "Tags" text[], "Body" bytea, "Big" bigint, "Due" date, "Active" boolean, "ByID" integer, "ByName" text, "ByTime" timestamptz, "ChangeCue" text);
INSERT INTO "Línea de pedido_log" VALUES
 (9007199254740993, '9f1c2d3e-0000-4000-8000-000000000001', 'kw', 1200.00, '{"a": 0}', '{x}', '\\x0001', 9007199254740992, '2024-03-30', false, 1, 'A', '2024-03-31 00:30:00+00', 'Added'),
 (9007199254740995, '9f1c2d3e-0000-4000-8000-000000000001', 'kw', 1200.50, '{"a": 1}', '{x,y}', '\\x000102', 9007199254740993, '2024-03-31', true, 1, 'A', '2024-03-31 23:30:00+00', 'Modified');
`;

describe('odd column types on PostgreSQL', () => {
  it('reads numeric, jsonb, arrays, bytea, bigint, date, boolean and uuid keys, under names that need quoting', async () => {
    const api = await openSource(await fixtureSource('postgres', dir, 'odd', ODD_POSTGRES));
    try {
      const id = '9f1c2d3e-0000-4000-8000-000000000001';
      const { entries } = await api.getHistory({ table: 'Línea de pedido', id });
      expect(entries.map((e) => e.logId)).toEqual(['9007199254740995', '9007199254740993']);
      const [latest] = entries;
      expect(latest?.byTime).toBe('2024-03-31T23:30:00.000Z');
      expect(Object.fromEntries(latest!.changes.map((c) => [c.field, [c.old, c.new]]))).toEqual({
        'Unit "Price"': ['1200.00', '1200.50'],
        Payload: ['{"a":0}', '{"a":1}'],
        Tags: ['["x"]', '["x","y"]'],
        Body: [expect.objectContaining({ kind: 'binary', bytes: 2 }), expect.objectContaining({ kind: 'binary', bytes: 3 })],
        Big: ['9007199254740992', '9007199254740993'],
        // A date stays the day it is: no shift through this machine's time zone.
        Due: ['2024-03-30', '2024-03-31'],
        Active: [false, true],
      });
      const { records } = await api.listRecords({ table: 'Línea de pedido', search: 'KW' });
      expect(records.map((r) => r.id)).toEqual([id]);
      const sorted = await api.listRecords({ table: 'Línea de pedido', sort: { field: 'Unit "Price"', direction: 'desc' } });
      expect(sorted.records).toHaveLength(1);
      expect(() => JSON.stringify(entries)).not.toThrow();
    } finally {
      await api.close();
    }
  });
});
