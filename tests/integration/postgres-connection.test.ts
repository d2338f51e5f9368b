/**
 * PostgreSQL as a user meets it going wrong: an unreachable server, a wrong password, a database or
 * schema that is not there, a user without permission, a query past the statement timeout, a
 * query the caller abandons. Each gives one clear sentence, and the app keeps working afterwards.
 * Also: sessions are read-only, whatever the user's own rights.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runWithSignal, type AuditService } from '../../db/index';
import { freePort } from '../support/pg-cluster';
import { adminUrl, DEMO_DATABASE, READER } from '../support/pg-server';
import { asAdmin, fixtureSource, openSource, postgresDemoSource, postgresSource } from './fixtures/engines';
import { STANDARD_FIXTURE, tempDir } from './fixtures/replica';

const dir = tempDir();

describe('connecting to PostgreSQL', () => {
  it('says when the server cannot be reached', async () => {
    const port = await freePort();
    const source = postgresDemoSource();
    if (source.kind !== 'postgres') throw new Error('expected postgres');
    await expect(openSource({ ...source, target: { ...source.target, port } })).rejects.toMatchObject({
      code: 'unreachable',
      message: `Cannot reach the PostgreSQL server at 127.0.0.1:${port}: it refused the connection. Check the host and port, and that the server is running.`,
    });
  });

  it('says when the password is wrong, or missing', async () => {
    await expect(openSource(postgresSource(DEMO_DATABASE, 'public', 'not-the-password'))).rejects.toMatchObject({
      code: 'auth-failed',
      message: expect.stringContaining(`refused the password for user ${READER.user}`),
    });
    const source = postgresDemoSource();
    if (source.kind !== 'postgres') throw new Error('expected postgres');
    await expect(openSource({ kind: 'postgres', target: source.target })).rejects.toMatchObject({ code: 'auth-failed' });
  });

  it('says when the database or the schema does not exist', async () => {
    await expect(openSource(postgresSource('no_such_db'))).rejects.toMatchObject({
      code: 'no-such-database',
      message: expect.stringContaining('There is no database named no_such_db'),
    });
    await expect(openSource(postgresSource(DEMO_DATABASE, 'nowhere'))).rejects.toMatchObject({
      code: 'no-such-database',
      message: `The database ${DEMO_DATABASE} has no schema named nowhere.`,
    });
  });

  it('says when the user may not use the schema, or read the logs', async () => {
    const source = await fixtureSource('postgres', dir, 'private', STANDARD_FIXTURE);
    if (source.kind !== 'postgres') throw new Error('expected postgres');
    const { database } = source.target;
    await asAdmin(database, 'CREATE SCHEMA private; CREATE TABLE private."Customer_log" ("ID" integer, "CustomerID" integer, "ByTime" text)');
    await expect(openSource(postgresSource(database, 'private'))).rejects.toMatchObject({
      code: 'permission-denied',
      message: `User ${READER.user} is not allowed to use the schema private; ask a DBA to grant USAGE on it and SELECT on its tables.`,
    });
    await asAdmin(database, `REVOKE SELECT ON "Customer_log" FROM ${READER.user}`);
    await expect(openSource(source)).rejects.toMatchObject({
      code: 'no-log-tables',
      message: expect.stringContaining('this database user may not read Customer_log (no SELECT permission)'),
    });
  });

  it('reads a chosen schema', async () => {
    const source = await fixtureSource('postgres', dir, 'schema', STANDARD_FIXTURE);
    if (source.kind !== 'postgres') throw new Error('expected postgres');
    const { database } = source.target;
    await asAdmin(
      database,
      `CREATE SCHEMA sales; CREATE TABLE sales."Deal" ("ID" integer PRIMARY KEY, "Name" text);
       CREATE TABLE sales."Deal_log" ("ID" integer PRIMARY KEY, "DealID" integer, "Name" text, "ByID" integer, "ByName" text, "ByTime" timestamp, "ChangeCue" text);
       INSERT INTO sales."Deal_log" VALUES (1, 1, 'Big one', 1, 'Alice Archer', '2024-06-01 12:00:00', 'Added');
       GRANT USAGE ON SCHEMA sales TO ${READER.user}; GRANT SELECT ON ALL TABLES IN SCHEMA sales TO ${READER.user};`,
    );
    const api = await openSource(postgresSource(database, 'sales'));
    try {
      expect((await api.listTables({})).tables.map((t) => t.name)).toEqual(['Deal']);
      expect(await api.describeSource({})).toMatchObject({ engine: 'postgres', name: `${database} (sales)` });
      // A timestamp without a zone is UTC by definition, whatever the server's or this machine's zone.
      const { entries } = await api.getHistory({ table: 'Deal', id: 1 });
      expect(entries[0]).toMatchObject({ byTime: '2024-06-01T12:00:00.000Z', changeCue: 'Added' });
    } finally {
      await api.close();
    }
  });
});

describe('a PostgreSQL session', () => {
  let api: AuditService;
  beforeAll(async () => {
    api = await openSource(postgresDemoSource(), { statementTimeoutMs: 500 });
  });
  afterAll(() => api?.close());

  it('is read-only, even for a user who may write', async () => {
    await asAdmin(DEMO_DATABASE, `GRANT INSERT ON "Person" TO ${READER.user}`);
    try {
      const shown = await sql<{ ro: string }>`SELECT current_setting('default_transaction_read_only') AS ro`.execute(api.engine.db);
      expect(shown.rows[0]?.ro).toBe('on');
      const write = sql`INSERT INTO "Person" ("Name", "Login", "PasswordHash", "Active") VALUES ('x', 'x', 'x', 1)`.execute(api.engine.db);
      await expect(write.catch((e: unknown) => Promise.reject(api.engine.translateError(e)))).rejects.toMatchObject({
        message: expect.stringContaining('this application only reads'),
      });
    } finally {
      await asAdmin(DEMO_DATABASE, `REVOKE INSERT ON "Person" FROM ${READER.user}`);
    }
  });

  it('stops a query past the statement timeout with a clear sentence, and keeps working', async () => {
    const slow = sql`SELECT pg_sleep(3)`.execute(api.engine.db);
    await expect(slow.catch((e: unknown) => Promise.reject(api.engine.translateError(e)))).rejects.toMatchObject({
      code: 'timeout',
      message: 'The database took longer than 0.5 seconds to answer, so the query was stopped. Narrow the filter, or ask a DBA about the missing index.',
    });
    expect((await api.listTables({})).tables).toHaveLength(6);
  });

  it('cancels an abandoned query on the server', async () => {
    const patient = await openSource(postgresDemoSource());
    const admin = new pg.Client({ connectionString: adminUrl(inject('pg'), DEMO_DATABASE) });
    await admin.connect();
    try {
      const controller = new AbortController();
      const started = Date.now();
      const call = runWithSignal(controller.signal, () => sql`SELECT pg_sleep(20)`.execute(patient.engine.db));
      // Wait until the server is running it, then abandon it.
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'");
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'cancelled' });
      expect(Date.now() - started).toBeLessThan(10_000);
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'");
      expect(rows[0].n).toBe(0);
      // The connection goes back to the pool and serves the next call.
      expect((await patient.listTables({})).tables).toHaveLength(6);
      // A call whose caller has already gone does not run at all.
      await expect(patient.listTables({}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      await admin.end();
      await patient.close();
    }
  });
});
