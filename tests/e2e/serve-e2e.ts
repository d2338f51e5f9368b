/**
 * The end-to-end tests' server: the demo replica (seed 1, generated afresh) behind the real web
 * shell, serving the real renderer build, with a known token and "Mine" set to a known person.
 * Playwright starts it (playwright.config.ts `webServer`) and stops it after the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildRenderer, rendererDir } from '../../cli/renderer-build';
import { generateDemoReplica } from '../../db/demo/generate';
import { openAuditDatabase } from '../../db/index';
import { startWebShell } from '../../server/web-shell';
import { E2E } from './e2e-setup';

const root = path.resolve(import.meta.dirname, '../..');
fs.mkdirSync(path.dirname(E2E.replica), { recursive: true });
generateDemoReplica({ out: E2E.replica, seed: 1, force: true });
// Always a fresh build: the tests must see the renderer as it is in this checkout.
await buildRenderer(root);

const api = await openAuditDatabase({ file: E2E.replica, settings: { personId: E2E.minePersonId } });
const shell = await startWebShell({ api, staticDir: rendererDir(root), port: E2E.port, token: E2E.token });
process.stdout.write(`e2e web shell: ${shell.url}\n`);

const stop = () => void shell.close().then(() => api.close()).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
