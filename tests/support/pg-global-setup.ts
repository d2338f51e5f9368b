/**
 * Vitest global setup: one throwaway PostgreSQL cluster for the whole run, with the roles the
 * data-layer tests connect as and the demo of seed 7 loaded by its triggers. Test files reach it
 * through `inject('pg')` (see tests/integration/fixtures/engines.ts). Stopped and deleted at the end.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadDemoIntoPostgres } from '../../db/demo/postgres/load';
import { startPgCluster, type PgCluster } from './pg-cluster';
import { adminUrl, DEMO_DATABASE, DEMO_SEED, READER, type PgTestServer } from './pg-server';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgTestServer;
  }
}

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPgCluster();
  const server: PgTestServer = { host: cluster.host, port: cluster.port, adminUser: cluster.adminUser, adminPassword: cluster.adminPassword };
  const admin = new pg.Client({ connectionString: adminUrl(server, 'postgres') });
  await admin.connect();
  try {
    // The application's user: may log in and read what it is granted, nothing more.
    await admin.query(`CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await admin.query(`CREATE DATABASE ${DEMO_DATABASE}`);
  } finally {
    await admin.end();
  }
  await loadDemoIntoPostgres({ url: adminUrl(server, DEMO_DATABASE), seed: DEMO_SEED });
  const demo = new pg.Client({ connectionString: adminUrl(server, DEMO_DATABASE) });
  await demo.connect();
  try {
    await demo.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER.user}`);
  } finally {
    await demo.end();
  }
  project.provide('pg', server);
}

export function teardown(): void {
  cluster?.stop();
}
