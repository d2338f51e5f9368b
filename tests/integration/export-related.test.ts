/**
 * A record's whole story exported (`{ kind: 'related' }`, `export TABLE ID --related`), once per
 * engine: the file holds exactly the entries the related log's pages show, in their order, each
 * line naming its own table and record; long values whole; masked values masked; the same file
 * whatever the batch size; the page-by-page path (the contract's pages, as the web shell's
 * renderer would read them) writes the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvHeader, entryCsvLines } from '../../db/export/csv';
import { exportRows } from '../../db/export/index';
import { hasCutValue } from '../../db/cut-values';
import type { AuditService } from '../../db/index';
import type { AuditApi } from '../../shared/contract';
import type { ActivityEntry, HowMadePart } from '../../shared/domain';
import { describeExportSource, exportFileName, storyTables, type ExportFormat, type ExportSource } from '../../shared/export-contract';
import { entryKeysOfJsonl, runCli } from './fixtures/cli';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { RELATED_FIXTURE, WHOLE_STORY } from './fixtures/related-fixture';
import { lit, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir('audit-trail-export-related-');
const NOTES = { Note: { belongsTo: { CustomerID: 'Customer' } } };
/** A note longer than a page carries whole: the export must write it whole. */
const LONG_NOTE = `Called back. ${'x'.repeat(3000)}`;
/** Notes record how each change was made (an update method): the file gives it a column. */
const FIXTURE = `${RELATED_FIXTURE}
ALTER TABLE "Note_log" ADD COLUMN "UpdateMethod" TEXT;
INSERT INTO "Note_log" ("ID", "NoteID", "CustomerID", "Body", "ByID", "ByName", "ByTime", "ChangeCue", "UpdateMethod")
  VALUES (3, 40, 1, ${lit(LONG_NOTE)}, 1, 'Alice Archer', '2024-04-02 08:00:00', 'Updated', 'Bulk');
`;
/** The whole story with the long note (2 April), just after Customer 1's newest entry (1 May). */
const STORY = [WHOLE_STORY[0]!, 'Note:3', ...WHOLE_STORY.slice(1)];

async function exported(api: AuditApi, source: ExportSource, format: ExportFormat, pageSize?: number): Promise<string> {
  let text = '';
  for await (const chunk of exportRows(api, { source, format, ...(pageSize !== undefined ? { pageSize } : {}) })) text += chunk;
  return text;
}

/** The story as the related log's pages show it (two entries a page), cut entries read again whole. */
async function oracle(api: AuditApi, source: Extract<ExportSource, { kind: 'related' }>, format: ExportFormat): Promise<string> {
  let text = '';
  let cursor: string | undefined;
  // Only the notes' log records how a change was made: a Method column when notes are among the story's tables.
  let made: HowMadePart[] = [];
  do {
    const page = await api.getRelatedHistory({ table: source.table, id: source.id, depth: source.depth, filter: source.filter, limit: 2, cursor });
    if (cursor === undefined) {
      made = storyTables(page.family, source.filter?.tables).includes('Note') ? ['method'] : [];
      if (format === 'csv') text += csvHeader(made);
    }
    for (const paged of page.entries) {
      let entry: ActivityEntry = paged;
      if (hasCutValue(paged)) {
        const whole = (await api.getEntries({ table: paged.table, id: paged.recordId, logIds: [paged.logId], wholeValues: true })).entries[0]!;
        entry = { ...whole, table: paged.table, title: paged.title };
      }
      text += format === 'csv' ? entryCsvLines(entry, entry.table, made) : `${JSON.stringify(entry)}\n`;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return text;
}

/** The service without the stream: the export then pages the contract (the path of a remote API). */
function pagesOnly(service: AuditService): AuditApi {
  const { openExportEntries: _stream, ...api } = service;
  return api as AuditApi;
}

const SOURCES: Array<[string, Extract<ExportSource, { kind: 'related' }>]> = [
  ['the whole story', { kind: 'related', table: 'Customer', id: 1 }],
  ['depth 1, contacts and notes', { kind: 'related', table: 'Customer', id: 1, depth: 1, filter: { tables: ['Contact', 'Note'] } }],
  ['days in Kolkata', { kind: 'related', table: 'Customer', id: '1', filter: { from: '2024-03-01', to: '2024-04-02', timeZone: 'Asia/Kolkata' } }],
];

describe.each(ENGINES)('a record\'s whole story exported, on %s', (engine) => {
  let admin: AuditService;
  beforeAll(async () => {
    admin = await openSource(await fixtureSource(engine, dir, `export_related_${engine}`, FIXTURE), { osLogin: 'nobody', tables: NOTES });
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
  });

  it('holds every entry of the story once, newest first, each naming its own table and record', async () => {
    const jsonl = await exported(admin, { kind: 'related', table: 'Customer', id: 1 }, 'jsonl');
    expect(entryKeysOfJsonl(jsonl)).toEqual(STORY);
    const csv = (await exported(admin, { kind: 'related', table: 'Customer', id: 1 }, 'csv')).split('\r\n');
    const line = (table: string, record: string, logId: string) => csv.filter((l) => l.split(',').slice(3, 6).join(',') === `${table},${record},${logId}`);
    // Contact 11 moved in (log 4): its line names Contact 11, not the customer.
    expect(line('Contact', '11', '4')).toHaveLength(1);
    expect(line('Finding', '30', '2')[0]).toContain('F-1b');
    // Masked in the file as on screen; the long note whole.
    expect(csv.join('\n')).not.toContain('TX-SECRET');
    expect(csv.join('\n')).toContain(LONG_NOTE);
    // How the note was changed has a column of its own, in the notes' lines; without notes, none.
    expect(csv[0]).toMatch(/,Method$/);
    expect(line('Note', '40', '3')[0]).toMatch(/,Bulk$/);
    const contactsOnly = await exported(admin, { kind: 'related', table: 'Customer', id: 1, filter: { tables: ['contact'] } }, 'csv');
    expect(contactsOnly.split('\r\n')[0]).not.toContain('Method');
  });

  it.each(SOURCES)('%s: the same file as its pages, in batches of any size, by either path', async (_name, source) => {
    for (const format of ['csv', 'jsonl'] as const) {
      const expected = await oracle(admin, source, format);
      expect(await exported(admin, source, format)).toBe(expected);
      expect(await exported(admin, source, format, 2)).toBe(expected);
      expect(await exported(pagesOnly(admin), source, format, 3)).toBe(expected);
    }
  });

  it('refuses a table outside the story in one sentence, before any of the file', async () => {
    await expect(exported(admin, { kind: 'related', table: 'Customer', id: 1, filter: { tables: ['Person'] } }, 'csv')).rejects.toThrow(
      /is not a table of this record's story/,
    );
  });
});

describe('what a story export is called', () => {
  it('names the record and says its related records are in it', () => {
    const source: ExportSource = { kind: 'related', table: 'Service Order', id: 7, filter: { tables: ['Contact'] } };
    expect(exportFileName(source, 'csv', new Date('2026-11-30T15:04:00Z'))).toBe('Service_Order-7-log-with-related-20261130-1504.csv');
    expect(describeExportSource(source)).toBe("Service Order 7's log with its related records · tables Contact · all dates · anyone");
  });
});

describe('audit-trail export TABLE ID --related', () => {
  const db = writeReplica(path.join(dir, 'cli-export-related.sqlite'), FIXTURE);
  const config = path.join(dir, 'settings.json');
  fs.writeFileSync(config, JSON.stringify({ tables: NOTES }));
  const cli = (...args: string[]) => runCli(path.join(dir, 'cli-home'), ['export', '--db', db, '--config', config, ...args]);

  it('writes the story, --table narrowing it, --depth bounding it', async () => {
    const all = await cli('Customer', '1', '--related', '--format', 'jsonl');
    expect(all.code).toBe(0);
    expect(entryKeysOfJsonl(all.stdout)).toEqual(STORY);
    const contacts = await cli('Customer', '1', '--related', '--depth', '1', '--table', 'Contact', '--format', 'jsonl');
    expect(entryKeysOfJsonl(contacts.stdout)).toEqual(STORY.filter((k) => k.startsWith('Contact:')));
  });

  it('refuses --related without a record, and activity filters with it, in one sentence', async () => {
    const without = await cli('--related');
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/--related goes with TABLE ID/);
    const cue = await cli('Customer', '1', '--related', '--cue', 'Added');
    expect(cue.code).toBe(2);
    expect(cue.stderr).toMatch(/--cue, --field, --since and --until narrow the activity/);
  });
});
