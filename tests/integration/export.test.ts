/**
 * Export end to end: the streaming exporter on both engines (CSV and JSONL, paging, filters,
 * progress, cancel, masking, the admin-only rule), the web shell's `POST /api/export` (its checks,
 * streaming, a client that goes away) and `audit-trail export`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/run';
import { runExportCli } from '../../cli/export-command';
import { exportRows } from '../../db/export/index';
import type { AuditService } from '../../db/index';
import type { ExportEntryReader } from '../../db/audit-service';
import type { ExportEntries } from '../../db/export/entry-stream';
import { startWebShell, type WebShell } from '../../server/web-shell';
import type { AuditApi, CallOptions, GetHistoryRequest } from '../../shared/contract';
import type { HistoryEntry } from '../../shared/domain';
import type { ExportOptions } from '../../db/export/index';
import type { ExportProgress } from '../../shared/export-contract';
import { ENGINES, fixtureSource, openSource } from './fixtures/engines';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const dir = tempDir('audit-trail-export-');

async function collect(api: AuditApi, options: ExportOptions): Promise<string> {
  let text = '';
  for await (const chunk of exportRows(api, options)) text += chunk;
  return text;
}

async function wholeHistory(api: AuditApi, req: GetHistoryRequest): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.getHistory({ ...req, limit: 1000, cursor });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

/** Splits CSV text into records of fields (RFC 4180), for checking what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

const HEADER = 'Time (UTC),Person,Person ID,Table,Record,Log ID,Change cue,Field,Old value,New value';

describe.each(ENGINES)('export on %s', (engine) => {
  let service: AuditService;
  let plainUser: AuditService;
  beforeAll(async () => {
    const source = await fixtureSource(engine, dir, `export_${engine}`, STANDARD_FIXTURE);
    service = await openSource(source);
    plainUser = await openSource(source, { roles: { admins: ['nobody-here'] } });
  });
  afterAll(async () => {
    await service?.close();
    await plainUser?.close();
  });

  it('writes a record\'s log as CSV: BOM, header, one CRLF line per field change, paged', async () => {
    const entries = await wholeHistory(service, { table: 'Customer', id: 1 });
    const progress: ExportProgress[] = [];
    const text = await collect(service, { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv', pageSize: 3, onProgress: (p) => progress.push(p) });
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    const rows = parseCsv(text.slice(1));
    const expectedLines = entries.reduce((n, e) => n + Math.max(1, e.changes.length), 0);
    expect(rows.length - 1).toBe(expectedLines);
    expect(rows.every((r) => r.length === 10)).toBe(true);
    // Newest first, entries in the order of the log; an Unchanged entry has one line with no field.
    expect([...new Set(rows.slice(1).map((r) => r[5]))]).toEqual(entries.map((e) => String(e.logId)));
    const unchanged = rows.filter((r) => r[6] === 'Unchanged');
    expect(unchanged).toEqual([[entries.find((e) => e.changeCue === 'Unchanged')!.byTime, 'Bob Baker', '2', 'Customer', '1', '8', 'Unchanged', '', '', '']]);
    const phone = rows.find((r) => r[5] === '2' && r[7] === 'Phone');
    expect(phone?.slice(7)).toEqual(['Phone', '01234 567890', '01234 123456']);
    // Progress: a total from the first page, growing counts, ending at the total.
    expect(progress[0]).toMatchObject({ entries: 0, total: entries.length });
    expect(progress.at(-1)).toMatchObject({ entries: entries.length, total: entries.length, rows: expectedLines, bytes: Buffer.byteLength(text) });
    expect(progress.map((p) => p.entries)).toEqual([...progress.map((p) => p.entries)].sort((a, b) => a - b));
  });

  it('keeps masked values masked and never writes a hidden field\'s values', async () => {
    const text = await collect(service, { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv' });
    const rows = parseCsv(text.slice(1));
    const tax = rows.filter((r) => r[7] === 'TaxNumber');
    expect(tax.length).toBeGreaterThan(0);
    for (const r of tax) for (const v of [r[8]!, r[9]!].filter(Boolean)) expect(v).toMatch(/^\*+.*\d{4}$|^\*/);
    expect(text).not.toContain('111-22-3333');
    expect(text).not.toContain('123-45-6789');
    // PasswordPin held 1111, then 9999: neither value appears anywhere, in either format.
    expect(text).not.toMatch(/1111|9999/);
    expect(rows.filter((r) => r[7] === 'PasswordPin').every((r) => r[8] === '(hidden)' && r[9] === '(hidden)')).toBe(true);
    const jsonl = await collect(service, { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'jsonl' });
    expect(jsonl).not.toMatch(/1111|9999|111-22-3333|123-45-6789/);
  });

  it('writes JSONL: one entry per line, exactly as the contract hands them out, with the filter applied', async () => {
    const filter = { by: { kind: 'person' as const, personId: 2 }, timeZone: 'UTC' };
    const entries = await wholeHistory(service, { table: 'Customer', id: 1, filter });
    const text = await collect(service, { source: { kind: 'history', table: 'Customer', id: 1, filter }, format: 'jsonl', pageSize: 2 });
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(JSON.parse(JSON.stringify(entries)));
    expect(entries.every((e) => e.byId === 2)).toBe(true);
  });

  it('exports the filtered activity across tables', async () => {
    const first = await service.listActivity({ filter: { cues: ['Modified'] }, withTotal: true, limit: 1 });
    const text = await collect(service, { source: { kind: 'activity', filter: { cues: ['Modified'] } }, format: 'jsonl', pageSize: 4 });
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { table: string; changeCue: string });
    expect(lines.length).toBe(first.total);
    expect(lines.every((e) => e.changeCue === 'Modified' && typeof e.table === 'string')).toBe(true);
    const csv = await collect(service, { source: { kind: 'activity', filter: { cues: ['Modified'] } }, format: 'csv' });
    expect(new Set(parseCsv(csv.slice(1)).slice(1).map((r) => `${r[3]}:${r[5]}`)).size).toBe(first.total);
  });

  it('stops reading when cancelled, with a cancelled error', async () => {
    const controller = new AbortController();
    const reads: Array<string | undefined> = [];
    const api: AuditApi = { ...service, getHistory: (req, options) => (reads.push(req.cursor), service.getHistory(req, options)) };
    const run = exportRows(api, { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv', pageSize: 2, signal: controller.signal });
    await run.next();
    await run.next();
    controller.abort();
    await expect(run.next()).rejects.toMatchObject({ code: 'cancelled' });
    expect(reads.length).toBeLessThanOrEqual(2);
  });

  it('is for admins: a plain user is refused before any row is read', async () => {
    await expect(collect(plainUser, { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses an unknown table with the data layer\'s error', async () => {
    await expect(collect(service, { source: { kind: 'history', table: 'Nope', id: 1 }, format: 'csv' })).rejects.toMatchObject({ code: 'unknown-table' });
  });
});

describe('POST /api/export', () => {
  const TOKEN = 'export-test-token-0123456789';
  const file = writeReplica(path.join(dir, 'web-export.sqlite'), STANDARD_FIXTURE);
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  let service: AuditService;
  let shell: WebShell;
  /** Set while a test wants later pages held until the client has gone. */
  let holdPages: ((signal: AbortSignal | undefined) => Promise<void>) | null = null;
  const seenAbort: boolean[] = [];
  beforeAll(async () => {
    service = await openSource({ kind: 'sqlite', file });
    const api: AuditApi & ExportEntryReader = {
      ...service,
      getHistory: async (req, options?: CallOptions) => {
        if (!holdPages) return service.getHistory(req, options);
        // One entry a page, and every page after the first held until the client has gone.
        if (req.cursor) await holdPages(options?.signal);
        return service.getHistory({ ...req, limit: 1 }, options);
      },
      // The exporter reads the export stream: one entry a batch, every batch after the first held.
      openExportEntries: async (source, options) => {
        const hold = holdPages;
        if (!hold) return service.openExportEntries(source, options);
        const opened = await service.openExportEntries(source, { ...options, batchSize: 1 });
        async function* held(): ExportEntries['batches'] {
          let first = true;
          for await (const batch of opened.batches) {
            if (!first) await hold!(options?.signal);
            first = false;
            yield batch;
          }
        }
        return { total: opened.total, batches: held() };
      },
    };
    shell = await startWebShell({ api, staticDir, token: TOKEN, log: () => undefined });
  });
  afterAll(async () => {
    await shell?.close();
    await service?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { 'X-Audit-Token': TOKEN }) =>
    fetch(`${shell.origin}/api/export`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const request = { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv' };

  it('streams the file as an attachment, with the total up front', async () => {
    const response = await post(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Customer-1-log-\d{8}-\d{4}\.csv"$/);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('x-export-total')).toBe('9');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(await collect(service, { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv' }));
  });

  it('checks token, Origin, type and request like every call', async () => {
    expect((await post(request, {})).status).toBe(401);
    expect((await post(request, { 'X-Audit-Token': TOKEN, Origin: 'http://evil.example' })).status).toBe(403);
    const wrongType = await fetch(`${shell.origin}/api/export`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-Audit-Token': TOKEN }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const bad = await post({ source: { kind: 'history' }, format: 'xlsx' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad-request');
    const unknown = await post({ ...request, source: { kind: 'history', table: 'Nope', id: 1 } });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${shell.origin}/api/export`, { headers: { 'X-Audit-Token': TOKEN } })).status).toBe(405);
  });

  it('refuses a plain user with 403', async () => {
    const user = await openSource({ kind: 'sqlite', file }, { roles: { admins: ['nobody-here'] } });
    const userShell = await startWebShell({ api: user, staticDir, token: TOKEN, log: () => undefined });
    try {
      const response = await fetch(`${userShell.origin}/api/export`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN }, body: JSON.stringify(request) });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    } finally {
      await userShell.close();
      await user.close();
    }
  });

  it('abandons the export when the client disconnects', async () => {
    let release!: () => void;
    const aborted = new Promise<void>((resolve) => (release = resolve));
    holdPages = (signal) =>
      new Promise<void>((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          seenAbort.push(true);
          release();
          reject(new Error('aborted'));
        });
      });
    try {
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: shell.port, path: '/api/export', method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN }, agent: false },
          (res) => {
            expect(res.statusCode).toBe(200);
            res.once('data', () => {
              // The first page arrived; the second is being read: go away.
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', () => undefined);
        req.end(JSON.stringify({ ...request, source: { ...request.source } }));
        setTimeout(() => reject(new Error('no data')), 5000);
      });
      // The server learns of it and aborts the read that was waiting for the second page.
      await Promise.race([aborted, new Promise((_r, reject) => setTimeout(() => reject(new Error('the export was not abandoned')), 5000))]);
      expect(seenAbort).toEqual([true]);
    } finally {
      holdPages = null;
    }
  });
});

describe('audit-trail export', () => {
  const file = writeReplica(path.join(dir, 'cli-export.sqlite'), STANDARD_FIXTURE);
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
  };

  it('writes a record\'s log to --out, and the activity to stdout', async () => {
    const target = path.join(dir, 'customer-1.csv');
    const a = io();
    expect(await main(['export', 'Customer', '1', '--db', file, '--out', target, '--tz', 'UTC'], a.io)).toBe(0);
    const text = fs.readFileSync(target, 'utf8');
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(a.err.join('\n')).toMatch(/Exported 9 entries/);
    const service = await openSource({ kind: 'sqlite', file }, { role: 'dba' });
    try {
      expect(text).toBe(await collect(service, { source: { kind: 'history', table: 'Customer', id: 1, filter: { timeZone: 'UTC', by: { kind: 'all' } } }, format: 'csv' }));
    } finally {
      await service.close();
    }

    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const b = io();
    expect(await runExportCli(['--db', file, '--format', 'jsonl', '--cue', 'Deleted', '--table', 'Customer'], b.io, { stdout, showProgress: false })).toBe(0);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { table: string; changeCue: string; recordId: number });
    expect(lines).toEqual([expect.objectContaining({ table: 'Customer', changeCue: 'Deleted', recordId: 2 })]);
  });

  it('draws progress when asked, and refuses wrong usage with exit code 2', async () => {
    const drawn: string[] = [];
    const a = io();
    expect(await runExportCli(['Customer', '1', '--db', file, '--out', path.join(dir, 'p.csv')], a.io, { showProgress: true, progress: (t) => void drawn.push(t) })).toBe(0);
    expect(drawn.join('')).toContain('9 of 9 entries');
    const b = io();
    expect(await main(['export', 'Customer', '--db', file], b.io)).toBe(2);
    expect(await main(['export', '--format', 'table', '--db', file], b.io)).toBe(2);
    expect(await main(['export', 'Customer', '1', '--cue', 'Added', '--db', file], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain('audit-trail export --help');
  });
});
