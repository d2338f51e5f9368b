/**
 * Temporary folders for tests: each is made under the system's temporary folder and removed once
 * the test file that made it has run, so runs (CI's included) leave nothing behind in /tmp.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered when a test file first imports this module (modules are loaded per test file), so
// it runs after that file's tests, whether the folders were made at load time or inside a test.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder, removed after the test file has run. */
export function tempDir(prefix = 'audit-trail-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
