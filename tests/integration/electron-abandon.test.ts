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
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../../db/index';
import { createProfileStore, type ConnectionService } from '../../db/connections/index';
import { isTrustedSenderFor, serveOverIpc } from '../../electron/ipc';
import { bridgeContract, bridgeShell, type Invoke } from '../../electron/preload-api';
import { serveContract } from '../../node/serving';
import { createShellConnections } from '../../node/shell-connections';
import { createBridgeTransport } from '../../renderer/api/bridge-transport';
import { AUDIT_CONTRACT } from '../../shared/contract';
import { CONNECTIONS_CONTRACT } from '../../shared/connections-contract';
import { connectAdmin, expectCancelledOnServer, withSlowWhoAmI } from './fixtures/abandon';
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
    // Served as main.ts serves it: the connection service's api, over whatever database is open.
    const home = path.join(tempDir(), 'home');
    fs.mkdirSync(home, { recursive: true });
    const slow = withSlowWhoAmI(service, SLOW);
    connections = createShellConnections({ settings: {}, store: createProfileStore(home), open: async () => slow });
    await connections.openSource(postgresDemoSource());
    const handlers = new Map<string, Handler>();
    const ipcMain = {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
    stopServing = serveOverIpc(ipcMain as never, [serveContract(AUDIT_CONTRACT, connections.api), serveContract(CONNECTIONS_CONTRACT, connections)], {
      isTrustedSender: isTrustedSenderFor(APP_URL),
    });
    // What ipcRenderer.invoke does for the window showing the app page.
    const event = { senderFrame: { url: APP_URL, parent: null }, sender: { id: 1 } };
    invoke = async (channel, message) => handlers.get(channel)!(event, message);
    admin = await connectAdmin();
  });
  afterAll(async () => {
    stopServing?.();
    await admin?.end();
    await connections?.close();
    await service?.close();
  });

  it('is cancelled on the server when the renderer aborts the call', async () => {
    // The renderer's client over the preload's bridge, as renderer/api/connect.ts builds it.
    const client = AUDIT_CONTRACT.client(createBridgeTransport(bridgeContract(AUDIT_CONTRACT, invoke), bridgeShell(invoke, () => () => undefined)));
    await expectCancelledOnServer(admin, SLOW, (signal) => client.whoAmI({}, { signal }));
    // The shell and the database carry on.
    expect((await client.listTables({})).tables).toHaveLength(6);
  });
});
