/**
 * The desktop export flow without Electron: ipcMain, the save dialog and the window are fakes; the
 * export contract is served over IPC as main.ts serves it (serveOverIpc, the one serving path), and
 * the data layer is a fake AuditApi serving pages of entries. Files go to a temp folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CANCEL_CHANNEL, type IpcEnvelope } from '../../electron/channels';
import { createDesktopExport } from '../../electron/export-ipc';
import { serveOverIpc } from '../../electron/ipc';
import { bridgeContract, bridgeShell } from '../../electron/preload-api';
import { serveContract } from '../../node/serving';
import { createBridgeTransport } from '../../renderer/api/bridge-transport';
import type { AuditApi, CallOptions, GetHistoryRequest, GetHistoryResponse } from '../../shared/contract';
import type { HistoryEntry, Role } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import { DESKTOP_EXPORT_CONTRACT, type ExportOutcome, type ExportProgressEvent } from '../../shared/export-contract';
import { tempDir } from '../support/temp-dir';

const dir = tempDir('audit-trail-electron-export-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const APP = 'file:///app/index.html';
const trusted = (frame: { url: string } | null | undefined) => frame?.url === APP;

function entry(n: number): HistoryEntry {
  return {
    logId: n, recordId: 1, byId: 1, byName: 'Alice', byTime: `2024-01-0${(n % 9) + 1}T00:00:00.000Z`, changeCue: 'Modified', changeCueText: 'Modified',
    legacy: false, previousKnown: true, snapshot: { Name: `v${n}` }, changes: [{ field: 'Name', old: `v${n - 1}`, new: `v${n}` }], narrative: [],
  };
}

/** A log of `count` entries, served `limit` a page; `gate` can hold a page until released or aborted. */
function fakeApi(count: number, role: Role = 'admin', gate?: (cursor: string, signal?: AbortSignal) => Promise<void>): AuditApi {
  return {
    whoAmI: async () => ({ role, person: null, source: 'none', osLogin: 'x' }),
    // The exporter asks which parts of how a change was made the logs record (none here).
    listTables: async () => ({ tables: [], skipped: [], relations: [], relationsLeftOut: [] }),
    getHistory: async (req: GetHistoryRequest, options?: CallOptions): Promise<GetHistoryResponse> => {
      const start = Number(req.cursor ?? 0);
      if (req.cursor && gate) await gate(req.cursor, options?.signal);
      const end = Math.min(count, start + (req.limit ?? 50));
      const entries = Array.from({ length: end - start }, (_, i) => entry(count - start - i));
      return { entries, nextCursor: end < count ? String(end) : null, total: req.withTotal ? count : null };
    },
  } as unknown as AuditApi;
}

/** A gate that holds the second page until the read is aborted; `secondPage` settles once it is reached. */
function heldSecondPage() {
  let reached!: () => void;
  const secondPage = new Promise<void>((r) => (reached = r));
  const gate = (_cursor: string, signal?: AbortSignal) =>
    new Promise<void>((_resolve, reject) => {
      reached();
      signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { gate, secondPage };
}

type Handler = (event: unknown, request: unknown) => unknown;

function setUp(api: AuditApi, chooseFile: (name: string) => Promise<string | null>, databaseFiles: readonly string[] = []) {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, h: Handler) => void handlers.set(channel, h), removeHandler: (channel: string) => void handlers.delete(channel) };
  const sent: ExportProgressEvent[] = [];
  const event = { senderFrame: { url: APP, parent: null }, sender: { id: 1 } };
  const desktopExport = createDesktopExport({ api, databaseFiles: () => databaseFiles, chooseFile, progress: (e) => void sent.push(e) });
  const remove = serveOverIpc(ipcMain as never, [serveContract(DESKTOP_EXPORT_CONTRACT, desktopExport)], { isTrustedSender: trusted as never });
  const start = (request: unknown, exportId = 'e1', from: unknown = event) =>
    handlers.get(DESKTOP_EXPORT_CONTRACT.channel)!(from, { call: 'saveExport', callId: exportId, request: { exportId, request } }) as Promise<IpcEnvelope<ExportOutcome>>;
  const cancel = (callId: string) => handlers.get(CANCEL_CHANNEL)!(event, { callId }) as IpcEnvelope<boolean>;
  return { handlers, sent, start, cancel, remove };
}

const request = { source: { kind: 'history', table: 'Customer', id: 1 }, format: 'csv' };

describe('the desktop export flow', () => {
  it('asks where to save, streams the file there and reports progress to the asking window', async () => {
    const file = path.join(dir, 'out.csv');
    const offered: string[] = [];
    const flow = setUp(fakeApi(1234), async (name) => (offered.push(name), file));
    const answer = await flow.start(request);
    expect(answer).toEqual({ ok: true, result: { canceled: false, entries: 1234, rows: 1234, bytes: fs.statSync(file).size, fileName: 'out.csv' } });
    expect(offered[0]).toMatch(/^Customer-1-log-\d{8}-\d{4}\.csv$/);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFFTime (UTC),')).toBe(true);
    expect(text.split('\r\n').length - 2).toBe(1234);
    expect(flow.sent[0]).toEqual({ exportId: 'e1', entries: 0, total: 1234, rows: 0, bytes: 0 });
    expect(flow.sent.at(-1)).toMatchObject({ exportId: 'e1', entries: 1234, total: 1234 });
    expect(flow.sent.length).toBeGreaterThanOrEqual(4);
    flow.remove();
    expect(flow.handlers.size).toBe(0);
  });

  it('writes nothing when the save dialog is closed', async () => {
    const flow = setUp(fakeApi(10), async () => null);
    expect(await flow.start(request)).toEqual({ ok: true, result: { canceled: true } });
  });

  it('cancels: the running read is aborted and the partial file removed', async () => {
    const file = path.join(dir, 'cancelled.csv');
    const { gate, secondPage } = heldSecondPage();
    const flow = setUp(fakeApi(2000, 'admin', gate), async () => file);
    const running = flow.start(request, 'e2');
    await secondPage;
    expect(flow.cancel('e2')).toEqual({ ok: true, result: true });
    const answer = await running;
    expect(answer.ok).toBe(false);
    expect(answer.ok === false && answer.error.code).toBe('cancelled');
    expect(fs.existsSync(file)).toBe(false);
    expect(flow.cancel('e2')).toEqual({ ok: true, result: false });
  });

  it('a cancelled export leaves the file that was there as it was, and no temporary file', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'cancel-'));
    const file = path.join(folder, 'previous.csv');
    fs.writeFileSync(file, 'the previous export\n');
    const { gate, secondPage } = heldSecondPage();
    const flow = setUp(fakeApi(2000, 'admin', gate), async () => file);
    const running = flow.start(request, 'e4');
    await secondPage;
    flow.cancel('e4');
    const answer = await running;
    expect(answer.ok === false && answer.error.code).toBe('cancelled');
    expect(fs.readFileSync(file, 'utf8')).toBe('the previous export\n');
    expect(fs.readdirSync(folder)).toEqual(['previous.csv']);
  });

  it('a source that fails part-way leaves no file and no temporary file', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'fail-'));
    const file = path.join(folder, 'broken.csv');
    const gate = async () => {
      throw new AuditError('connection-lost', 'The connection to the database server was lost.');
    };
    const flow = setUp(fakeApi(2000, 'admin', gate), async () => file);
    const answer = await flow.start(request, 'e5');
    expect(answer).toEqual({ ok: false, error: { code: 'connection-lost', message: 'The connection to the database server was lost.' } });
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('refuses to save over the replica being read, its companions, or a link to them; their bytes stay', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'replica-'));
    const replica = path.join(folder, 'replica.sqlite');
    fs.writeFileSync(replica, 'SQLite format 3\0 the replica');
    fs.writeFileSync(`${replica}-wal`, 'wal frames');
    fs.symlinkSync(replica, path.join(folder, 'alias.csv'));
    fs.linkSync(replica, path.join(folder, 'hard.csv'));
    for (const chosen of [replica, `${replica}-wal`, `${replica}-shm`, `${replica}-journal`, path.join(folder, 'alias.csv'), path.join(folder, 'hard.csv')]) {
      const flow = setUp(fakeApi(10), async () => chosen, [replica]);
      const answer = await flow.start(request, `r-${path.basename(chosen)}`);
      expect(answer.ok === false && answer.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining(`The export cannot be written to ${chosen}:`) });
    }
    expect(fs.readFileSync(replica, 'utf8')).toBe('SQLite format 3\0 the replica');
    expect(fs.readFileSync(`${replica}-wal`, 'utf8')).toBe('wal frames');
    expect(fs.readdirSync(folder).sort()).toEqual(['alias.csv', 'hard.csv', 'replica.sqlite', 'replica.sqlite-wal']);
  });

  it('refuses a plain user, a foreign sender and a malformed request', async () => {
    const chosen: string[] = [];
    const user = setUp(fakeApi(3, 'user'), async (n) => (chosen.push(n), path.join(dir, 'never.csv')));
    const refused = await user.start(request);
    expect(refused.ok === false && refused.error.code).toBe('forbidden');
    expect(chosen).toEqual([]);
    const admin = setUp(fakeApi(3), async () => path.join(dir, 'never.csv'));
    const foreign = await admin.start(request, 'e3', { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1 } });
    expect(foreign.ok === false && foreign.error.code).toBe('unauthorized');
    const bad = await admin.start({ source: { kind: 'history' }, format: 'pdf' });
    expect(bad.ok === false && bad.error.code).toBe('bad-request');
    expect(fs.existsSync(path.join(dir, 'never.csv'))).toBe(false);
  });
});

describe('the renderer side of export', () => {
  it('starts over the export contract, cancels by abandoning the call, and sees the answer', async () => {
    const file = path.join(dir, 'renderer-cancel.csv');
    const { gate, secondPage } = heldSecondPage();
    const flow = setUp(fakeApi(2000, 'admin', gate), async () => file);
    const invoke = (channel: string, message: unknown) => flow.handlers.get(channel)!({ senderFrame: { url: APP, parent: null }, sender: { id: 1 } }, message) as Promise<unknown>;
    const client = DESKTOP_EXPORT_CONTRACT.client(createBridgeTransport(bridgeContract(DESKTOP_EXPORT_CONTRACT, invoke), bridgeShell(invoke, () => () => undefined)));
    const controller = new AbortController();
    const running = client.saveExport({ exportId: 'r1', request: request as never }, { signal: controller.signal });
    await secondPage;
    expect(flow.sent[0]).toMatchObject({ exportId: 'r1', entries: 0, total: 2000 });
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    // Main lets go of the file once the query stops.
    for (let i = 0; i < 100 && fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fs.existsSync(file)).toBe(false);
  });
});
