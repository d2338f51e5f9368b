/**
 * The data layer's entry point: open a database and get the contract's implementation for it.
 * Shells (CLI, web server, Electron main) call this and nothing deeper.
 */
import { createAuditService, type AuditService } from './audit-service';
import { openSqliteEngine } from './dialects/sqlite/open-sqlite';
import type { AuditSettings } from './settings';

export type { AuditService } from './audit-service';
export type { AuditSettings } from './settings';

export interface OpenOptions {
  /** A SQLite replica file. */
  file: string;
  settings?: AuditSettings;
  /** A better-sqlite3 binary for another runtime's ABI (the Electron shell's). */
  nativeBinding?: string;
}

/** Opens a replica read-only and discovers its log tables; fails with one clear sentence. */
export async function openAuditDatabase(options: OpenOptions): Promise<AuditService> {
  const settings = options.settings ?? {};
  const engine = openSqliteEngine(options.file, {
    busyTimeoutMs: settings.busyTimeoutMs,
    nativeBinding: options.nativeBinding,
  });
  try {
    return await createAuditService(engine, settings);
  } catch (error) {
    await engine.close();
    throw error;
  }
}
