/**
 * The connection service a shell that serves the app (desktop or web) reads its databases through:
 * the saved profiles of the user-data folder every shell shares, this launch's settings (checked
 * whole by db/settings-file.ts), and whatever secret storage the shell can offer. One place, so
 * both shells open databases the same way, with the same settings and roles.
 */
import path from 'node:path';
import { createConnectionService, createMemorySecretStore, createProfileStore, type ConnectionService, type ProfileStore, type SecretStore } from '../db/connections/index';
import { openAuditDatabase, type AuditService, type AuditSettings, type DataSource } from '../db/index';
import { userDataDir } from './user-data';

export interface ShellConnectionsOptions {
  settings: AuditSettings;
  /**
   * Where passwords the user asks to remember are kept (the desktop's OS secret storage). Default:
   * in memory, for this run only (the web shell cannot reach the OS secret storage).
   */
  secrets?: SecretStore;
  /** The saved profiles and recent replicas (default: those of `userDataDir()`). */
  store?: ProfileStore;
  /**
   * Opens a database with `settings` and the folder its saved views are kept in (default
   * `openAuditDatabase`); the desktop shell passes one that loads its Electron-built driver and
   * explains when that fails.
   */
  open?: (source: DataSource, settings: AuditSettings, viewsDir: string) => Promise<AuditService>;
}

export function createShellConnections(options: ShellConnectionsOptions): ConnectionService {
  const { settings } = options;
  const open = options.open ?? ((source: DataSource, s: AuditSettings, viewsDir: string) => openAuditDatabase({ source, settings: s, viewsDir }));
  const store = options.store ?? createProfileStore(userDataDir());
  // Saved views are kept beside the saved connections.
  const viewsDir = path.dirname(store.file);
  return createConnectionService({
    store,
    secrets: options.secrets ?? createMemorySecretStore(),
    open: (source) => open(source, settings, viewsDir),
  });
}
