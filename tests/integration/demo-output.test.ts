/**
 * How the demo writer puts its replica on disk (npm run demo-db --out, and npm start's first
 * start): under a temporary name of its own beside the file, renamed into place only when
 * complete; a failure leaves the previous file as it was and no temporary file; a replaced
 * replica's stale companions do not survive it. The PostgreSQL loader keeps a file the user named
 * unless told --force.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, inject, it } from 'vitest';
import { generateDemoReplica } from '../../db/demo/generate';
import { loadDemoIntoPostgres } from '../../db/demo/postgres/load';
import type { WriteRecorder } from '../../db/demo/session';
import { adminUrl } from '../support/pg-server';
import { tempDir } from './fixtures/replica';

const dir = tempDir('audit-trail-demo-output-');
const SCALE = 0.05;

describe('the demo replica on disk', () => {
  it('appears whole at --out, with nothing else left in the folder', () => {
    const where = fs.mkdtempSync(path.join(dir, 'whole-'));
    const out = path.join(where, 'demo.sqlite');
    const seen: string[][] = [];
    generateDemoReplica({ out, scale: SCALE, onProgress: () => void seen.push(fs.readdirSync(where)) });
    // While it is written, only a hidden temporary file of this run (and SQLite's companion) is there, never the file itself.
    expect(seen.length).toBeGreaterThan(2);
    for (const listing of seen) {
      expect(listing).not.toContain('demo.sqlite');
      for (const name of listing) expect(name).toMatch(/^\.demo\.sqlite\.\d+\.[0-9a-f]{12}\.tmp(-journal)?$/);
    }
    expect(fs.readdirSync(where)).toEqual(['demo.sqlite']);
  });

  it('that fails part-way leaves the file that was there as it was, and no temporary file', () => {
    const where = fs.mkdtempSync(path.join(dir, 'fail-'));
    const out = path.join(where, 'demo.sqlite');
    fs.writeFileSync(out, 'the previous replica');
    const failing = new Proxy({} as WriteRecorder, {
      get: (_target, name) => (name === 'loggingOn' ? () => { throw new Error('The disk is full.'); } : () => undefined),
    });
    expect(() => generateDemoReplica({ out, scale: SCALE, force: true, recorder: failing })).toThrow('The disk is full.');
    expect(fs.readFileSync(out, 'utf8')).toBe('the previous replica');
    expect(fs.readdirSync(where)).toEqual(['demo.sqlite']);
  });

  it('replacing a replica (--force) removes its stale -wal and -journal, which SQLite would apply to the new file', () => {
    const where = fs.mkdtempSync(path.join(dir, 'force-'));
    const out = path.join(where, 'demo.sqlite');
    generateDemoReplica({ out, scale: SCALE });
    for (const suffix of ['-wal', '-shm', '-journal']) fs.writeFileSync(`${out}${suffix}`, `stale ${suffix} of the replica this one replaces`);
    const stats = generateDemoReplica({ out, scale: SCALE, seed: 2, force: true });
    expect(fs.readdirSync(where)).toEqual(['demo.sqlite']);
    const db = new Database(out, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) FROM Customer_log').pluck().get()).toBe(stats.tables.Customer!.logRows);
    } finally {
      db.close();
    }
  });

  it('loaded into PostgreSQL, keeps a SQLite twin file the user named unless told --force', async () => {
    const where = fs.mkdtempSync(path.join(dir, 'twin-'));
    const out = path.join(where, 'twin.sqlite');
    fs.writeFileSync(out, 'a file the user keeps');
    await expect(
      loadDemoIntoPostgres({ url: `${adminUrl(inject('pg'), 'postgres')}?schema=demo_twin_refused`, scale: SCALE, replicaOut: out }),
    ).rejects.toThrow(`Refusing to overwrite ${out}: it already exists (use --force to replace it).`);
    expect(fs.readFileSync(out, 'utf8')).toBe('a file the user keeps');
    expect(fs.readdirSync(where)).toEqual(['twin.sqlite']);
  });
});
