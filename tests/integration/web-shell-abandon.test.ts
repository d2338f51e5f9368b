/**
 * A call the browser abandons (the user moved on; the renderer aborts its fetch) reaches the data
 * layer as an aborted signal, so the database can cancel the query on the server. End to end with
 * PostgreSQL: the abandoned statement stops running there.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../../db/index';
import { createHttpTransport } from '../../renderer/api/http-transport';
import { AUDIT_CONTRACT } from '../../shared/contract';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { connectAdmin, expectCancelledOnServer, withSlowWhoAmI } from './fixtures/abandon';
import { openSource, postgresDemoSource } from './fixtures/engines';
import { tempDir } from './fixtures/replica';

const TOKEN = 'abandon-test-token-0123456789';
const dir = tempDir();
const staticDir = path.join(dir, 'static');
fs.mkdirSync(staticDir, { recursive: true });
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');

const SLOW = 'SELECT pg_sleep(20) /* abandoned */';

describe('an abandoned call through the web shell', () => {
  let service: AuditService;
  let shell: WebShell;
  let admin: pg.Client;

  beforeAll(async () => {
    service = await openSource(postgresDemoSource());
    shell = await startWebShell({ api: withSlowWhoAmI(service, SLOW), staticDir, token: TOKEN });
    admin = await connectAdmin();
  });
  afterAll(async () => {
    await admin?.end();
    await shell?.close();
    await service?.close();
  });

  it('is cancelled on the server when the browser aborts the request', async () => {
    const transport = createHttpTransport(shell.origin);
    // The page's cookie carries the token in a browser; here a header does.
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) =>
      original(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Audit-Token': TOKEN } });
    try {
      const client = AUDIT_CONTRACT.client(transport);
      await expectCancelledOnServer(admin, SLOW, (signal) => client.whoAmI({}, { signal }));
      // The shell and the database carry on.
      expect((await client.listTables({})).tables).toHaveLength(6);
    } finally {
      globalThis.fetch = original;
    }
  });
});
