/**
 * The CLI's profile commands: list, add, remove and test the saved connection profiles in the
 * user-data folder, the same ones the desktop and web apps show. The CLI never stores a password:
 * `profile-add` refuses a URL that carries one, and a profile's password comes from PGPASSWORD or
 * a hidden prompt each time it is used.
 */
import type { AuditService, DataSource } from '../db/index';
import type { ProfileStore } from '../db/connections/index';
import { parsePostgresUrl, redactUrl, targetUrl } from '../db/dialects/postgres/target';
import { AuditError } from '../shared/errors';
import type { CliOptions } from './args';
import { UsageError } from './args';
import type { Output } from './commands';
import { envPassword, openWithPassword, type PasswordPrompt } from './data-source';
import { count, renderTable } from './format';

export interface ProfileCommandContext {
  store: ProfileStore;
  env: NodeJS.ProcessEnv;
  open(source: DataSource): Promise<AuditService>;
  prompt?: PasswordPrompt;
}

export async function runProfileCommand(opts: CliOptions, io: Output, ctx: ProfileCommandContext): Promise<void> {
  const [name = '', url = ''] = opts.positionals;
  switch (opts.command) {
    case 'profiles': {
      const { profiles } = ctx.store.read();
      const rows = profiles.map((p) => ({ name: p.name, url: targetUrl(p.target), target: p.target }));
      if (opts.format === 'json') io.out(JSON.stringify({ profiles: rows }, null, 2));
      else if (opts.format === 'jsonl') for (const row of rows) io.out(JSON.stringify(row));
      else io.out(rows.length ? renderTable(['Name', 'Database'], rows.map((r) => [r.name, r.url])) : '(no saved profiles; add one with audit-trail profile-add NAME URL)');
      return;
    }
    case 'profile-add': {
      let parsed;
      try {
        parsed = parsePostgresUrl(url);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      if (parsed.password !== undefined) {
        // Said without the URL: echoing it would print the password.
        throw new UsageError(
          `The address ${redactUrl(url)} carries a password, and profiles never store one; give it without (postgres://user@host/database) and set PGPASSWORD, or be asked, when you use the profile.`,
        );
      }
      ctx.store.saveProfile({ name, target: parsed.target });
      io.out(`Saved ${name}: ${targetUrl(parsed.target)}. Use it with --db ${/\s/.test(name) ? JSON.stringify(name) : name}.`);
      return;
    }
    case 'profile-remove': {
      if (!ctx.store.deleteProfile(name)) throw new AuditError('not-found', `There is no saved profile named ${name}.`);
      io.out(`Removed ${name}.`);
      return;
    }
    case 'profile-test': {
      const profile = ctx.store.find(name);
      if (!profile) throw new AuditError('not-found', `There is no saved profile named ${name}.`);
      const password = envPassword(ctx.env);
      const source: DataSource = { kind: 'postgres', target: profile.target, ...(password !== undefined ? { password } : {}) };
      const service = await openWithPassword(source, ctx.open, ctx.prompt);
      try {
        const { tables } = await service.listTables({});
        const logRows = tables.reduce((n, t) => n + t.logRowCount, 0);
        if (opts.format === 'table') io.out(`Connected to ${targetUrl(profile.target)}: ${count(tables.length)} logged tables, ${count(logRows)} log rows.`);
        else io.out(JSON.stringify({ profile: name, url: targetUrl(profile.target), tables: tables.length, logRows }));
      } finally {
        await service.close();
      }
      return;
    }
    default:
      throw new UsageError(`${opts.command} is not a profile command.`);
  }
}
