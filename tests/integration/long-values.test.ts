/**
 * Very long values (tests/integration/fixtures/long-values.ts: twelve entries of one document,
 * each holding a 10 MB text), on both engines: every page carries them cut to CUT_VALUE_CHARS and
 * marked (with the whole value's length and digest), the diff and masking still see the whole
 * value, the whole value is one call away, and exports write every 10 MB text whole, exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRows } from '../../db/export/index';
import type { AuditService, DataSource } from '../../db/index';
import type { AuditApi } from '../../shared/contract';
import type { ExportFormat } from '../../shared/export-contract';
import type { FieldValue, HistoryEntry, TruncatedValue } from '../../shared/domain';
import { CUT_VALUE_CHARS, isTruncatedValue, sameValue } from '../../shared/values';
import { READER } from '../support/pg-server';
import { runCli } from './fixtures/cli';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import {
  BODY_LENGTH,
  bodyOf,
  DELETED_BODY,
  DELETED_TITLE,
  LONG_BANK_DETAILS,
  LONG_ENTRIES,
  longValuesFixture,
  sha256,
} from './fixtures/long-values';
import { tempDir } from './fixtures/replica';

const dir = tempDir('audit-trail-long-');

/** What a test needs to know of a whole text: its beginning, length and digest (worked out once). */
interface Facts {
  begin: string;
  length: number;
  sha256: string;
}
const facts = new Map<string, Facts>();
function factsOf(key: string, make: () => string): Facts {
  let known = facts.get(key);
  if (!known) {
    const text = make();
    known = { begin: text.slice(0, CUT_VALUE_CHARS), length: text.length, sha256: sha256(text) };
    facts.set(key, known);
  }
  return known;
}
/** Log entry `id`'s Body. */
const body = (id: number) => factsOf(`body ${id}`, () => bodyOf(id));
const text = (whole: string) => factsOf(whole, () => whole);

/** Checks a cut value against the whole (the digest a cut value carries: these texts have no whitespace to trim). */
function expectCut(value: FieldValue | undefined, whole: Facts): TruncatedValue {
  if (!isTruncatedValue(value)) throw new Error(`expected a cut value, got ${JSON.stringify(value)?.slice(0, 80)}`);
  expect(value.text).toBe(whole.begin);
  expect(value.length).toBe(whole.length);
  expect(value.digest).toBe(whole.sha256.slice(0, 16));
  return value;
}

/** The entries of a JSON Lines stream, one at a time (a whole entry is some 30 MB of text). */
async function* jsonLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    rest += chunk;
    let end;
    while ((end = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, end);
      rest = rest.slice(end + 1);
    }
  }
  expect(rest).toBe('');
}

/**
 * A CSV line's fields (these texts hold no line breaks, only commas and quotes), found with
 * indexOf: a field here may be 10 MB long.
 */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) throw new Error('unterminated quoted field');
        if (line[quote + 1] === '"') {
          value += line.slice(from, quote + 1);
          from = quote + 2;
        } else {
          value += line.slice(from, quote);
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end;
    }
    if (i >= line.length) return fields;
    i += 1;
  }
}

async function* fileChunks(file: string): AsyncGenerator<string> {
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) yield chunk as string;
}

/**
 * Checks a JSON Lines export of Document 1's log: twelve entries, every Body whole and exact
 * (by digest, in the snapshot and in the changes), nothing cut.
 */
async function checkJsonl(chunks: AsyncIterable<string>): Promise<void> {
  const seen: number[] = [];
  for await (const line of jsonLines(chunks)) {
    expect(line.includes('"truncated"')).toBe(false);
    expect(line.includes('secret-token')).toBe(false);
    const entry = JSON.parse(line) as HistoryEntry;
    const id = Number(entry.logId);
    seen.push(id);
    expect(sha256(entry.snapshot.Body as string)).toBe(body(id).sha256);
    const change = entry.changes.find((c) => c.field === 'Body');
    if (id === 7) expect(change).toBeUndefined();
    else {
      expect(sha256(change!.new as string)).toBe(body(id).sha256);
      if (id > 1) expect(sha256(change!.old as string)).toBe(body(id === 8 ? 7 : id - 1).sha256);
    }
    if (id === 12) expect(entry.snapshot.BankDetails).toBe('*'.repeat(2996) + '1234');
  }
  expect(seen).toEqual(Array.from({ length: LONG_ENTRIES }, (_, i) => LONG_ENTRIES - i));
}

/** Checks a CSV export of Document 1's log: one line per change, each Body change whole and exact. */
async function checkCsv(chunks: AsyncIterable<string>): Promise<void> {
  let rest = '';
  const lines: string[][] = [];
  for await (const chunk of chunks) {
    rest += chunk;
    let end;
    while ((end = rest.indexOf('\r\n')) >= 0) {
      const fields = csvFields(rest.slice(0, end));
      rest = rest.slice(end + 2);
      expect(fields.includes('secret-token')).toBe(false);
      const [, , , , , logId, , field, old, now] = fields;
      if (field === 'Body') {
        const id = Number(logId);
        expect(sha256(now!)).toBe(body(id).sha256);
        expect(old === '' ? '' : sha256(old!)).toBe(id === 1 ? '' : body(id === 8 ? 7 : id - 1).sha256);
        fields[8] = `${old!.length}`;
        fields[9] = `${now!.length}`;
      }
      lines.push(fields);
    }
  }
  expect(rest).toBe('');
  expect(lines[0]![0]).toBe('\uFEFFTime (UTC)');
  const changes = lines.slice(1).map((f) => `${f[5]} ${f[7]}`);
  expect(changes).toEqual([
    '12 Body', '12 BankDetails', '11 Body', '10 Body', '9 Body', '8 Body', '7 Title',
    '6 Body', '5 Body', '4 Body', '3 Body', '2 Body', '1 Title', '1 Body', '1 BankDetails', '1 ApiToken',
  ]);
  expect(lines.find((f) => f[7] === 'ApiToken')!.slice(8)).toEqual(['(hidden)', '(hidden)']);
  const bank = lines.find((f) => f[5] === '12' && f[7] === 'BankDetails')!;
  expect(bank[9]).toBe('*'.repeat(2996) + '1234');
  const fifth = lines.find((f) => f[5] === '5' && f[7] === 'Body')!;
  expect([fifth[8], fifth[9]]).toEqual([String(BODY_LENGTH), String(BODY_LENGTH)]);
}

describe.each(ENGINES)('long values on %s', (engine) => {
  let source: DataSource;
  let api: AuditService;
  beforeAll(async () => {
    source = await fixtureSource(engine, dir, `long_${engine}`, longValuesFixture(engine));
    api = await openSource(source);
  }, 120_000);
  afterAll(() => api?.close());

  it('carries each 10 MB text on a history page cut and marked, so the page stays small', async () => {
    const page = await api.getHistory({ table: 'Document', id: 1, limit: 50 });
    expect(page.entries.map((e) => e.logId)).toEqual(Array.from({ length: LONG_ENTRIES }, (_, i) => LONG_ENTRIES - i));
    for (const entry of page.entries) expectCut(entry.snapshot.Body, body(Number(entry.logId)));
    // Twelve entries of 10 MB were 346 MB of JSON; cut, each carries a few kilobytes.
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(256 * 1024);
  });

  it('compares whole values before cutting them: a change deep inside is a change, an equal text is equal', async () => {
    const { entries } = await api.getHistory({ table: 'Document', id: 1, limit: 50 });
    const byId = new Map(entries.map((e) => [Number(e.logId), e]));
    for (const id of [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]) {
      const change = byId.get(id)!.changes.find((c) => c.field === 'Body');
      expect(change, `entry ${id}`).toBeDefined();
      expectCut(change!.old, body(id - 1));
      expectCut(change!.new, body(id));
      // The texts differ only in their middle: what a page carries of them is the same.
      expect((change!.old as TruncatedValue).text).toBe((change!.new as TruncatedValue).text);
      expect(sameValue(change!.old, change!.new)).toBe(false);
    }
    const seventh = byId.get(7)!;
    expect(seventh.changes.map((c) => c.field)).toEqual(['Title']);
    expect(sameValue(seventh.snapshot.Body!, byId.get(6)!.snapshot.Body!)).toBe(true);
    expect(seventh.narrative).toEqual(['Title changed from Long document to Long document, revised']);
    // The texts differ past what a page carries: the sentence says so, never two identical beginnings.
    expect(byId.get(5)!.narrative[0]).toBe('Body changed past the first 2,000 characters');
  });

  it('masks the whole value, then cuts the mask', async () => {
    const twelfth = (await api.getEntries({ table: 'Document', id: 1, logIds: [12] })).entries[0]!;
    const masked = '*'.repeat(2996) + '1234';
    expectCut(twelfth.snapshot.BankDetails, text(masked));
    expectCut(twelfth.changes.find((c) => c.field === 'BankDetails')!.new, text(masked));
    expect(await api.getFullValue({ table: 'Document', id: 1, logId: 12, field: 'BankDetails' })).toEqual({ value: masked });
    expect(await api.getFullValue({ table: 'Document', id: 1, field: 'BankDetails' })).toEqual({ value: masked });
    const revealed = await openSource(source, { revealSensitive: true });
    try {
      expect(await revealed.getFullValue({ table: 'Document', id: 1, logId: 12, field: 'BankDetails', of: 'new' })).toEqual({ value: LONG_BANK_DETAILS });
    } finally {
      await revealed.close();
    }
  });

  it('gives one whole value in one call: a snapshot\'s, a change\'s old and new, a record\'s', async () => {
    const full = async (req: Omit<Parameters<AuditService['getFullValue']>[0], 'table'>) => {
      const { value } = await api.getFullValue({ table: 'Document', ...req });
      expect(typeof value).toBe('string');
      return sha256(value as string);
    };
    expect(await full({ id: 1, logId: 5, field: 'Body' })).toBe(body(5).sha256);
    expect(await full({ id: 1, logId: 5, field: 'Body', of: 'old' })).toBe(body(4).sha256);
    expect(await full({ id: 1, logId: 5, field: 'body', of: 'new' })).toBe(body(5).sha256);
    expect(await full({ id: 1, field: 'Body' })).toBe(body(12).sha256);
    expect(await full({ id: 2, field: 'Body' })).toBe(sha256(DELETED_BODY));
    await expect(api.getFullValue({ table: 'Document', id: 1, logId: 7, field: 'Body', of: 'old' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api.getFullValue({ table: 'Document', id: 1, field: 'Body', of: 'old' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.getFullValue({ table: 'Document', id: 1, logId: 99, field: 'Body' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api.getFullValue({ table: 'Document', id: 1, field: 'Nope' })).rejects.toMatchObject({ code: 'not-found' });
    // A hidden field is not one call away either: pages leave it out, and so does this.
    for (const logId of [undefined, 12]) {
      await expect(api.getFullValue({ table: 'Document', id: 1, logId, field: 'ApiToken' })).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(api.getFullValue({ table: 'Document', id: 1, logId: 1, field: 'apitoken', of: 'new' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('hands out one entry with its values whole on request, told the same, and only one at a time', async () => {
    const [cut] = (await api.getEntries({ table: 'Document', id: 1, logIds: [9] })).entries;
    const [whole] = (await api.getEntries({ table: 'Document', id: 1, logIds: [9], wholeValues: true })).entries;
    expect(sha256(whole!.snapshot.Body as string)).toBe(body(9).sha256);
    expect(sha256(whole!.changes[0]!.old as string)).toBe(body(8).sha256);
    expect(whole!.narrative).toEqual(cut!.narrative);
    expect({ ...whole, snapshot: null, changes: null }).toEqual({ ...cut, snapshot: null, changes: null });
    await expect(api.getEntries({ table: 'Document', id: 1, logIds: [8, 9], wholeValues: true })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('cuts long values on every other page too', async () => {
    const activity = await api.listActivity({ filter: { tables: ['Document'] }, limit: 50 });
    expect(activity.entries).toHaveLength(LONG_ENTRIES + 2);
    for (const entry of activity.entries.filter((e) => e.recordId === 1)) expectCut(entry.snapshot.Body, body(Number(entry.logId)));
    const deletedEntry = activity.entries.find((e) => e.logId === 14)!;
    expectCut(deletedEntry.snapshot.Body, text(DELETED_BODY));
    expect(deletedEntry.title).toBe(`${DELETED_TITLE.slice(0, CUT_VALUE_CHARS)}…`);

    const changeSet = await api.getChangeSet({ table: 'Document', logId: 5 });
    expectCut(changeSet.entries[0]!.snapshot.Body, body(5));

    const fieldHistory = await api.getFieldHistory({ table: 'Document', id: 1, field: 'Body' });
    expect(fieldHistory.entries.map((e) => e.logId)).toEqual([12, 11, 10, 9, 8, 6, 5, 4, 3, 2, 1]);
    expectCut(fieldHistory.entries[0]!.old, body(11));
    expectCut(fieldHistory.entries[0]!.new, body(12));

    const asOf = await api.getRecordAsOf({ table: 'Document', id: 1, at: '2024-05-01T12:30:00Z' });
    expect(asOf.entry!.logId).toBe(4);
    expectCut(asOf.entry!.snapshot.Body, body(4));

    const compared = await api.getEntries({ table: 'Document', id: 1, logIds: [6, 7] });
    expect(sameValue(compared.entries[0]!.snapshot.Body!, compared.entries[1]!.snapshot.Body!)).toBe(true);

    expectCut((await api.getRecord({ table: 'Document', id: 1 })).record.values.Body, body(12));
    expectCut((await api.listRecords({ table: 'Document' })).records[0]!.values.Body, body(12));
    const gone = await api.getRecord({ table: 'Document', id: 2 });
    expectCut(gone.record.values.Body, text(DELETED_BODY));

    const deleted = await api.listDeletedRecords({ table: 'Document' });
    expect(deleted.records.map((r) => r.id)).toEqual([2]);
    expectCut(deleted.records[0]!.lastSnapshot.Body, text(DELETED_BODY));
    expect(deleted.records[0]!.title).toBe(`${DELETED_TITLE.slice(0, CUT_VALUE_CHARS)}…`);
  });

  it.each(['jsonl', 'csv'] as ExportFormat[])('exports every 10 MB text whole and exact as %s, holding one entry\'s values at a time', async (format) => {
    // The export streams the log (no contract pages) in batches bounded by size as well as by
    // count (db/stream-batches.ts): with two 10 MB texts a row (its Body and its previous entry's),
    // a batch, and so a chunk of the file, holds one entry.
    const pages: string[] = [];
    const watched: AuditApi & Pick<AuditService, 'openExportEntries'> = {
      ...api,
      openExportEntries: api.openExportEntries.bind(api),
      getHistory: async (req, options) => {
        pages.push('getHistory');
        return api.getHistory(req, options);
      },
    };
    const sizes: number[] = [];
    async function* measured(): AsyncGenerator<string, void, undefined> {
      for await (const chunk of exportRows(watched, { source: { kind: 'history', table: 'Document', id: 1 }, format })) {
        sizes.push(Buffer.byteLength(chunk));
        yield chunk;
      }
    }
    await (format === 'jsonl' ? checkJsonl(measured()) : checkCsv(measured()));
    expect(pages).toEqual([]);
    expect(sizes.filter((size) => size > BODY_LENGTH).length).toBeGreaterThan(1);
    // One entry whole: its Body in the snapshot and twice in its change, and little else.
    for (const size of sizes) expect(size).toBeLessThan(3 * BODY_LENGTH + 64 * 1024);
  }, 180_000);

  it('the CLI prints the history small and marked, and exports whole values', async () => {
    const home = path.join(dir, `home-${engine}`);
    let db: string;
    let env: Record<string, string> = {};
    if (source.kind === 'sqlite') db = source.file;
    else {
      const { host, port, database } = source.target;
      db = `postgres://${READER.user}@${host}:${port}/${database}`;
      env = { PGPASSWORD: READER.password };
    }
    const json = await runCli(home, ['history', 'Document', '1', '--db', db, '--format', 'json'], env, 120_000);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(Buffer.byteLength(json.stdout)).toBeLessThan(512 * 1024);
    const printed = JSON.parse(json.stdout) as { items: HistoryEntry[] };
    expect(printed.items).toHaveLength(LONG_ENTRIES);
    for (const entry of printed.items) expectCut(entry.snapshot.Body, body(Number(entry.logId)));

    const table = await runCli(home, ['history', 'Document', '1', '--db', db, '--limit', '2'], env);
    expect(table.stdout).toContain('Cut here: Body (10,485,760 characters), BankDetails (3,000 characters); audit-trail export writes whole values.');

    // One format per engine: each run writes some 300 MB.
    const format: ExportFormat = engine === 'sqlite' ? 'csv' : 'jsonl';
    const out = path.join(dir, `document-1-${engine}.${format}`);
    const exported = await runCli(home, ['export', 'Document', '1', '--db', db, '--format', format, '--out', out], env, 200_000);
    expect(exported.stderr).toContain('Exported 12 entries');
    expect(exported.code).toBe(0);
    await (format === 'jsonl' ? checkJsonl(fileChunks(out)) : checkCsv(fileChunks(out)));
    fs.rmSync(out);
  }, 400_000);
});
