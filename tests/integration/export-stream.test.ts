/**
 * The export stream (db/export/entry-stream.ts) against the export as the page-by-page path made
 * it, row for row, on both engines: the oracle here reads the contract's pages (`listActivity` /
 * `getHistory`, a few entries a page), reads every entry with a cut value again whole
 * (`getEntries`), and writes them with the same CSV / JSONL writer. The fixture holds what an
 * export must get exactly right: ties at the same microsecond across three tables, NULL and
 * unreadable times, first entries (unknown earlier values), masked and password columns, values
 * longer than the cut limit, hostile texts (line breaks, quotes, formula cells), and every filter.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRows, exportTo } from '../../db/export/index';
import { CSV_HEADER, entryCsvLines } from '../../db/export/csv';
import { hasCutValue } from '../../db/cut-values';
import type { AuditService } from '../../db/index';
import type { AuditApi } from '../../shared/contract';
import type { ActivityEntry, HistoryEntry } from '../../shared/domain';
import type { ExportFormat, ExportProgress, ExportSource } from '../../shared/export-contract';
import { HIDDEN_VALUE_TEXT, UNKNOWN_OLD_VALUE_TEXT } from '../../shared/export-contract';
import { ACTIVITY_FIXTURE } from './fixtures/activity-fixture';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { lit, tempDir } from './fixtures/replica';

const dir = tempDir('audit-trail-export-stream-');

const LONG_B = 'b'.repeat(2500);
const LONG_C = `=${'c'.repeat(2999)}`;
/** The same microsecond in three logs (Customer, Invoice, Note): the merge breaks the tie by table name. */
const TIE = '2024-04-02 09:00:00.000001';

const FIXTURE = `${ACTIVITY_FIXTURE}
INSERT INTO "Customer_log" VALUES
 (14, 3, 'Quiet Co', '020 7946 0000', 'hello@quiet.example', 500, NULL, NULL, 3, 'Carol Cole', '${TIE}', 'Added');
INSERT INTO "Invoice_log" VALUES (6, 101, 'INV-2', 30, 1, 'Alice Archer', '${TIE}', 'Modified');
CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "Title" TEXT, "Body" TEXT, "CardNumber" TEXT, "Passcode" TEXT);
INSERT INTO "Note" VALUES (1, 'Plan', 'x', '4000000000000002', 'pw3');
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "Title" TEXT, "Body" TEXT, "CardNumber" TEXT,
  "Passcode" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Note_log" VALUES
 (1, 1, 'Plan', ${lit('line one\nline "two", three')}, '4111111111111111', 'pw1', 1, 'Alice Archer', '${TIE}', 'Added'),
 (2, 1, '=HYPERLINK("http://x")', ${lit(LONG_B)}, '4111111111111111', 'pw2', 2, ${lit('Bob\nBaker')}, '${TIE}', 'Modified'),
 (3, 1, 'Plan, "v2"', ${lit(LONG_C)}, '4000000000000002', 'pw2', 3, 'Carol Cole', NULL, 'Modified'),
 (4, 1, '+cmd|calc', '-2+3', '4000000000000002', 'pw3', 1, 'Alice Archer', 'not a time', ' modified'),
 (5, 2, '@SUM(A1)', ${lit('tab\there')}, NULL, NULL, 2, 'Bob Baker', '2024-04-01 12:00:00', 'Added'),
 (6, 2, '@SUM(A1)', ${lit('tab\there')}, NULL, NULL, 2, 'Bob Baker', '2024-04-01 12:00:00', 'Deleted'),
 (7, 2, NULL, NULL, NULL, NULL, 1, 'Alice Archer', '2024-03-30 23:30:00', 'Mystery');
CREATE INDEX "IX_Note_log_history" ON "Note_log" ("NoteID", "ByTime", "ID");
`;

type Entry = HistoryEntry | ActivityEntry;

/** The export as the page-by-page path wrote it: contract pages, cut entries read again whole. */
async function oracle(api: AuditApi, source: ExportSource, format: ExportFormat, limit = 3): Promise<string> {
  let text = format === 'csv' ? CSV_HEADER : '';
  let cursor: string | undefined;
  do {
    const page =
      source.kind === 'history'
        ? await api.getHistory({ table: source.table, id: source.id, filter: source.filter, limit, cursor })
        : await api.listActivity({ filter: source.filter, limit, cursor });
    for (const paged of page.entries as Entry[]) {
      const table = 'table' in paged ? paged.table : source.kind === 'history' ? source.table : '';
      let entry: Entry = paged;
      if (hasCutValue(paged)) {
        const whole = (await api.getEntries({ table, id: paged.recordId, logIds: [paged.logId], wholeValues: true })).entries[0]!;
        entry = 'table' in paged ? { ...whole, table: paged.table, title: paged.title } : whole;
      }
      text += format === 'csv' ? entryCsvLines(entry, table) : `${JSON.stringify(entry)}\n`;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return text;
}

async function exported(api: AuditApi, source: ExportSource, format: ExportFormat, pageSize?: number): Promise<string> {
  let text = '';
  for await (const chunk of exportRows(api, { source, format, ...(pageSize !== undefined ? { pageSize } : {}) })) text += chunk;
  return text;
}

/** The service with its contract's reads refused: what an export may read only through its stream. */
function withoutPages(service: AuditService): AuditApi {
  const refuse = (name: string) => () => Promise.reject(new Error(`the export read ${name}`));
  return { ...service, listActivity: refuse('listActivity'), getHistory: refuse('getHistory'), getEntries: refuse('getEntries') } as AuditApi;
}

const SOURCES: Array<[string, ExportSource]> = [
  ['the whole activity', { kind: 'activity' }],
  ['activity, days in London', { kind: 'activity', filter: { from: '2024-03-31', to: '2024-04-02', timeZone: 'Europe/London' } }],
  ['activity, days in Kolkata', { kind: 'activity', filter: { from: '2024-04-02', to: '2024-04-02', timeZone: 'Asia/Kolkata' } }],
  ['activity, one person', { kind: 'activity', filter: { by: { kind: 'person', personId: 2 } } }],
  ['activity, cues Modified and Other', { kind: 'activity', filter: { cues: ['Modified', 'Other'] } }],
  ['activity, cue Deleted', { kind: 'activity', filter: { cues: ['Deleted'] } }],
  ['activity, tables Note and Invoice', { kind: 'activity', filter: { tables: ['Note', 'Invoice'] } }],
  ['activity, field Body', { kind: 'activity', filter: { field: 'body' } }],
  ['activity, field Phone, one person', { kind: 'activity', filter: { field: 'Phone', by: { kind: 'person', personId: 1 } } }],
  ['history of Customer 1', { kind: 'history', table: 'Customer', id: 1 }],
  ['history of Customer 1, days', { kind: 'history', table: 'Customer', id: 1, filter: { from: '2024-03-31', to: '2024-04-02', timeZone: 'Europe/London' } }],
  ['history of Customer 1, one person', { kind: 'history', table: 'Customer', id: 1, filter: { by: { kind: 'person', personId: 2 } } }],
  ['history of Customer 2 (legacy rows, deleted)', { kind: 'history', table: 'customer', id: '2' }],
  ['history of Note 1 (long values, odd times)', { kind: 'history', table: 'Note', id: 1 }],
];

describe.each(ENGINES)('the export stream on %s', (engine) => {
  let service: AuditService;
  beforeAll(async () => {
    service = await openSource(await fixtureSource(engine, dir, `export_stream_${engine}`, FIXTURE));
  });
  afterAll(async () => {
    await service?.close();
  });

  it('the oracle holds what the comparisons are about', async () => {
    const csv = await oracle(service, { kind: 'activity' }, 'csv');
    expect(csv).toContain(UNKNOWN_OLD_VALUE_TEXT);
    expect(csv).toContain(HIDDEN_VALUE_TEXT);
    expect(csv).toContain(LONG_B);
    expect(csv).toContain(`'${LONG_C}`);
    expect(csv).toContain('not a time');
    expect(csv).not.toContain('4111111111111111');
    // The microsecond tie: Customer, then Invoice, then Note.
    const tie = csv.split('\r\n').filter((line) => line.startsWith('2024-04-02T09:00:00.000001Z')).map((line) => line.split(',')[3]);
    expect([...new Set(tie)]).toEqual(['Customer', 'Invoice', 'Note']);
  });

  it.each(SOURCES)('%s: the same file as the page-by-page export, CSV and JSONL', async (_name, source) => {
    for (const format of ['csv', 'jsonl'] as const) {
      const expected = await oracle(service, source, format);
      expect(expected.length).toBeGreaterThan(format === 'csv' ? CSV_HEADER.length : 0);
      expect(await exported(service, source, format)).toBe(expected);
      // Batches as small as two entries: the merge and the previous entries across batch boundaries.
      expect(await exported(service, source, format, 2)).toBe(expected);
    }
  });

  it('reads no page of the contract: the export comes from its stream', async () => {
    const api = withoutPages(service);
    expect(await exported(api, { kind: 'activity' }, 'csv')).toBe(await oracle(service, { kind: 'activity' }, 'csv'));
    const history: ExportSource = { kind: 'history', table: 'Note', id: 1 };
    expect(await exported(api, history, 'jsonl')).toBe(await oracle(service, history, 'jsonl'));
  });

  it('reports its total up front and its progress honestly', async () => {
    const seen: ExportProgress[] = [];
    const result = await exportTo(service, { source: { kind: 'activity' }, format: 'csv', pageSize: 4, onProgress: (p) => seen.push(p) }, () => undefined);
    const entries = (await oracle(service, { kind: 'activity' }, 'jsonl')).split('\n').length - 1;
    expect(seen[0]).toEqual({ entries: 0, total: entries, rows: 0, bytes: 0 });
    expect(result).toMatchObject({ entries, total: entries });
    expect(seen.map((p) => p.entries)).toEqual([...seen.map((p) => p.entries)].sort((a, b) => a - b));
  });

  it('is refused to a plain user before any row is read', async () => {
    const user = await openSource(await fixtureSource(engine, dir, `export_stream_user_${engine}`, FIXTURE), { roles: { admins: ['nobody-here'] } });
    try {
      await expect(user.openExportEntries({ kind: 'activity' })).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      await user.close();
    }
  });

  it('reads a whole log as arrays of the columns selected, in their order, a batch at a time', async () => {
    // Rows as arrays, not objects keyed by column: an export of millions of rows builds only what
    // an entry reads (entry-stream.ts names the columns it selected).
    const { engine } = service;
    const query = sql`SELECT ${sql.id('ByName')}, ${sql.id('ID')} FROM ${engine.table('Note_log')} ORDER BY ${sql.id('ID')}`.compile(engine.db);
    const batches: unknown[][][] = [];
    for await (const batch of engine.streamRows(query, { batchSize: 3 })) batches.push(batch);
    expect(batches.every((batch) => batch.length >= 1 && batch.length <= 3)).toBe(true);
    const rows = batches.flat();
    expect(rows.every((row) => Array.isArray(row))).toBe(true);
    expect(rows.map(([name, id]) => [name, Number(id)])).toEqual([
      ['Alice Archer', 1],
      ['Bob\nBaker', 2],
      ['Carol Cole', 3],
      ['Alice Archer', 4],
      ['Bob Baker', 5],
      ['Bob Baker', 6],
      ['Alice Archer', 7],
    ]);
  });

  it('stops when aborted, its queries closed', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    const run = exportTo(service, { source: { kind: 'activity' }, format: 'csv', pageSize: 1, signal: controller.signal }, (chunk) => {
      chunks.push(chunk);
      if (chunks.length === 3) controller.abort();
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks.length).toBe(3);
    // The database is still usable: nothing was left open.
    expect((await service.listActivity({ limit: 1 })).entries.length).toBe(1);
  });
});
