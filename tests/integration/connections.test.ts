/**
 * Connections against real databases: the connection service on the test cluster (each failure
 * one sentence, and the app stays on what it had), the connections contract over the real web
 * shell (no response ever carries a password), and the CLI's profile commands.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONNECTIONS_FILE, createConnectionService, createMemorySecretStore, createProfileStore, type ConnectionService } from '../../db/connections/index';
import { openAuditDatabase, type PostgresTarget } from '../../db/index';
import { startWebShell, type WebShell } from '../../server/web-shell';
import { freePort } from '../support/pg-cluster';
import { DEMO_DATABASE, READER, readerTarget } from '../support/pg-server';
import { asAdmin, fixtureSource } from './fixtures/engines';
import { STANDARD_FIXTURE, tempDir, writeReplica } from './fixtures/replica';
import { runCli, type CliResult } from './fixtures/cli';

const dir = tempDir('audit-trail-connections-');
const replica = writeReplica(path.join(dir, 'standard.sqlite'), STANDARD_FIXTURE);
const SECRET = READER.password;

/** A TCP server that accepts connections and never says a word: a server that does not answer in time. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function newService(home: string): ConnectionService {
  return createConnectionService({
    store: createProfileStore(home),
    secrets: createMemorySecretStore(),
    open: (source) => openAuditDatabase({ source, settings: { connectTimeoutMs: 1_000 } }),
  });
}

describe('the connection service on PostgreSQL', () => {
  let demo: PostgresTarget;
  let service: ConnectionService;
  beforeAll(async () => {
    demo = readerTarget(inject('pg'), DEMO_DATABASE);
    service = newService(path.join(dir, 'service-home'));
    await service.openSource({ kind: 'sqlite', file: replica });
  });
  afterAll(() => service.close());

  it('tests and connects a saved profile with its password, and switches the app to it', async () => {
    await service.saveProfile({ name: 'demo', target: demo, password: SECRET, rememberPassword: true });
    const tested = await service.testConnection({ profile: 'demo' });
    expect(tested.tables).toBe(6);
    expect(tested.logRows).toBeGreaterThan(10_000);
    const connected = await service.connect({ profile: 'demo' });
    expect(connected.current).toMatchObject({ kind: 'postgres', profile: 'demo' });
    expect(connected.source).toMatchObject({ engine: 'postgres', name: `${DEMO_DATABASE} (public)` });
    expect((await service.api.listTables({})).tables).toHaveLength(6);
    await service.connect({ replica });
    expect((await service.api.describeSource({})).engine).toBe('sqlite');
  });

  it('says what is wrong in one sentence for each failure, and stays on the database it had', async () => {
    const closedPort = await freePort();
    const silent = await silentServer();
    const { database: privateDb } = ((await fixtureSource('postgres', dir, 'conn_private', STANDARD_FIXTURE)) as { target: PostgresTarget }).target;
    await asAdmin(privateDb, 'CREATE SCHEMA private; CREATE TABLE private."Customer_log" ("ID" integer, "CustomerID" integer)');
    try {
      const cases: [string, PostgresTarget, string | undefined, string, RegExp][] = [
        ['unreachable', { ...demo, port: closedPort }, SECRET, 'unreachable', /^Cannot reach the PostgreSQL server at 127\.0\.0\.1:\d+: it refused the connection\./],
        ['timeout', { ...demo, port: silent.port }, SECRET, 'unreachable', /^Cannot reach the PostgreSQL server at 127\.0\.0\.1:\d+: it did not answer within 1 second\./],
        ['wrong password', demo, 'wrong', 'auth-failed', /refused the password for user auditor\.$/],
        ['no password', demo, undefined, 'auth-failed', /needs a password for user auditor\.$/],
        ['missing database', { ...demo, database: 'no_such_db' }, SECRET, 'no-such-database', /^There is no database named no_such_db on /],
        ['missing schema', { ...demo, schema: 'nowhere' }, SECRET, 'no-such-database', /^The database demo7 has no schema named nowhere\.$/],
        ['missing permission', { ...demo, database: privateDb, schema: 'private' }, SECRET, 'permission-denied', /^User auditor is not allowed to use the schema private;/],
      ];
      for (const [what, target, password, code, sentence] of cases) {
        const error = await service.testConnection({ target, ...(password !== undefined ? { password } : {}) }).catch((e: unknown) => e);
        expect(error, what).toMatchObject({ code, message: expect.stringMatching(sentence) });
        // One sentence: no line breaks, no stack, and never the password.
        expect((error as Error).message, what).not.toMatch(/\n|wrong|auditor-secret/);
        await service.saveProfile({ name: `case ${what}`, target, ...(password !== undefined ? { password } : {}), rememberPassword: false });
        await expect(service.connect({ profile: `case ${what}` }), what).rejects.toMatchObject({ code });
        await expect(service.api.describeSource({}), what).resolves.toMatchObject({ engine: 'sqlite', location: replica });
      }
    } finally {
      await silent.close();
    }
  });
});

describe('the connections contract over the web shell', () => {
  const home = path.join(dir, 'web-home');
  const TOKEN = 'connections-test-token-0123456789';
  const logLines: string[] = [];
  const bodies: string[] = [];
  let shell: WebShell;
  let service: ConnectionService;
  let demo: PostgresTarget;
  const staticDir = path.join(dir, 'static');

  beforeAll(async () => {
    demo = readerTarget(inject('pg'), DEMO_DATABASE);
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    service = newService(home);
    await service.openSource({ kind: 'sqlite', file: replica });
    shell = await startWebShell({ api: service.api, connections: service, staticDir, token: TOKEN, log: (line) => logLines.push(line) });
  });
  afterAll(async () => {
    await shell?.close();
    await service?.close();
  });

  async function call(name: string, request: unknown, headers: Record<string, string> = { 'X-Audit-Token': TOKEN }) {
    const response = await fetch(`${shell.origin}/api/connections/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(request),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, body: JSON.parse(text) as { result?: Record<string, unknown>; error?: { code: string; message: string } } };
  }

  it('saves, lists, tests, connects, edits and deletes profiles, and never answers with a password', async () => {
    const saved = await call('saveProfile', { name: 'demo', target: demo, password: SECRET, rememberPassword: true });
    expect(saved.status).toBe(200);
    expect(saved.body.result).toMatchObject({ profile: { name: 'demo', password: 'session', url: `postgres://auditor@127.0.0.1:${demo.port}/demo7?sslmode=disable` } });

    const list = await call('listConnections', {});
    expect(list.body.result).toMatchObject({
      passwordStorage: 'session',
      profiles: [{ name: 'demo', target: demo, password: 'session' }],
      recentReplicas: [{ file: replica }],
      current: { kind: 'sqlite', file: replica },
    });

    expect((await call('testConnection', { profile: 'demo' })).body.result).toMatchObject({ tables: 6 });
    expect((await call('testConnection', { target: demo, password: SECRET })).body.result).toMatchObject({ tables: 6 });
    const connected = await call('connect', { profile: 'demo' });
    expect(connected.body.result).toMatchObject({ current: { kind: 'postgres', profile: 'demo' }, source: { engine: 'postgres' } });
    // The audit contract now answers from PostgreSQL.
    const tables = await fetch(`${shell.origin}/api/listTables`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN }, body: '{}' });
    expect(((await tables.json()) as { result: { tables: unknown[] } }).result.tables).toHaveLength(6);

    const edited = await call('saveProfile', { name: 'demo (renamed)', previousName: 'demo', target: demo, rememberPassword: true });
    expect(edited.body.result).toMatchObject({ profile: { name: 'demo (renamed)', password: 'session' }, passwordDropped: false });
    expect((await call('connect', { replica })).body.result).toMatchObject({ current: { kind: 'sqlite' } });
    expect((await call('deleteProfile', { name: 'demo (renamed)' })).body).toEqual({ result: {} });
    expect((await call('listConnections', {})).body.result).toMatchObject({ profiles: [] });

    for (const body of bodies) expect(body).not.toContain(SECRET);
    for (const line of logLines) expect(line).not.toContain(SECRET);
    expect(fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8')).not.toContain(SECRET);
  });

  it('answers failures as typed errors with their sentence, and keeps serving the database it had', async () => {
    const port = await freePort();
    const refused = await call('testConnection', { target: { ...demo, port }, password: SECRET });
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'unreachable', message: expect.stringMatching(/^Cannot reach the PostgreSQL server/) } } });
    const wrong = await call('testConnection', { target: demo, password: 'not-it' });
    expect(wrong).toMatchObject({ status: 502, body: { error: { code: 'auth-failed' } } });
    const missing = await call('connect', { replica: path.join(dir, 'missing.sqlite') });
    expect(missing.body.error).toMatchObject({ code: 'file-not-found' });
    expect((await call('connect', { profile: 'nobody' })).body.error).toEqual({ code: 'not-found', message: 'There is no saved profile named nobody.' });
    expect((await call('listConnections', {})).body.result).toMatchObject({ current: { kind: 'sqlite', file: replica } });
    for (const body of bodies) expect(body).not.toContain(SECRET);
  });

  it('goes through the same gate as the audit contract: token, origin, JSON, known calls', async () => {
    expect(await call('listConnections', {}, {})).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await call('listConnections', {}, { 'X-Audit-Token': TOKEN, Origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    expect(await call('dropEverything', {})).toMatchObject({ status: 404, body: { error: { code: 'unknown-call' } } });
    // An audit call is not a connections call, nor the other way round.
    expect(await call('listTables', {})).toMatchObject({ status: 404 });
    const wrongWay = await fetch(`${shell.origin}/api/listConnections`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN }, body: '{}' });
    expect(wrongWay.status).toBe(404);
  });

  it('is not served by a shell started without connections', async () => {
    const bare = await startWebShell({ api: service.api, staticDir, token: TOKEN });
    try {
      const response = await fetch(`${bare.origin}/api/connections/listConnections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Audit-Token': TOKEN },
        body: '{}',
      });
      expect(response.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('the CLI profile commands', () => {
  const home = path.join(dir, 'cli-home');

  const cli = (env: Record<string, string>, ...args: string[]): Promise<CliResult> => runCli(home, args, env);

  it('adds, lists, tests, uses and removes a profile; never stores or prints a password', async () => {
    const { host, port } = inject('pg');
    const url = `postgres://${READER.user}@${host}:${port}/${DEMO_DATABASE}?sslmode=disable`;
    const env = { PGPASSWORD: '' };

    const withPassword = await cli(env, 'profile-add', 'demo', `postgres://${READER.user}:${SECRET}@${host}:${port}/${DEMO_DATABASE}`);
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toMatch(/carries a password, and profiles never store one/);
    expect(withPassword.stderr + withPassword.stdout).not.toContain(SECRET);
    expect(fs.existsSync(path.join(home, CONNECTIONS_FILE))).toBe(false);

    expect(await cli(env, 'profile-add', 'demo', url)).toMatchObject({ code: 0, stdout: `Saved demo: ${url.replace(`${host}:`, `${host}:`)}. Use it with --db demo.\n` });
    expect((await cli(env, 'profile-add', 'demo', url)).stderr).toMatch(/^A profile named demo already exists/);
    const listed = await cli(env, 'profiles');
    expect(listed.stdout).toMatch(new RegExp(`demo\\s+${url.replace(/[.?]/g, '\\$&')}`));
    expect(JSON.parse((await cli(env, 'profiles', '--format', 'json')).stdout)).toEqual({ profiles: [{ name: 'demo', url, target: { host, port, database: DEMO_DATABASE, user: READER.user, schema: 'public', ssl: 'disable' } }] });

    const tested = await cli({ PGPASSWORD: SECRET }, 'profile-test', 'demo');
    expect(tested).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Connected to postgres:\/\/auditor@.*: 6 logged tables, [\d,]+ log rows\.\n$/) });
    const tables = await cli({ PGPASSWORD: SECRET }, 'tables', '--db', 'demo', '--format', 'json');
    expect(tables.code).toBe(0);
    expect(JSON.parse(tables.stdout).tables).toHaveLength(6);

    // No terminal to ask on: one sentence saying how to give the password.
    const noPassword = await cli(env, 'profile-test', 'demo');
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/needs a password for user auditor\. Set PGPASSWORD, or run this in a terminal to be asked for the password\.\n$/);
    const wrong = await cli({ PGPASSWORD: 'nope-nope' }, 'tables', '--db', 'demo');
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringMatching(/refused the password for user auditor\.\n$/) });
    expect(wrong.stderr).not.toContain('nope-nope');

    expect((await cli(env, 'tables', '--db', 'staging')).stderr).toBe(
      'There is no replica file named staging here, and no saved connection profile of that name (audit-trail profiles lists them).\n',
    );
    expect(await cli(env, 'profile-remove', 'demo')).toMatchObject({ code: 0, stdout: 'Removed demo.\n' });
    expect(await cli(env, 'profile-remove', 'demo')).toMatchObject({ code: 1, stderr: 'There is no saved profile named demo.\n' });
    expect(fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8')).not.toContain(SECRET);
  });

  it('reports a damaged connections file in one sentence and leaves it alone', async () => {
    const damagedHome = path.join(dir, 'damaged-home');
    fs.mkdirSync(damagedHome, { recursive: true });
    fs.writeFileSync(path.join(damagedHome, CONNECTIONS_FILE), '{"version": 1, "profiles": [');
    const r = await cli({ AUDIT_TRAIL_HOME: damagedHome }, 'profile-add', 'x', 'postgres://a@b/c');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The saved connections in .*connections\.json cannot be read \(it is not valid JSON\); fix the file or move it away\./);
    expect(fs.readFileSync(path.join(damagedHome, CONNECTIONS_FILE), 'utf8')).toBe('{"version": 1, "profiles": [');
    // A replica by path still opens: the profiles are only looked up for a bare name.
    expect((await cli({ AUDIT_TRAIL_HOME: damagedHome }, 'tables', '--db', replica)).code).toBe(0);
  });
});
