/**
 * Both shells serve every call the same way: the web shell over HTTP and the desktop shell over
 * IPC (main's serving with a fake ipcMain, the preload's bridge, the renderer's transport), both
 * built from the same contract declarations and serving the same connection service over a real
 * replica. What one answers, the other answers: results, errors, the refusal of an unknown call,
 * and the sentence while no database is open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileStore, NO_DATABASE_MESSAGE, type ConnectionService } from '../../db/connections/index';
import type { IpcEnvelope } from '../../electron/channels';
import { createDesktopExport } from '../../electron/export-ipc';
import { isTrustedSenderFor, serveOverIpc } from '../../electron/ipc';
import { bridgeContract, bridgeShell, type Invoke } from '../../electron/preload-api';
import { serveContract } from '../../node/serving';
import { createShellConnections } from '../../node/shell-connections';
import { createBridgeTransport } from '../../renderer/api/bridge-transport';
import { createHttpTransport } from '../../renderer/api/http-transport';
import { AUDIT_CONTRACT, type AuditApi } from '../../shared/contract';
import { CONNECTIONS_CONTRACT, type ConnectionsApi } from '../../shared/connections-contract';
import type { CallMap, Contract } from '../../shared/contract-kit';
import { DESKTOP_EXPORT_CONTRACT } from '../../shared/export-contract';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';

const APP_URL = 'file:///opt/audit-trail/dist/renderer/index.html';
const TOKEN = 'one-path-test-token-0123456789';
const dir = tempDir('audit-trail-one-path-');
const replica = writeReplica(path.join(dir, 'one.sqlite'), STANDARD_FIXTURE);
const staticDir = path.join(dir, 'static');
fs.mkdirSync(staticDir, { recursive: true });
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
fs.mkdirSync(path.join(dir, 'home'), { recursive: true });

type Handler = (event: unknown, message: unknown) => Promise<unknown> | unknown;

let connections: ConnectionService;
let shell: WebShell;
let invoke: Invoke;
let stopServing: () => void;
const originalFetch = globalThis.fetch;

beforeAll(async () => {
  // Nothing open yet: the first calls meet the "no database" sentence.
  connections = createShellConnections({ settings: {}, store: createProfileStore(path.join(dir, 'home')) });
  shell = await startWebShell({ api: connections.api, connections, staticDir, token: TOKEN, log: () => undefined });
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const desktopExport = createDesktopExport({ api: connections.api, databaseFiles: () => [], chooseFile: async () => null, progress: () => undefined });
  stopServing = serveOverIpc(
    ipcMain as never,
    [serveContract(AUDIT_CONTRACT, connections.api), serveContract(CONNECTIONS_CONTRACT, connections), serveContract(DESKTOP_EXPORT_CONTRACT, desktopExport)],
    { isTrustedSender: isTrustedSenderFor(APP_URL), log: () => undefined },
  );
  const event = { senderFrame: { url: APP_URL, parent: null }, sender: { id: 1 } };
  invoke = async (channel, message) => handlers.get(channel)!(event, message);
  // A browser's cookie carries the token; here a header does.
  globalThis.fetch = (input, init) => originalFetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Audit-Token': TOKEN } });
});

afterAll(async () => {
  globalThis.fetch = originalFetch;
  stopServing?.();
  await shell?.close();
  await connections?.close();
});

/** The contract as the renderer gets it in each shell. */
function clients<Api extends CallMap<Api>>(contract: Contract<Api>): { web: Api; desktop: Api } {
  return {
    web: contract.client(createHttpTransport(shell.origin, contract.httpPath)),
    desktop: contract.client(createBridgeTransport(bridgeContract(contract, invoke), bridgeShell(invoke, () => () => undefined))),
  };
}

/** What a call settles with, as plain data: its result, or its error's code and sentence. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return { result: await call() };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { error: { code, message } };
  }
}

describe('the web and desktop shells', () => {
  it('answer with the same "no database" sentence while none is open, exports included', async () => {
    const { web, desktop } = clients<AuditApi>(AUDIT_CONTRACT);
    const noDatabase = { error: { code: 'cannot-open', message: NO_DATABASE_MESSAGE } };
    for (const call of [(api: AuditApi) => api.describeSource({}), (api: AuditApi) => api.listTables({}), (api: AuditApi) => api.whoAmI({})]) {
      expect(await outcome(() => call(web))).toEqual(noDatabase);
      expect(await outcome(() => call(desktop))).toEqual(noDatabase);
    }
    const request = { source: { kind: 'activity' }, format: 'csv' } as const;
    const download = await originalFetch(`${shell.origin}/api/export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN },
      body: JSON.stringify(request),
    });
    expect(await download.json()).toEqual({ error: noDatabase.error });
    const saved = (await invoke(DESKTOP_EXPORT_CONTRACT.channel, { call: 'saveExport', callId: 'x1', request: { exportId: 'x1', request } })) as IpcEnvelope;
    expect(saved).toEqual({ ok: false, error: noDatabase.error });
  });

  it('answer every call alike once a database is open: results and errors', async () => {
    const { web: webConnections, desktop: desktopConnections } = clients<ConnectionsApi>(CONNECTIONS_CONTRACT);
    await desktopConnections.connect({ replica });
    expect(await outcome(() => webConnections.listConnections({}))).toEqual(await outcome(() => desktopConnections.listConnections({})));

    const { web, desktop } = clients<AuditApi>(AUDIT_CONTRACT);
    const calls: Array<(api: AuditApi) => Promise<unknown>> = [
      (api) => api.describeSource({}),
      (api) => api.listTables({}),
      (api) => api.whoAmI({}),
      (api) => api.listRecords({ table: 'Customer' }),
      (api) => api.getHistory({ table: 'Customer', id: 1, withTotal: true }),
      (api) => api.listPeople({ table: 'Customer', recordId: 1 }),
      (api) => api.getHistory({ table: 'Nope', id: 1 }),
      (api) => api.getHistory({ table: 'Customer', id: 1, cursor: 'not a cursor' }),
      (api) => api.listActivity({ filter: { cues: ['Sideways' as never] } }),
      (api) => api.listTables([1, 2] as never),
    ];
    for (const call of calls) {
      const fromWeb = await outcome(() => call(web));
      expect(await outcome(() => call(desktop))).toEqual(fromWeb);
    }
    expect(await outcome(() => web.getHistory({ table: 'Nope', id: 1 }))).toMatchObject({ error: { code: 'unknown-table' } });
  });

  it('refuse a call the contract does not declare with the same sentence', async () => {
    for (const name of ['dropTable', 'toString', '__proto__']) {
      const res = await originalFetch(`${shell.origin}/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN },
        body: '{}',
      });
      expect(res.status).toBe(404);
      const overHttp = ((await res.json()) as { error: unknown }).error;
      const overIpc = (await invoke(AUDIT_CONTRACT.channel, { call: name, callId: `u-${name}`, request: {} })) as IpcEnvelope;
      expect(overIpc).toEqual({ ok: false, error: overHttp });
      expect(overHttp).toEqual({ code: 'unknown-call', message: `Audit Trail Browser has no call named ${JSON.stringify(name)}.` });
    }
  });
});
