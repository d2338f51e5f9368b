/**
 * The end-to-end tests' PostgreSQL server: a throwaway cluster with the demo of seed 1 loaded by
 * its PL/pgSQL triggers, read through the real web shell as a read-only role. Playwright starts it
 * beside serve-e2e.ts and stops it (SIGTERM) after the run; the cluster is deleted then.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { rendererDir } from '../../cli/renderer-build';
import { loadDemoIntoPostgres } from '../../db/demo/postgres/load';
import { createConnectionService, createMemorySecretStore, createProfileStore } from '../../db/connections/index';
import { openAuditDatabase } from '../../db/index';
import { startWebShell } from '../../server/web-shell';
import { startPgCluster } from '../support/pg-cluster';
import { adminUrl, READER, readerTarget } from '../support/pg-server';
import { E2E } from './e2e-setup';

const root = path.resolve(import.meta.dirname, '../..');
const cluster = await startPgCluster();
let stopping = false;
const stopCluster = (): void => {
  if (!stopping) {
    stopping = true;
    cluster.stop();
  }
};
process.once('exit', stopCluster);

try {
  const server = { host: cluster.host, port: cluster.port, adminUser: cluster.adminUser, adminPassword: cluster.adminPassword };
  const database = 'demo1';
  const admin = new pg.Client({ connectionString: adminUrl(server, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}'`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  fs.mkdirSync(path.dirname(E2E.pgTwinReplica), { recursive: true });
  await loadDemoIntoPostgres({ url: adminUrl(server, database), seed: 1, force: true, replicaOut: E2E.pgTwinReplica });
  const demo = new pg.Client({ connectionString: adminUrl(server, database) });
  await demo.connect();
  await demo.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER.user}`);
  await demo.end();

  const target = readerTarget(server, database);
  fs.writeFileSync(E2E.pgInfo, JSON.stringify({ ...target, password: READER.password }, null, 2));

  // serve-e2e.ts builds the renderer; wait until its server answers so both serve the same build.
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${E2E.port}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 600) throw new Error('The SQLite e2e server did not start, so the renderer was not built.');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // Connections as npm start serves them, with a user-data folder of this server's own.
  const home = `${E2E.home}-pg`;
  fs.rmSync(home, { recursive: true, force: true });
  const settings = { personId: E2E.minePersonId };
  const connections = createConnectionService({
    store: createProfileStore(home),
    secrets: createMemorySecretStore(),
    open: (source) => openAuditDatabase({ source, settings, viewsDir: home }),
  });
  await connections.openSource({ kind: 'postgres', target, password: READER.password });
  const shell = await startWebShell({ api: connections.api, connections, staticDir: rendererDir(root), port: E2E.pgPort, token: E2E.token });
  process.stdout.write(`e2e web shell on PostgreSQL: ${shell.url}\n`);
  const stop = (): void => {
    void shell
      .close()
      .then(() => connections.close())
      .finally(() => {
        stopCluster();
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  stopCluster();
  throw error;
}
