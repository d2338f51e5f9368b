/**
 * The data layer's entry point: open a database and get the contract's implementation for it.
 * Shells (CLI, web server, Electron main) call this and nothing deeper.
 */
import { createAuditService, type AuditService } from './audit-service';
import type { Engine } from './engine';
import type { PostgresTarget } from './dialects/postgres/target';
import { openSqliteEngine } from './dialects/sqlite/open-sqlite';
import { databaseKey } from './saved-views/database-key';
import { createSavedViewStore } from './saved-views/view-store';
import type { AuditSettings } from './settings';

export type { AuditService } from './audit-service';
export type { AuditSettings } from './settings';
export { runWithSignal } from './cancellation';
export type { PostgresTarget } from './dialects/postgres/target';

/** Where the data is: a SQLite replica file, or a PostgreSQL database. */
export type DataSource =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; target: PostgresTarget; password?: string };

export interface OpenOptions {
  /** A SQLite replica file (shorthand for `source: { kind: 'sqlite', file }`). */
  file?: string;
  source?: DataSource;
  settings?: AuditSettings;
  /** A better-sqlite3 binary for another runtime's ABI (the Electron shell's). */
  nativeBinding?: string;
  /**
   * The user-data folder whose `saved-views.json` keeps this database's saved views (the shells
   * pass `userDataDir()`). Absent: no views are kept (listing says so; saving is refused).
   */
  viewsDir?: string;
}

async function openEngine(source: DataSource, options: OpenOptions, settings: AuditSettings): Promise<Engine> {
  if (source.kind === 'postgres') {
    // The PostgreSQL driver loads only when a PostgreSQL database is opened: a command on a
    // replica does not pay for it (the CLI's start time is mostly module loading).
    const { openPostgresEngine } = await import('./dialects/postgres/open-postgres');
    return openPostgresEngine({
      target: source.target,
      ...(source.password !== undefined ? { password: source.password } : {}),
      ...(settings.connectTimeoutMs !== undefined ? { connectTimeoutMs: settings.connectTimeoutMs } : {}),
      ...(settings.statementTimeoutMs !== undefined ? { statementTimeoutMs: settings.statementTimeoutMs } : {}),
    });
  }
  return openSqliteEngine(source.file, { busyTimeoutMs: settings.busyTimeoutMs, nativeBinding: options.nativeBinding });
}

/** Opens a database read-only and discovers its log tables; fails with one clear sentence. */
export async function openAuditDatabase(options: OpenOptions): Promise<AuditService> {
  const settings = options.settings ?? {};
  const source = options.source ?? (options.file !== undefined ? { kind: 'sqlite' as const, file: options.file } : null);
  if (!source) throw new Error('openAuditDatabase needs a file or a source.');
  const engine = await openEngine(source, options, settings);
  try {
    const savedViews = options.viewsDir !== undefined ? { store: createSavedViewStore(options.viewsDir), database: databaseKey(source) } : undefined;
    return await createAuditService(engine, settings, savedViews ? { savedViews } : {});
  } catch (error) {
    await engine.close();
    throw error;
  }
}
