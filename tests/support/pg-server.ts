/** The test cluster as test files see it, and the names the global setup gives its parts. */
import type { PostgresTarget } from '../../db/index';

export interface PgTestServer {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
}

/** The role the application under test connects as: it may read what it is granted, nothing more. */
export const READER = { user: 'auditor', password: 'auditor-secret' } as const;
/** The demo of this seed is loaded into DEMO_DATABASE once per run. */
export const DEMO_SEED = 7;
export const DEMO_DATABASE = 'demo7';

export function adminUrl(server: PgTestServer, database: string): string {
  return `postgres://${server.adminUser}:${encodeURIComponent(server.adminPassword)}@${server.host}:${server.port}/${database}`;
}

export function readerTarget(server: PgTestServer, database: string, schema = 'public'): PostgresTarget {
  return { host: server.host, port: server.port, database, user: READER.user, schema, ssl: 'disable' };
}
