/**
 * A call the desktop window abandons (the user moved on; the renderer aborts its signal) reaches
 * the data layer as an aborted signal, as in the web shell (web-shell-abandon.test.ts): the
 * renderer's transport sends the cancel message for the call's id, main aborts the call, and the
 * database cancels the query on the server. End to end with PostgreSQL, through the real pieces of
 * the desktop shell (main's IPC serving, the preload's bridge, the renderer's transport) with a
 * fake ipcMain standing in for Electron's.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runWithSignal, type AuditService } from '../../db/index';
import { createProfileStore, type ConnectionService } from '../../db/connections/index';
import { isTrustedSenderFor, serveOverIpc } from '../../electron/ipc';
import { bridgeContract, bridgeShell, type Invoke } from '../../electron/preload-api';
import { serveContract } from '../../node/serving';
import { createShellConnections } from '../../node/shell-connections';
import { createBridgeTransport } from '../../renderer/api/bridge-transport';
import { AUDIT_CONTRACT, type AuditApi, type CallOptions } from '../../shared/contract';
import { CONNECTIONS_CONTRACT } from '../../shared/connections-contract';
import { adminUrl, DEMO_DATABASE } from '../support/pg-server';
import { openSource, postgresDemoSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const APP_URL = 'file:///opt/audit-trail/dist/renderer/index.html';
const SLOW = 'SELECT pg_sleep(20) /* abandoned in the desktop shell */';

type Handler = (event: unknown, message: unknown) => Promise<unknown> | unknown;

describe('an abandoned call through the desktop shell', () => {
  let service: AuditService;
  let connections: ConnectionService;
  let admin: pg.Client;
  let stopServing: () => void;
  let invoke: Invoke;

  beforeAll(async () => {
    service = await openSource(postgresDemoSource());
    // The real service, with one call made slow on the server, as a large unindexed read would be.
    const slow: AuditService = {
      ...service,
      whoAmI: async (_req, options?: CallOptions) => {
        await runWithSignal(options?.signal, () => sql.raw(SLOW).execute(service.engine.db));
        return service.whoAmI({});
      },
    };
    // Served as main.ts serves it: the connection service's api, over whatever database is open.
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
    connections = createShellConnections({ settings: {}, store: createProfileStore(path.join(dir, 'home')), open: async () => slow });
    await connections.openSource(postgresDemoSource());
    const handlers = new Map<string, Handler>();
    const ipcMain = {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
    stopServing = serveOverIpc(ipcMain as never, [serveContract(AUDIT_CONTRACT, connections.api as AuditApi), serveContract(CONNECTIONS_CONTRACT, connections)], {
      isTrustedSender: isTrustedSenderFor(APP_URL),
    });
    // What ipcRenderer.invoke does for the window showing the app page.
    const event = { senderFrame: { url: APP_URL, parent: null }, sender: { id: 1 } };
    invoke = async (channel, message) => handlers.get(channel)!(event, message);
    admin = new pg.Client({ connectionString: adminUrl(inject('pg'), DEMO_DATABASE) });
    await admin.connect();
  });
  afterAll(async () => {
    stopServing?.();
    await admin?.end();
    await connections?.close();
    await service?.close();
  });

  const running = async (): Promise<number> =>
    (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND state = 'active'`, [SLOW])).rows[0].n as number;

  it('is cancelled on the server when the renderer aborts the call', async () => {
    // The renderer's client over the preload's bridge, as renderer/api/connect.ts builds it.
    const client = AUDIT_CONTRACT.client(createBridgeTransport(bridgeContract(AUDIT_CONTRACT, invoke), bridgeShell(invoke, () => () => undefined)));
    const controller = new AbortController();
    const call = client.whoAmI({}, { signal: controller.signal });
    for (let i = 0; i < 100 && (await running()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await running()).toBe(1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    for (let i = 0; i < 100 && (await running()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await running()).toBe(0);
    // The shell and the database carry on.
    expect((await client.listTables({})).tables).toHaveLength(6);
  });
});
