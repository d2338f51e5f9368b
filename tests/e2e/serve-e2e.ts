/**
 * The end-to-end tests' server: the demo replica (seed 1, generated afresh) behind the real web
 * shell, serving the real renderer build, with a known token and "Mine" set to a known person.
 * Playwright starts it (playwright.config.ts `webServer`) and stops it after the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildRenderer, rendererDir } from '../../cli/renderer-build';
import { generateDemoReplica } from '../../db/demo/generate';
import { createConnectionService, createMemorySecretStore, createProfileStore } from '../../db/connections/index';
import { openAuditDatabase } from '../../db/index';
import { startWebShell } from '../../server/web-shell';
import { E2E } from './e2e-setup';

const root = path.resolve(import.meta.dirname, '../..');
fs.mkdirSync(path.dirname(E2E.replica), { recursive: true });
generateDemoReplica({ out: E2E.replica, seed: 1, force: true });
// Always a fresh build: the tests must see the renderer as it is in this checkout.
await buildRenderer(root);

// Connections as npm start serves them, with saved profiles in a user-data folder of the run's own.
fs.rmSync(E2E.home, { recursive: true, force: true });
const settings = { personId: E2E.minePersonId };
const connections = createConnectionService({
  store: createProfileStore(E2E.home),
  secrets: createMemorySecretStore(),
  open: (source) => openAuditDatabase({ source, settings, viewsDir: E2E.home }),
});
await connections.openSource({ kind: 'sqlite', file: E2E.replica });
const shell = await startWebShell({ api: connections.api, connections, staticDir: rendererDir(root), port: E2E.port, token: E2E.token });
process.stdout.write(`e2e web shell: ${shell.url}\n`);

const stop = () => void shell.close().then(() => connections.close()).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
