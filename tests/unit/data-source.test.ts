/** What `--db` names (file, URL or saved profile), where a password comes from, and the hidden prompt. */
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openWithPassword, resolveDbArgument, resolveDataSource } from '../../cli/data-source';
import { terminalPasswordPrompt, type PromptInput } from '../../cli/password-prompt';
import type { DataSource, PostgresTarget } from '../../db/index';
import { AuditError } from '../../shared/errors';
import { tempDir } from '../support/temp-dir';

const TARGET: PostgresTarget = { host: 'db.example.org', port: 5432, database: 'erp', user: 'auditor', schema: 'public', ssl: 'prefer' };
const profiles = { find: (name: string) => (name === 'prod' ? { name: 'prod', target: TARGET } : undefined) };

describe('resolveDbArgument', () => {
  const dir = tempDir('audit-trail-db-arg-');
  const here = path.join(dir, 'prod');
  fs.writeFileSync(here, '');

  it('reads a URL, with its password or PGPASSWORD', () => {
    expect(resolveDbArgument('postgres://auditor:pw@db.example.org/erp', {}, profiles).source).toEqual({ kind: 'postgres', target: TARGET, password: 'pw' });
    expect(resolveDbArgument('postgres://auditor@db.example.org/erp', { PGPASSWORD: 'env' }, profiles).source).toMatchObject({ password: 'env' });
  });

  it('takes a path or an existing file as a replica, before any profile of that name', () => {
    expect(resolveDbArgument('./data/x.sqlite', {}, profiles)).toEqual({ source: { kind: 'sqlite', file: './data/x.sqlite' } });
    expect(resolveDbArgument(here, {}, profiles)).toEqual({ source: { kind: 'sqlite', file: here } });
    expect(resolveDataSource('prod')).toEqual({ kind: 'sqlite', file: 'prod' });
  });

  it('finds a saved profile by name, with PGPASSWORD if set', () => {
    expect(resolveDbArgument('prod', {}, profiles)).toEqual({ source: { kind: 'postgres', target: TARGET }, profile: 'prod' });
    expect(resolveDbArgument('prod', { PGPASSWORD: 'env' }, profiles)).toEqual({ source: { kind: 'postgres', target: TARGET, password: 'env' }, profile: 'prod' });
  });

  it('says in one sentence when a name is neither a replica nor a profile', () => {
    expect(() => resolveDbArgument('staging', {}, profiles)).toThrow(
      'There is no replica file named staging here, and no saved connection profile of that name (audit-trail profiles lists them).',
    );
  });
});

describe('openWithPassword', () => {
  const source: DataSource = { kind: 'postgres', target: TARGET };
  const needsPassword = async (s: DataSource) => {
    if (s.kind === 'postgres' && s.password === 'right') return 'opened';
    throw new AuditError('auth-failed', 'the PostgreSQL server at db.example.org:5432 needs a password for user auditor.');
  };

  it('asks once when the server wants a password that was not given', async () => {
    const asked: string[] = [];
    await expect(openWithPassword(source, needsPassword, async (q) => (asked.push(q), 'right'))).resolves.toBe('opened');
    expect(asked).toEqual(['Password for auditor on db.example.org: ']);
  });

  it('says how to give a password where nobody can be asked, and does not ask again for a given one', async () => {
    await expect(openWithPassword(source, needsPassword, async () => undefined)).rejects.toThrow(
      'the PostgreSQL server at db.example.org:5432 needs a password for user auditor. Set PGPASSWORD, or run this in a terminal to be asked for the password.',
    );
    let asked = 0;
    await expect(openWithPassword({ ...source, password: 'wrong' }, needsPassword, async () => (asked++, 'right'))).rejects.toMatchObject({ code: 'auth-failed' });
    expect(asked).toBe(0);
  });
});

describe('terminalPasswordPrompt', () => {
  function fakeTerminal(isTTY = true) {
    const emitter = new EventEmitter();
    const modes: boolean[] = [];
    const input: PromptInput = {
      isTTY,
      setRawMode: (mode: boolean) => modes.push(mode),
      on: (event, listener) => emitter.on(event, listener),
      off: (event, listener) => emitter.off(event, listener),
      resume: () => undefined,
      pause: () => undefined,
    };
    let written = '';
    const output = { isTTY, write: (text: string) => (written += text) };
    return { input, output, type: (text: string) => emitter.emit('data', Buffer.from(text)), modes, written: () => written };
  }

  it('asks on stderr, echoes nothing, handles backspace, and restores the terminal', async () => {
    const t = fakeTerminal();
    const answer = terminalPasswordPrompt(t.input, t.output)('Password: ');
    t.type('sec');
    t.type('x\u007fret\r');
    await expect(answer).resolves.toBe('secret');
    expect(t.written()).toBe('Password: \n');
    expect(t.modes).toEqual([true, false]);
  });

  it('is cancelled by Ctrl+C, and answers nothing without a terminal', async () => {
    const t = fakeTerminal();
    const answer = terminalPasswordPrompt(t.input, t.output)('Password: ');
    t.type('ab\u0003');
    await expect(answer).rejects.toMatchObject({ code: 'cancelled' });
    expect(t.modes).toEqual([true, false]);
    const pipe = fakeTerminal(false);
    await expect(terminalPasswordPrompt(pipe.input, pipe.output)('Password: ')).resolves.toBeUndefined();
    expect(pipe.written()).toBe('');
  });
});
