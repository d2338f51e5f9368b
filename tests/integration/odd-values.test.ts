/**
 * Columns an organisation's database may hold that a simple reader would trip over: binary
 * values, integers past 2^53, text keys, numbers stored as text, and untyped columns.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditDatabase } from '../../db/index';
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
