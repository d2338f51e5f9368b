/**
 * The connections contract's implementation with a fake database opener: where passwords are kept
 * (and that they never come back out), that a kept password only goes to its own server, and that
 * a failed connect leaves the app on the database it had.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTIONS_FILE, createConnectionService, createMemorySecretStore, createProfileStore, NO_DATABASE_MESSAGE, secretKey, type SecretStore } from '../../db/connections/index';
import type { AuditService, DataSource, PostgresTarget } from '../../db/index';
import { AuditError } from '../../shared/errors';
import { tempDir } from '../support/temp-dir';

const PASSWORD = 'correct horse battery staple';
const TARGET: PostgresTarget = { host: 'db.example.org', port: 5432, database: 'erp', user: 'auditor', schema: 'public', ssl: 'prefer' };

/** A persistent store (as the OS secret storage would be), in memory for the test. */
function fakeOsStore(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    persistent: true,
    has: async (k) => map.has(k),
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    delete: async (k) => void map.delete(k),
    keys: async () => [...map.keys()],
  };
}

/** Opens fake databases: a replica if its name has no "bad", PostgreSQL with PASSWORD only. */
function setup(secrets?: SecretStore) {
  const home = tempDir('audit-trail-connections-');
  const opened: DataSource[] = [];
  const closed: string[] = [];
  const open = async (source: DataSource): Promise<AuditService> => {
    opened.push(source);
    const name = source.kind === 'sqlite' ? path.basename(source.file) : source.target.database;
    if (source.kind === 'sqlite' && name.includes('bad')) throw new AuditError('not-a-database', `The replica file ${source.file} is not a SQLite database.`);
    if (source.kind === 'postgres' && source.password !== PASSWORD) {
      throw new AuditError('auth-failed', `the PostgreSQL server at ${source.target.host}:${source.target.port} refused the password for user ${source.target.user}.`);
    }
    return {
      describeSource: async () => ({ engine: source.kind, name, location: source.kind === 'sqlite' ? source.file : 'pg' }),
      listTables: async () => ({ tables: [{ name: 'Customer', logRowCount: 40 }, { name: 'Contact', logRowCount: 2 }], skipped: [] }),
      close: async () => void closed.push(name),
    } as unknown as AuditService;
  };
  const store = createProfileStore(home);
  const service = createConnectionService({ store, open, now: () => new Date('2026-03-04T05:06:07Z'), ...(secrets ? { secrets } : {}) });
  return { home, service, opened, closed, store };
}

/** Everything a response says, as text: no password may be in it. */
const said = (value: unknown) => JSON.stringify(value);

describe('the connection service', () => {
  it('serves the audit contract from the current database, and says so when there is none', async () => {
    const { service } = setup();
    await expect(service.api.listTables({})).rejects.toMatchObject({ code: 'cannot-open', message: NO_DATABASE_MESSAGE });
    expect((await service.listConnections({})).current).toEqual({ kind: 'none', label: 'No database is open' });
    const r = await service.connect({ replica: '/data/one.sqlite' });
    expect(r).toEqual({
      current: { kind: 'sqlite', label: '/data/one.sqlite', file: '/data/one.sqlite' },
      source: { engine: 'sqlite', name: 'one.sqlite', location: '/data/one.sqlite' },
    });
    await expect(service.api.describeSource({})).resolves.toMatchObject({ name: 'one.sqlite' });
  });

  it('keeps the current database when a connect fails, and says why in one sentence', async () => {
    const { service, closed } = setup();
    await service.connect({ replica: '/data/good.sqlite' });
    await expect(service.connect({ replica: '/data/bad.sqlite' })).rejects.toThrow('The replica file /data/bad.sqlite is not a SQLite database.');
    await service.saveProfile({ name: 'prod', target: TARGET, rememberPassword: false });
    await expect(service.connect({ profile: 'prod' })).rejects.toMatchObject({ code: 'auth-failed' });
    await expect(service.connect({ profile: 'nope' })).rejects.toThrow('There is no saved profile named nope.');
    await expect(service.api.describeSource({})).resolves.toMatchObject({ name: 'good.sqlite' });
    expect((await service.listConnections({})).current.file).toBe('/data/good.sqlite');
    expect(closed).toEqual([]);
  });

  it('remembers opened replicas, newest first, and only those that opened', async () => {
    const { service } = setup();
    await service.connect({ replica: '/data/a.sqlite' });
    await service.connect({ replica: '/data/bad.sqlite' }).catch(() => undefined);
    await service.connect({ replica: '/data/b.sqlite' });
    const { recentReplicas } = await service.listConnections({});
    expect(recentReplicas.map((r) => r.file)).toEqual(['/data/b.sqlite', '/data/a.sqlite']);
    expect(recentReplicas[0]?.openedAt).toBe('2026-03-04T05:06:07.000Z');
  });

  it('keeps a password for the session only where there is no OS secret storage, and never returns it', async () => {
    const { service, home, opened } = setup();
    const saved = await service.saveProfile({ name: 'prod', target: TARGET, password: PASSWORD, rememberPassword: true });
    expect(saved).toEqual({
      profile: { name: 'prod', target: TARGET, password: 'session', url: 'postgres://auditor@db.example.org:5432/erp' },
      passwordDropped: false,
    });
    const list = await service.listConnections({});
    expect(list.passwordStorage).toBe('session');
    expect(list.profiles).toEqual([saved.profile]);
    const tested = await service.testConnection({ profile: 'prod' });
    expect(tested).toEqual({ tables: 2, logRows: 42, label: 'postgres://auditor@db.example.org:5432/erp' });
    const connected = await service.connect({ profile: 'prod' });
    expect(connected.current).toEqual({ kind: 'postgres', label: 'postgres://auditor@db.example.org:5432/erp', profile: 'prod' });
    for (const response of [saved, list, tested, connected, await service.listConnections({})]) expect(said(response)).not.toContain(PASSWORD);
    expect(fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8')).not.toContain(PASSWORD);
    expect(opened.filter((s) => s.kind === 'postgres').every((s) => s.kind === 'postgres' && s.password === PASSWORD)).toBe(true);
  });

  it('saves a password in the OS secret storage when asked, else for the session', async () => {
    const os = fakeOsStore();
    const { service } = setup(os);
    expect((await service.listConnections({})).passwordStorage).toBe('os');
    await service.saveProfile({ name: 'prod', target: TARGET, password: PASSWORD, rememberPassword: true });
    expect([...os.map.values()]).toEqual([PASSWORD]);
    expect((await service.listConnections({})).profiles[0]?.password).toBe('saved');

    // Unticking "Remember" moves the kept password out of the OS storage, for the session.
    await service.saveProfile({ name: 'prod', previousName: 'prod', target: TARGET, rememberPassword: false });
    expect(os.map.size).toBe(0);
    expect((await service.listConnections({})).profiles[0]?.password).toBe('session');
    await expect(service.testConnection({ profile: 'prod' })).resolves.toMatchObject({ tables: 2 });

    // An empty password forgets it.
    await service.saveProfile({ name: 'prod', previousName: 'prod', target: TARGET, password: '', rememberPassword: true });
    expect((await service.listConnections({})).profiles[0]?.password).toBe('none');
  });

  it('keeps the password through a rename or a schema change, but drops it when the profile points at another server', async () => {
    const os = fakeOsStore();
    const { service, opened } = setup(os);
    await service.saveProfile({ name: 'prod', target: TARGET, password: PASSWORD, rememberPassword: true });
    const renamed = await service.saveProfile({ name: 'production', previousName: 'prod', target: { ...TARGET, schema: 'audit' }, rememberPassword: true });
    expect(renamed).toMatchObject({ profile: { name: 'production', password: 'saved' }, passwordDropped: false });
    expect([...os.map.keys()]).toEqual([secretKey('production', { ...TARGET, schema: 'audit' })]);

    const moved = await service.saveProfile({ name: 'production', previousName: 'production', target: { ...TARGET, host: 'evil.example' }, rememberPassword: true });
    expect(moved).toMatchObject({ profile: { password: 'none' }, passwordDropped: true });
    expect(os.map.size).toBe(0);
    opened.length = 0;
    await expect(service.testConnection({ profile: 'production' })).rejects.toMatchObject({ code: 'auth-failed' });
    expect(opened).toEqual([{ kind: 'postgres', target: { ...TARGET, host: 'evil.example' } }]);
  });

  it('tests an unsaved form with the kept password only while it names the same server', async () => {
    const { service, opened } = setup();
    await service.saveProfile({ name: 'prod', target: TARGET, password: PASSWORD, rememberPassword: false });
    await expect(service.testConnection({ target: { ...TARGET, schema: 'other' }, profile: 'prod' })).resolves.toMatchObject({ tables: 2 });
    opened.length = 0;
    await expect(service.testConnection({ target: { ...TARGET, host: 'evil.example' }, profile: 'prod' })).rejects.toMatchObject({ code: 'auth-failed' });
    expect(opened).toEqual([{ kind: 'postgres', target: { ...TARGET, host: 'evil.example' } }]);
    await expect(service.testConnection({ target: { ...TARGET, host: 'other.example' }, password: PASSWORD })).resolves.toMatchObject({
      label: 'postgres://auditor@other.example:5432/erp',
    });
  });

  it('keeps a password typed at Connect for the session, once it worked', async () => {
    const { service } = setup();
    await service.saveProfile({ name: 'prod', target: TARGET, rememberPassword: false });
    await expect(service.connect({ profile: 'prod', password: 'wrong' })).rejects.toMatchObject({ code: 'auth-failed' });
    expect((await service.listConnections({})).profiles[0]?.password).toBe('none');
    await service.connect({ profile: 'prod', password: PASSWORD });
    expect((await service.listConnections({})).profiles[0]?.password).toBe('session');
    await service.connect({ replica: '/data/a.sqlite' });
    await expect(service.connect({ profile: 'prod' })).resolves.toMatchObject({ current: { profile: 'prod' } });
  });

  it('deletes a profile with its password, and prunes passwords of profiles deleted elsewhere', async () => {
    const os = fakeOsStore();
    const { service, store } = setup(os);
    await service.saveProfile({ name: 'a', target: TARGET, password: PASSWORD, rememberPassword: true });
    await service.saveProfile({ name: 'b', target: TARGET, password: PASSWORD, rememberPassword: true });
    await service.deleteProfile({ name: 'a' });
    expect([...os.map.keys()]).toEqual([secretKey('b', TARGET)]);
    await expect(service.deleteProfile({ name: 'a' })).rejects.toThrow('There is no saved profile named a.');
    store.deleteProfile('b'); // as the CLI does
    store.saveProfile({ name: 'b', target: { ...TARGET, host: 'new.example' } });
    expect((await service.listConnections({})).profiles[0]?.password).toBe('none');
    await service.pruneSecrets();
    expect(os.map.size).toBe(0);
  });

  it('refuses malformed requests in one sentence', async () => {
    const { service } = setup();
    await expect(service.saveProfile({ name: '', target: TARGET, rememberPassword: false })).rejects.toThrow('Give the profile a name.');
    await expect(service.saveProfile({ name: 'x' } as never)).rejects.toThrow('The target must be an object of named arguments.');
    await expect(service.saveProfile({ name: 'x', target: { ...TARGET, host: ' ' }, rememberPassword: false })).rejects.toThrow("Give the PostgreSQL server's host name.");
    await expect(service.saveProfile({ name: 'x', target: TARGET, password: 5, rememberPassword: false } as never)).rejects.toThrow('The password must be text.');
    await expect(service.connect(null as never)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(service.connect({} as never)).rejects.toThrow('Give the profile or replica to connect to.');
  });

  it('still lists (and opens replicas) when the saved connections are damaged, and says so', async () => {
    const { service, home } = setup();
    fs.writeFileSync(path.join(home, CONNECTIONS_FILE), '{oops');
    const list = await service.listConnections({});
    expect(list.profiles).toEqual([]);
    expect(list.problem).toMatch(/cannot be read \(it is not valid JSON\)/);
    await expect(service.connect({ replica: '/data/a.sqlite' })).resolves.toMatchObject({ current: { kind: 'sqlite' } });
    await expect(service.saveProfile({ name: 'x', target: TARGET, rememberPassword: false })).rejects.toThrow(/cannot be read/);
    expect(fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8')).toBe('{oops');
  });

  it('works with an explicit memory store too', async () => {
    const { service } = setup(createMemorySecretStore());
    expect((await service.listConnections({})).passwordStorage).toBe('session');
  });
});
