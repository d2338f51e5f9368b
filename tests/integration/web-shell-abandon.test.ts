/**
 * A call the browser abandons (the user moved on; the renderer aborts its fetch) reaches the data
 * layer as an aborted signal, so the database can cancel the query on the server. End to end with
 * PostgreSQL: the abandoned statement stops running there.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runWithSignal, type AuditService } from '../../db/index';
import { createHttpTransport } from '../../renderer/api/http-transport';
import { AUDIT_CONTRACT, type AuditApi, type CallOptions } from '../../shared/contract';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { adminUrl, DEMO_DATABASE } from '../support/pg-server';
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
    // The real service, with one call made slow on the server, as a large unindexed read would be.
    const api: AuditApi = {
      ...service,
      whoAmI: async (_req, options?: CallOptions) => {
        await runWithSignal(options?.signal, () => sql.raw(SLOW).execute(service.engine.db));
        return service.whoAmI({});
      },
    };
    shell = await startWebShell({ api, staticDir, token: TOKEN });
    admin = new pg.Client({ connectionString: adminUrl(inject('pg'), DEMO_DATABASE) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await shell?.close();
    await service?.close();
  });

  const running = async (): Promise<number> =>
    (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND state = 'active'`, [SLOW])).rows[0].n as number;

  it('is cancelled on the server when the browser aborts the request', async () => {
    const transport = createHttpTransport(shell.origin);
    // The page's cookie carries the token in a browser; here a header does.
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) =>
      original(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Audit-Token': TOKEN } });
    try {
      const client = AUDIT_CONTRACT.client(transport);
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
    } finally {
      globalThis.fetch = original;
    }
  });
});
