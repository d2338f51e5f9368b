/**
 * The layer boundaries of docs/architecture.md are enforced by ESLint; these tests make sure the rules
 * bite, by linting probe sources as if they stood in each layer.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });

async function restrictedImports(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: path.resolve(__dirname, '../..', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('layer boundaries', () => {
  it.each([
    "import { ipcRenderer } from 'electron';",
    "import fs from 'node:fs';",
    "import path from 'path';",
    "import Database from 'better-sqlite3';",
    "import { Kysely } from 'kysely';",
    "import { openAuditDatabase } from '../db/index';",
    "import { x } from '../server/http';",
    "import { y } from '../electron/main';",
  ])('the renderer may not: %s', async (line) => {
    expect(await restrictedImports('renderer/probe.ts', `${line}\nexport {};\n`)).toBeGreaterThan(0);
  });

  it.each([
    "import { openAuditDatabase } from '../db/index';",
    "import { x } from '../renderer/app';",
    "import fs from 'node:fs';",
    "import pg from 'pg';",
  ])('shared/ may not: %s', async (line) => {
    expect(await restrictedImports('shared/probe.ts', `${line}\nexport {};\n`)).toBeGreaterThan(0);
  });

  it('db/ may not import a shell', async () => {
    expect(await restrictedImports('db/probe.ts', "import { app } from 'electron';\nexport {};\n")).toBeGreaterThan(0);
    expect(await restrictedImports('db/probe.ts', "import { main } from '../cli/run';\nexport {};\n")).toBeGreaterThan(0);
  });

  it.each([
    ['server/probe.ts', "import { bundleDesktopShell } from '../electron/bundle';"],
    ['server/probe.ts', "import { userDataDir } from '../cli/user-data';"],
    ['server/probe.ts', "import { app } from 'electron';"],
    ['electron/probe.ts', "import { startWebShell } from '../server/web-shell';"],
    ['electron/probe.ts', "import { parseCli } from '../cli/args';"],
    ['cli/probe.ts', "import { startWebShell } from '../server/web-shell';"],
    ['cli/run.ts', "import { bundleDesktopShell } from '../electron/bundle';"],
    ['cli/probe.ts', "import { app } from 'electron';"],
    ['node/probe.ts', "import { startWebShell } from '../server/web-shell';"],
    ['node/probe.ts', "import { parseCli } from '../cli/args';"],
    ['node/probe.ts', "import { serveOverIpc } from '../electron/ipc';"],
    ['db/probe.ts', "import { userDataDir } from '../node/user-data';"],
    ['renderer/probe.ts', "import { answerCall } from '../node/serving';"],
    ['server/probe.ts', "import { App } from '../renderer/app/App';"],
  ])('a shell may not import another shell: %s %s', async (file, line) => {
    expect(await restrictedImports(file, `${line}\nexport {};\n`)).toBeGreaterThan(0);
  });

  it('lets the one launcher start both shells, and every shell use node/, db/ and shared/', async () => {
    const launcher = "import { startWebShell } from '../server/web-shell';\nimport { bundleDesktopShell } from '../electron/bundle';\nexport { startWebShell, bundleDesktopShell };\n";
    expect(await restrictedImports('cli/start.ts', launcher)).toBe(0);
    const shared = "import { userDataDir } from '../node/user-data';\nimport { openAuditDatabase } from '../db/index';\nimport { AUDIT_CONTRACT } from '../shared/contract';\nexport { userDataDir, openAuditDatabase, AUDIT_CONTRACT };\n";
    for (const file of ['server/probe.ts', 'electron/probe.ts', 'cli/probe.ts']) expect(await restrictedImports(file, shared), file).toBe(0);
    expect(await restrictedImports('electron/probe.ts', "import { app } from 'electron';\nexport { app };\n")).toBe(0);
    expect(await restrictedImports('node/probe.ts', "import { openAuditDatabase } from '../db/index';\nexport { openAuditDatabase };\n")).toBe(0);
  });

  it('allows what each layer is for', async () => {
    expect(await restrictedImports('renderer/probe.ts', "import type { AuditApi } from '../shared/contract';\nexport type A = AuditApi;\n")).toBe(0);
    expect(await restrictedImports('db/probe.ts', "import Database from 'better-sqlite3';\nimport fs from 'node:fs';\nexport { Database, fs };\n")).toBe(0);
  });
});
