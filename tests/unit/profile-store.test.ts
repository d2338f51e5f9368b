/** The saved connections file: profiles without passwords, recent replicas, atomic writes, damage. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONNECTIONS_FILE, createProfileStore, RECENT_REPLICAS_LIMIT, writeFileAtomic } from '../../db/connections/index';
import type { PostgresTarget } from '../../db/index';
import { tempDir } from '../support/temp-dir';

const TARGET: PostgresTarget = { host: 'db.example.org', port: 5432, database: 'erp', user: 'auditor', schema: 'public', ssl: 'require' };

function tempHome(): string {
  return tempDir('audit-trail-profiles-');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the profile store', () => {
  it('starts empty without a file, and makes its folder on the first save', () => {
    const home = path.join(tempHome(), 'not', 'yet');
    const store = createProfileStore(home);
    expect(store.read()).toEqual({ profiles: [], recentReplicas: [] });
    store.saveProfile({ name: 'Production', target: TARGET });
    expect(JSON.parse(fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8'))).toEqual({
      version: 1,
      profiles: [{ name: 'Production', target: TARGET }],
      recentReplicas: [],
    });
    expect(fs.statSync(path.join(home, CONNECTIONS_FILE)).mode & 0o077).toBe(0);
  });

  it('never writes a password, even one smuggled into the target', () => {
    const home = tempHome();
    const store = createProfileStore(home);
    const smuggled = { ...TARGET, password: 'hunter2-secret' } as PostgresTarget;
    store.saveProfile({ name: 'Production', target: smuggled, password: 'hunter2-secret' } as never);
    store.addRecentReplica('/data/replica.sqlite', new Date('2026-01-02T03:04:05Z'));
    const text = fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/password/i);
  });

  it('adds, renames, refuses duplicates and edits of vanished profiles, and deletes', () => {
    const store = createProfileStore(tempHome());
    store.saveProfile({ name: 'b', target: TARGET });
    store.saveProfile({ name: 'a', target: { ...TARGET, database: 'hr' } });
    expect(store.read().profiles.map((p) => p.name)).toEqual(['a', 'b']);
    expect(() => store.saveProfile({ name: 'a', target: TARGET })).toThrow(/A profile named a already exists/);
    expect(() => store.saveProfile({ name: 'b', target: TARGET }, 'a')).toThrow(/already exists/);
    store.saveProfile({ name: 'c', target: TARGET }, 'b');
    expect(store.read().profiles.map((p) => p.name)).toEqual(['a', 'c']);
    expect(() => store.saveProfile({ name: 'd', target: TARGET }, 'gone')).toThrow(/There is no saved profile named gone/);
    expect(() => store.saveProfile({ name: 'x/y', target: TARGET })).toThrow(/without \/ or \\/);
    expect(() => store.saveProfile({ name: 'e', target: { ...TARGET, port: 0 } })).toThrow(/port must be a whole number/);
    expect(store.deleteProfile('a')).toBe(true);
    expect(store.deleteProfile('a')).toBe(false);
    expect(store.find('c')?.target).toEqual(TARGET);
  });

  it('keeps recent replicas newest first, once each, capped', () => {
    const store = createProfileStore(tempHome());
    for (let i = 0; i < RECENT_REPLICAS_LIMIT + 3; i += 1) store.addRecentReplica(`/r/${i}.sqlite`, new Date(Date.UTC(2026, 0, 1 + i)));
    store.addRecentReplica('/r/5.sqlite', new Date(Date.UTC(2026, 5, 1)));
    const recent = store.read().recentReplicas;
    expect(recent).toHaveLength(RECENT_REPLICAS_LIMIT);
    expect(recent[0]).toEqual({ file: '/r/5.sqlite', openedAt: '2026-06-01T00:00:00.000Z' });
    expect(recent.filter((r) => r.file === '/r/5.sqlite')).toHaveLength(1);
    expect(recent[1]?.file).toBe(`/r/${RECENT_REPLICAS_LIMIT + 2}.sqlite`);
  });

  it('reports a damaged file in one sentence and never overwrites it', () => {
    const home = tempHome();
    const file = path.join(home, CONNECTIONS_FILE);
    const store = createProfileStore(home);
    for (const [content, why] of [
      ['{"version": 1, "profiles": [', /not valid JSON/],
      ['[]', /not a JSON object/],
      ['{"version": 9, "profiles": []}', /newer version/],
      ['{"version": 1, "profiles": [{"name": "x", "target": {"host": "h", "port": "5432"}}]}', /profile x: The port/],
      ['{"version": 1, "profiles": [], "recentReplicas": [{"file": 3}]}', /recent replica 1/],
    ] as const) {
      fs.writeFileSync(file, content);
      expect(() => store.read()).toThrow(why);
      expect(() => store.read()).toThrow(new RegExp(`^The saved connections in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read \\(.*\\); fix the file or move it away\\. It has been left as it is, and nothing is saved until then\\.$`));
      expect(() => store.saveProfile({ name: 'new', target: TARGET })).toThrow(/cannot be read/);
      expect(() => store.addRecentReplica('/r.sqlite', new Date())).toThrow(/cannot be read/);
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
    }
  });

  it('writes atomically: a failed write leaves the old file whole and no temporary file behind', () => {
    const home = tempHome();
    const store = createProfileStore(home);
    store.saveProfile({ name: 'kept', target: TARGET });
    const before = fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8');
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('disk gone'), { code: 'EIO' });
    });
    expect(() => store.saveProfile({ name: 'lost', target: TARGET })).toThrow(/^Cannot save .*connections\.json \(EIO\); it was left as it was\.$/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(path.join(home, CONNECTIONS_FILE), 'utf8')).toBe(before);
    expect(fs.readdirSync(home)).toEqual([CONNECTIONS_FILE]);
  });

  it('replaces the file in one rename, so a reader never sees half of it', () => {
    const home = tempHome();
    const file = path.join(home, 'x.json');
    const renames: [string, string][] = [];
    const rename = fs.renameSync;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      renames.push([String(from), String(to)]);
      // At the moment of the rename, the real file is still the old one, and the new text is whole beside it.
      expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null).toBe(renames.length === 1 ? null : '{"n":1}');
      expect(fs.readFileSync(from, 'utf8')).toBe(renames.length === 1 ? '{"n":1}' : '{"n":2}');
      rename(from, to);
    });
    writeFileAtomic(file, '{"n":1}');
    writeFileAtomic(file, '{"n":2}');
    expect(renames.map(([from, to]) => [path.dirname(from), to])).toEqual([
      [home, file],
      [home, file],
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":2}');
  });
});
